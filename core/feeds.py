"""Atom feeds of the public lists, filtered by the list's own query string."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.channels import BadFilter, bad_filter_response, describe, filtered, site_domain

FEED_SIZE = 50


class PlainSummaryAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text (`type="text"`), not HTML to be parsed."""

    def add_item_elements(self, handler, item):
        summary = item.pop("description", None)
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


class FilteredListFeed(Feed):
    """The newest items of a public list, with the list's filters from the query string.

    Entry ids are tag URIs made of the site's domain (DJANGO_SITE_URL, not the address the
    request came by), the day the item was created and its primary key: a changed slug or
    title, or a feed read under another host name, does not make a reader show an item twice.
    """

    feed_type = PlainSummaryAtomFeed
    filterset_class = None
    list_url_name = None
    kind = None  # "meeting" or "document": the entries' ids
    author_name = _("Secretariat of the Khartoum Process")

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadFilter as error:
            return bad_filter_response(error)

    def public_items(self):
        raise NotImplementedError

    def get_object(self, request):
        self.request = request
        filterset, items = filtered(self.filterset_class, request, self.public_items())
        return {"filterset": filterset, "items": items, "filters": describe(filterset)}

    def base_title(self):
        raise NotImplementedError

    def title(self, obj):
        base = self.base_title()
        suffix = gettext("Khartoum Process")
        if obj["filters"]:
            return f"{base} ({obj['filters']}) — {suffix}"
        return f"{base} — {suffix}"

    def link(self, obj):
        query = self.request.GET.urlencode()
        return self.request.build_absolute_uri(self.list_path() + (f"?{query}" if query else ""))

    def list_path(self):
        raise NotImplementedError

    def feed_url(self, obj):
        return self.request.get_full_path()

    def feed_guid(self, obj):
        return self.request.build_absolute_uri(self.request.get_full_path())

    def items(self, obj):
        return obj["items"][:FEED_SIZE]

    def item_title(self, item):
        # Atom titles are text: escaping them here too would show “&amp;” in readers.
        return str(item)

    def item_guid(self, item):
        return f"tag:{site_domain()},{item.created_at:%Y-%m-%d}:{self.kind}/{item.pk}"

    def item_pubdate(self, item):
        return item.publish_at or item.created_at

    def item_updateddate(self, item):
        return max(item.updated_at, self.item_pubdate(item))
