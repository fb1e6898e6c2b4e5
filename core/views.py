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

from core import search
from core.channels import follow_links
from core.filtering import LIST_CACHE_TIMEOUT
from core.languages import canonical_parameters
from core.record_version import record_version


class FilteredListView(FilterView):
    """A public list: filters from the query string with counted choices, pages that keep
    them, clear 404s.

    django-filter answers invalid filter values with form errors and an empty list
    (`strict`), which the template shows as a message; this class rewords Django's 404 for
    a page that does not exist.

    The view's queryset is the plain visibility rule (`published()`): the filters, the
    count and the facets run on it. What grows with the record or the page is cached until
    the record or the code changes (the release is in every key: core.redis_cache): the
    number of results, the facets' counts, the page's ids and each row of the page as rendered
    by `row_template` (a row not yet rendered is read in full, with what `decorate()` adds,
    and rendered once). The page's object list (`context_object_name`) is its ids: a page
    whose rows are all rendered reads no row.
    """

    row_template = None
    # The heading of the filter form.
    filter_title = _("Filter")
    # The list's other channels, each given the list's filter: {"feed": url name, …}.
    follow_url_names = {}

    def decorate(self, queryset):
        """The rows to render, with what the row template reads (related rows, totals)."""
        return queryset

    def row_keys(self, ids):
        """{id: what the row shows besides the record} for the page's ids: each row's cache
        key names it too. Nothing by default, so a page whose rows are all rendered needs no
        query for them."""
        return dict.fromkeys(ids, "")

    def row_context(self, obj):
        raise NotImplementedError

    @cached_property
    def record_version(self):
        return record_version()

    def get(self, request, *args, **kwargs):
        # As FilterView.get, except that the filters are applied (`filtered`) only where a
        # cache lacks what they give: the list's own order and paging do not depend on them.
        self.filterset = self.get_filterset(self.get_filterset_class())
        # The rows chosen in the address are read with everything else the page caches.
        self.filterset.use_cached_choices(self.cached)
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
    def cache_keys(self):
        """{name: key} of what the page reads from the cache besides its rows: the counts,
        the page's ids, the filter form's HTML and the rows chosen in the address.

        Every key is known from the address and the record's version alone, before any
        filter is validated, so all are read in one round trip (`cached`).
        """
        version = self.record_version
        filters = self.filters_key
        page = digest(self.request.GET.get(self.page_kwarg, ""))
        return {
            "counts": f"list-counts:{get_language()}:{version}:{filters}",
            "ids": f"list-page:{version}:{filters}:{self.paginate_by}:{page}",
            "form": f"filter-form:{self.filter_form_key()}",
            **{f"choice:{name}": key for name, key in self.filterset.record_choice_keys().items()},
        }

    @cached_property
    def filters_key(self):
        return self.filterset.cache_key()

    @cached_property
    def cached(self):
        """{key: value} of what the cache holds of `cache_keys`, read in one round trip."""
        return cache.get_many(self.cache_keys.values())

    def cached_or_computed(self, name, compute):
        """The cached value named `name`, else `compute()`'s, then cached for the next request."""
        key = self.cache_keys[name]
        if key in self.cached:
            return self.cached[key]
        value = compute()
        cache.set(key, value, LIST_CACHE_TIMEOUT)
        return value

    @cached_property
    def list_counts(self):
        """{"count": results, "facets": the facets' counts} for the filters in the address."""
        return self.cached_or_computed("counts", self.count_results)

    def count_results(self):
        return self.filterset.counts(self.filtered)

    def searching(self):
        """Where a search is in the filter and the page's counts or ids are to be found, its
        matches are read from the search index: a common word is in most rows, and the
        database would otherwise read every row's words once per count (see
        search.matches_from_index). One block for both, which a cold cache misses together."""
        found = {self.cache_keys["counts"], self.cache_keys["ids"]} <= self.cached.keys()
        if found or not self.filterset.valid_values.get("q"):
            return nullcontext()
        return search.matches_from_index()

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.list_counts["count"]
        return paginator

    def paginate_queryset(self, queryset, page_size):
        with self.searching():
            try:
                # Paging over ids lets the database walk the index that matches the order,
                # even far into the list; the page's full rows are then read by id.
                paginator, page, _ids, is_paginated = super().paginate_queryset(
                    queryset.values("pk"), page_size
                )
            except Http404:
                raise Http404(self.no_such_page_message(queryset, page_size)) from None
            # The page holds only the ids of its rows, in the list's order: the rows are
            # taken from the cache, or read by id alone (`rendered_rows`), without evaluating
            # the filters' conditions (a search, a language's files) a second time.
            page.object_list = self.cached_page_ids(page)
        return paginator, page, page.object_list, is_paginated

    def rendered_rows(self, ids):
        """Each row of the page as HTML, rendered once per record version and `row_keys()`."""
        prefix = ":".join(map(str, ["row", self.row_template, get_language(), self.record_version]))
        row_keys = self.row_keys(ids)
        keys = {pk: f"{prefix}:{pk}:{row_keys.get(pk, '')}" for pk in ids}
        html = cache.get_many(keys.values())
        missing = [pk for pk, key in keys.items() if key not in html]
        if missing:
            model = self.filterset.queryset.model
            rendered = {
                keys[obj.pk]: render_to_string(self.row_template, self.row_context(obj))
                for obj in self.decorate(model._default_manager.filter(pk__in=missing))
            }
            cache.set_many(rendered, LIST_CACHE_TIMEOUT)
            html.update(rendered)
        # A row deleted since the ids were cached has moved the version on: none is missing.
        return [html[keys[pk]] for pk in ids]

    def cached_page_ids(self, page):
        """The page's ids, found once per record version like the list's counts."""
        return self.cached_or_computed("ids", lambda: self.page_ids(self.filtered, page))

    @staticmethod
    def page_ids(queryset, page):
        """The ids of the page's rows in the list's order, read from whichever end of the
        order is nearer.

        The last page of a long list is then as quick to find as the first: the database
        walks the index backwards instead of skipping every row before it.
        """
        count = page.paginator.count
        bottom, top = max(page.start_index() - 1, 0), page.end_index()
        ids = queryset.values_list("pk", flat=True)
        if bottom > count - top:
            return list(ids.reverse()[count - top : count - bottom])[::-1]
        return list(ids[bottom:top])

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
        """What the filter form's HTML depends on.

        The form shows the visitor's own values (and the errors they bring) and the facets'
        counts: the address's filter values, the record's version and the language name it
        whole.
        """
        return digest(self.request.path, get_language(), self.record_version, self.filters_key)

    def filter_form(self):
        """The filter form's HTML, rendered once per `filter_form_key()`."""
        return self.cached_or_computed(
            "form",
            lambda: render_to_string(
                "includes/filter_form.html",
                {"filter": self.filterset, "title": self.filter_title},
                self.request,
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.filterset.show_facets(self.list_counts["facets"], total=self.list_counts["count"])
        context["rows"] = self.rendered_rows(context["object_list"])
        context["filter_form"] = self.filter_form()
        context["follow"] = follow_links(self.request, self.follow_url_names)
        form = self.filterset.form
        context["canonical_parameters"] = canonical_parameters(form)
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


def digest(*parts):
    """A short, fixed-length stand-in for `parts` in a cache key, whatever they hold (an
    address's value can be any length and hold spaces or control characters)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()
