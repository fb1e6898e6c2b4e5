"""The public views' shared behaviour: filtered, paginated lists and detail pages."""

import hashlib
from contextlib import nullcontext

from django.core.cache import cache
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from . import search
from .filtering import LIST_CACHE_TIMEOUT
from .follow import follow_links
from .record import record_version


class FilteredListView(FilterView):
    """A public list: filters from the query string with counted choices, pages that keep
    them, clear 404s.

    django-filter answers invalid filter values with form errors and an empty list
    (`strict`), which the template shows as a message; this class rewords Django's 404 for
    a page that does not exist.

    The view's queryset is the plain visibility rule (`published()`): the filters, the
    count and the facets run on it. What grows with the record or the page is cached until
    the record changes: the number of results, the facets' counts, and each row of the page
    as drawn by `row_template` (a row not yet drawn is read in full, with what `decorate()`
    adds, and drawn once).
    """

    row_template = None
    # The list's other channels, each given the list's filter: {"feed": url name, …}.
    follow_url_names = {}

    def decorate(self, queryset):
        """The rows to draw, with what the row template reads (related rows, totals)."""
        return queryset

    def keyed(self, queryset):
        """The page's rows, with what `row_key()` reads."""
        return queryset

    def row_key(self, obj):
        """What a row shows besides the record, which its cache key must name too."""
        return ""

    def row_context(self, obj):
        raise NotImplementedError

    @cached_property
    def record_version(self):
        return record_version()

    def get(self, request, *args, **kwargs):
        # As FilterView.get, except that the filters are applied (`filtered`) only where a
        # cache lacks what they give: the list's own order and paging do not depend on them.
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = self.filterset.queryset
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    @cached_property
    def filtered(self):
        """The rows the filters select; none for an invalid filter (django-filter's strict)."""
        filterset = self.filterset
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset.qs
        return filterset.queryset.none()

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.record_version = self.record_version
        return filterset

    @cached_property
    def list_counts(self):
        """{"count": results, "facets": the facets' counts} for the filters in the address."""
        key = ":".join(
            ["list-counts", get_language(), str(self.record_version), self.filterset.cache_key()]
        )
        return cache.get_or_set(key, self.count_results, LIST_CACHE_TIMEOUT)

    def count_results(self):
        with self.searching():
            return {"count": self.filtered.count(), "facets": self.filterset.facet_counts()}

    def searching(self):
        """Where a search is in the filter, its matches are read from the search index: a
        common word is in most rows, and the database would otherwise read every row's
        words once per count (see search.matches_from_index)."""
        return (
            search.matches_from_index() if self.filterset.valid_values.get("q") else nullcontext()
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.list_counts["count"]
        return paginator

    def paginate_queryset(self, queryset, page_size):
        try:
            # Paging over ids lets the database walk the index that matches the order, even
            # far into the list; the page's full rows are then read by id.
            paginator, page, _ids, is_paginated = super().paginate_queryset(
                queryset.values("pk"), page_size
            )
        except Http404:
            raise Http404(self.no_such_page_message(queryset, page_size)) from None
        # `queryset` is the visible one: its filters are applied only to find the page's ids
        # (`filtered`), and the rows are read by id alone, without evaluating the filters'
        # conditions (a search, a language's files) a second time.
        rows = queryset.model._default_manager.filter(pk__in=self.cached_page_ids(queryset, page))
        if queryset.query.order_by:
            rows = rows.order_by(*queryset.query.order_by)
        page.object_list = self.keyed(rows)
        return paginator, page, page.object_list, is_paginated

    def drawn_rows(self, objects):
        """Each row of the page as HTML, drawn once per record version and `row_key()`."""
        keys = {
            obj.pk: ":".join(
                map(str, ["row", self.row_template, get_language(), self.record_version])
            )
            + f":{obj.pk}:{self.row_key(obj)}"
            for obj in objects
        }
        html = cache.get_many(keys.values())
        missing = [pk for pk, key in keys.items() if key not in html]
        if missing:
            drawn = {
                keys[obj.pk]: render_to_string(self.row_template, self.row_context(obj))
                for obj in self.decorate(objects.model._default_manager.filter(pk__in=missing))
            }
            cache.set_many(drawn, LIST_CACHE_TIMEOUT)
            html.update(drawn)
        return [html[keys[obj.pk]] for obj in objects]

    def cached_page_ids(self, queryset, page):
        """The page's ids, found once per record version like the list's counts."""
        key = ":".join(
            map(
                str,
                [
                    "list-page",
                    self.record_version,
                    self.filterset.cache_key(),
                    page.paginator.per_page,
                    page.number,
                ],
            )
        )

        def ids():
            with self.searching():
                return list(self.page_ids(self.filtered, page).values_list("pk", flat=True))

        return cache.get_or_set(key, ids, LIST_CACHE_TIMEOUT)

    @staticmethod
    def page_ids(queryset, page):
        """The ids of the page's rows, read from whichever end of the order is nearer.

        The last page of a long list is then as quick to find as the first: the database
        walks the index backwards instead of skipping every row before it.
        """
        count = page.paginator.count
        bottom, top = max(page.start_index() - 1, 0), page.end_index()
        ids = queryset.values("pk")
        if bottom > count - top:
            return ids.reverse()[count - top : count - bottom]
        return ids[bottom:top]

    def no_such_page_message(self, queryset, page_size):
        number = str(self.request.GET.get(self.page_kwarg, ""))[:20]
        count = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans()
        ).num_pages
        return ngettext(
            "There is no page “%(page)s” of this list: it has %(count)s page.",
            "There is no page “%(page)s” of this list: it has %(count)s pages.",
            count,
        ) % {"page": number, "count": count}

    def filter_form_key(self):
        """What the filter form's HTML depends on, for the template's `{% cache %}`.

        The form shows the visitor's own values (and the errors they bring) and the facets'
        counts: the address's filter values, the record's version and the language name it
        whole.
        """
        form = self.filterset.form
        values = sorted(
            (name, self.request.GET.getlist(name))
            for name in form.fields
            if name in self.request.GET
        )
        state = repr((self.request.path, get_language(), self.record_version, values))
        return hashlib.sha256(state.encode()).hexdigest()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.filterset.show_facets(self.list_counts["facets"], total=self.list_counts["count"])
        context["rows"] = self.drawn_rows(context["object_list"])
        context["filter_form_key"] = self.filter_form_key()
        context["list_cache_timeout"] = LIST_CACHE_TIMEOUT
        context["follow"] = follow_links(self.request, self.follow_url_names)
        form = self.filterset.form
        context["filter_errors"] = [
            f"{form.fields[field].label}: {error}" if field in form.fields else error
            for field, errors in form.errors.items()
            for error in errors
        ]
        return context


class PublicDetailView(DetailView):
    """A detail page whose 404 says what was not found, in a visitor's words."""

    not_found_message = _("There is nothing at this address.")

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            # A plain str: the 404 page shows only a message that is one.
            raise Http404(str(self.not_found_message)) from None
