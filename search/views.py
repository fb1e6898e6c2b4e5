"""The search page: meetings, conclusions and documents found by the same engine as the lists,
ranked together, each with a snippet of where the words matched."""

from django.contrib.postgres.search import SearchRank
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Value
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.generic import TemplateView

from core import search
from core.languages import canonical_parameters
from core.record_version import record_version
from core.views import LIST_CACHE_TIMEOUT
from documents.models import Document
from meetings.models import Conclusion, Meeting
from search.filters import BY_SLUG, KINDS, SearchFilter

PER_PAGE = 20


class SearchView(TemplateView):
    """The search page. What grows with the record — the counts of the kinds and of each
    filter's values, the ids of a page of ranked results — is cached until the record
    changes, as the lists' are."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = SearchFilter(self.request.GET or None, request=self.request)
        if any(self.request.GET.get(name) for name in BY_SLUG):
            # The types chosen are then found once per record version, which a search reads
            # anyway; a page that runs none does not read it.
            filterset.record_version = self.record_version
        form = filterset.form
        context.update(form=form, canonical_parameters=canonical_parameters(form))
        if not form.is_bound or not form.is_valid() or not form.cleaned_data["q"]:
            return context
        self.filterset, text = filterset, form.cleaned_data["q"]
        counts = self.cached("search-counts", self.count_results)
        filterset.show_facets(counts["facets"], total=counts["count"])
        paginator = Paginator([], PER_PAGE)
        # The facets' total is the results': the search is not run once more to count them.
        paginator.count = counts["count"]
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger):
            page = paginator.page(paginator.num_pages if paginator.count else 1)
        rows = self.cached(
            f"search-page-{page.number}",
            lambda: self.ranked(
                filterset.qs, text, page.start_index(), page.end_index(), self.kind_counts(counts)
            ),
        )
        # The page's results with their snippets, and the form with its counts, as rendered:
        # in the visitor's language, once per record version and search.
        context.update(
            query=text,
            kind_counts=[
                (kind, KINDS[kind], count) for kind, count in self.kind_counts(counts).items()
            ],
            page_obj=page,
            paginator=paginator,
            results=self.cached(
                f"search-results-{page.number}",
                lambda: render_to_string(
                    "includes/search_results.html", {"results": self.results(rows, text)}
                ),
            ),
            form_fields=self.cached(
                "search-form",
                # Each field's HTML is Django's form rendering, escaped by its templates.
                lambda: mark_safe("".join(str(field.as_field_group()) for field in form)),
            ),
        )
        return context

    @cached_property
    def record_version(self):
        return record_version()

    def cached(self, name, compute):
        """`compute()`, cached until the record changes, for this search in this language."""
        key = f"{name}:{get_language()}:{self.record_version}:{self.filterset.cache_key()}"
        return cache.get_or_set(key, compute, LIST_CACHE_TIMEOUT)

    def count_results(self):
        with search.matches_from_index():
            return self.filterset.counts()

    def kind_counts(self, counts):
        """{kind: results} of each kind the other filters allow, from the kind's facet."""
        counted = {choice.value: choice.count for choice in counts["facets"]["kind"][0]}
        return {kind: counted.get(kind, 0) for kind in self.filterset.result_kinds()}

    @staticmethod
    def ranked(querysets, text, first, last, counts):
        """(kind, pk) of the results `first` to `last` (from 1), best first.

        Ranking reads each row's whole vector, so only the newest `search.RANKED` matches
        of each kind are ranked (all of them, for most searches); the others follow, newest
        first. A common word's first page is then found about as quickly as a rare word's.
        Without full-text search, there is no rank: the newest first.
        """
        if not querysets or first < 1 or last < first:
            return []

        def union(parts, *order):
            head, *others = parts
            return head.union(*others, all=True).order_by(*order)

        def newest_first(exclude=None):
            return union(
                [
                    queryset.order_by()
                    .exclude(pk__in=(exclude or {}).get(kind, []))
                    .annotate(result_kind=Value(kind))
                    .values_list("result_kind", "pk")
                    for kind, queryset in querysets.items()
                ],
                "result_kind",
                "-pk",
            )

        if not search.full_text():
            return list(newest_first()[first - 1 : last])
        query = search.search_query(text)
        # Ordered by an expression rather than the column: the database then takes the
        # matches from the search index and sorts their ids, instead of walking the primary
        # key's index and reading each row's vector until it has found enough.
        newest = {
            kind: queryset.order_by((F("pk") + 0).desc()).values("pk")[: search.RANKED]
            for kind, queryset in querysets.items()
        }
        ranked_count = sum(min(counts[kind], search.RANKED) for kind in querysets)
        found = []
        with search.matches_from_index():
            if first <= ranked_count:
                rows = union(
                    [
                        querysets[kind]
                        .model.objects.filter(pk__in=pks)
                        .order_by()
                        .annotate(
                            result_kind=Value(kind), rank=SearchRank(F("search_vector"), query)
                        )
                        .values_list("result_kind", "pk", "rank")
                        for kind, pks in newest.items()
                    ],
                    "-rank",
                    "result_kind",
                    "-pk",
                )
                found += [(kind, pk) for kind, pk, _rank in rows[first - 1 : last]]
            if last > ranked_count:
                rest = newest_first(exclude=newest)
                found += list(rest[max(first - 1 - ranked_count, 0) : last - ranked_count])
        return found

    @staticmethod
    def results(rows, text):
        """The page's results in rank order: each with its kind, object, link and snippet."""
        ids = {kind: [pk for row_kind, pk in rows if row_kind == kind] for kind in KINDS}
        found = {}
        if ids["meeting"]:
            meetings = Meeting.objects.filter(pk__in=ids["meeting"]).select_related("meeting_type")
            snippets = search.snippets(meetings, text)
            for meeting in meetings:
                found["meeting", meeting.pk] = (meeting, meeting.get_absolute_url())
                meeting.snippet = snippets[meeting.pk]
        if ids["conclusion"]:
            conclusions = Conclusion.objects.filter(pk__in=ids["conclusion"]).select_related(
                "meeting"
            )
            snippets = search.snippets(conclusions, text)
            for conclusion in conclusions:
                url = f"{conclusion.meeting.get_absolute_url()}#conclusion-{conclusion.pk}"
                found["conclusion", conclusion.pk] = (conclusion, url)
                conclusion.snippet = snippets[conclusion.pk]
        if ids["document"]:
            documents = Document.objects.filter(pk__in=ids["document"]).select_related(
                "document_type", "meeting"
            )
            snippets = search.snippets(documents, text)
            for document in documents:
                found["document", document.pk] = (document, document.get_absolute_url())
                document.snippet = snippets[document.pk]
        return [
            {
                "kind": kind,
                "label": KINDS[kind],
                "object": found[kind, pk][0],
                "url": found[kind, pk][1],
            }
            for kind, pk in rows
            if (kind, pk) in found
        ]
