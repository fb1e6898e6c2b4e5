"""The search page: meetings, conclusions and documents found by the same engine as the lists,
ranked together, each with a snippet of where the words matched."""

from collections import Counter

from django import forms
from django.contrib.postgres.search import SearchRank
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, F, Value
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_countries import countries

from core import search
from core.filtering import FacetChoice, FacetSelect, FilterForm
from core.languages import canonical_parameters
from core.record_version import record_version
from core.views import LIST_CACHE_TIMEOUT, digest
from documents.filters import public_document_types
from documents.models import DOCUMENT_LANGUAGES, Document, DocumentFile, DocumentType
from meetings.filters import public_meeting_types
from meetings.models import Conclusion, Meeting, MeetingType

KINDS = {
    "meeting": _("Meeting"),
    "conclusion": _("Conclusion"),
    "document": _("Document"),
}
PER_PAGE = 20
# What each filter of the search page reads in each kind of result: {filter: {kind: lookup}}.
# The document language is counted apart: a document has a file in each of its languages.
FACETS = {
    "type": {
        "meeting": "meeting_type__slug",
        "conclusion": "meeting__meeting_type__slug",
        "document": "meeting__meeting_type__slug",
    },
    "year": {
        "meeting": "start_date__year",
        "conclusion": "meeting__start_date__year",
        "document": "date__year",
    },
    "host_country": {
        "meeting": "host_country",
        "conclusion": "meeting__host_country",
        "document": "meeting__host_country",
    },
    "document_type": {"document": "document_type__slug"},
}
# Filters only a document has: choosing one leaves only documents.
DOCUMENT_FILTERS = ("document_type", "language")


def country_choices():
    # A callable: the translated, sorted list is built only when the select is drawn.
    return [("", _("All")), *countries]


class CountryChoiceField(forms.ChoiceField):
    def valid_value(self, value):
        # The code is looked up, not searched for in the whole list, translated and sorted.
        return str(value) in countries


class SearchForm(FilterForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": _("e.g. return, UNHCR, Berlin")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *KINDS.items()]
    )
    # Each request gives the types in public use (__init__).
    type = forms.ModelChoiceField(
        label=_("Meeting type"),
        required=False,
        queryset=MeetingType.objects.none(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    document_type = forms.ModelChoiceField(
        label=_("Document type"),
        required=False,
        queryset=DocumentType.objects.none(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2999)
    host_country = CountryChoiceField(
        label=_("Host country"), required=False, choices=country_choices
    )
    language = forms.ChoiceField(
        label=_("Document language"),
        required=False,
        choices=[("", _("All")), *DOCUMENT_LANGUAGES],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the types of public items, read now: a type only drafts have is not named on
        # the page, and choosing it is refused as an unknown type is.
        self.fields["type"].queryset = public_meeting_types()
        self.fields["document_type"].queryset = public_document_types()

    def clean_q(self):
        text = self.cleaned_data["q"]
        if text and not search.has_words(text):
            raise forms.ValidationError(
                _("Search for words or numbers: “%(text)s” has neither."),
                params={"text": text[:50]},
                code="no_words",
            )
        return text


class SearchView(TemplateView):
    """The search page. What grows with the record — the counts of the kinds and of each
    filter's values, the ids of a page of ranked results — is kept in the cache until the
    record changes, as the lists keep theirs."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        context["form"] = form
        context["canonical_parameters"] = canonical_parameters(form)
        if not form.is_bound or not form.is_valid() or not form.cleaned_data["q"]:
            return context
        values = form.cleaned_data
        counts = self.cached("search-counts", values, lambda: self.count_results(values))
        context["kind_counts"] = [
            (kind, KINDS[kind], count) for kind, count in counts["kinds"].items()
        ]
        labels = self.cached(f"search-labels-{get_language()}", {}, facet_labels)
        show_facets(form, counts["facets"], labels)
        kinds = result_kinds(values)
        if values["kind"]:
            # A kind the other filters rule out (a meeting in French) has no results.
            kinds = [kind for kind in kinds if kind == values["kind"]]
        paginator = Paginator([], PER_PAGE)
        # The kinds' counts add up to the results': the search is not run once more to count.
        paginator.count = sum(counts["kinds"][kind] for kind in kinds)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger):
            page = paginator.page(paginator.num_pages if paginator.count else 1)
        rows = self.cached(
            f"search-page-{page.number}",
            values,
            lambda: self.ranked(
                {kind: rows for kind, rows in self.querysets(values).items() if kind in kinds},
                values["q"],
                page.start_index(),
                page.end_index(),
                counts["kinds"],
            ),
        )
        language = get_language()
        # The page's results with their snippets, and the form with its counts, as drawn:
        # in the visitor's language, once per record version and search.
        context.update(
            query=values["q"],
            page_obj=page,
            paginator=paginator,
            results=self.cached(
                f"search-results-{page.number}-{language}",
                values,
                lambda: render_to_string(
                    "includes/search_results.html",
                    {"results": self.results(rows, values["q"])},
                ),
            ),
            form_fields=self.cached(
                f"search-form-{language}",
                {name: form[name].data for name in form.fields},
                # Each field's HTML is Django's form rendering, escaped by its templates.
                lambda: mark_safe("".join(str(field.as_field_group()) for field in form)),
            ),
        )
        return context

    @cached_property
    def record_version(self):
        return record_version()

    def cached(self, name, values, compute):
        """`compute()`, kept until the record changes, for these values of the form."""
        state = sorted((field, getattr(value, "pk", value)) for field, value in values.items())
        key = f"{name}:{self.record_version}:{digest(state)}"
        return cache.get_or_set(key, compute, LIST_CACHE_TIMEOUT)

    def count_results(self, values):
        with search.matches_from_index():
            return self.count_matches(values)

    def count_matches(self, values):
        """{"kinds": {kind: results}, "facets": {filter: {value: results}}}.

        A filter's counts apply every other filter the visitor set, not its own: what each
        value would give. The rows found are grouped once per kind by every filter's value,
        and the counts are added up from those groups; the document language, once more
        (a document has a file in each of its languages).
        """
        chosen = {
            name: getattr(values[name], "slug", values[name])
            for name in FACETS
            if values[name] not in (None, "")
        }
        unfiltered = self.querysets({**values, **dict.fromkeys([*FACETS, "language"])})
        if values["language"]:
            files = DocumentFile.objects.filter(language=values["language"])
            unfiltered["document"] = unfiltered["document"].filter(pk__in=files.values("document"))
        # Per kind: the results with every chosen filter, and per filter, the results each
        # of its values gives with every other chosen filter; one pass over the groups.
        totals, by_value = {}, {}
        for kind, queryset in unfiltered.items():
            names = [name for name, kinds in FACETS.items() if kind in kinds]
            aliases = {f"facet_{name}": F(FACETS[name][kind]) for name in names}
            # Annotated, then named in values(): values(name=expression) alone would select
            # (and group by) every column of a translated model, one group a row
            # (django-modeltranslation's values()).
            groups = (
                queryset.order_by()
                .annotate(**aliases)
                .values(*aliases)
                .annotate(n=Count("pk"))
                .values_list(*aliases, "n")
            )
            totals[kind], by_value[kind] = 0, {name: Counter() for name in names}
            for *group, n in groups:
                row = dict(zip(names, group, strict=True))
                missed = [
                    name for name, value in chosen.items() if row.get(name, _MISSING) != value
                ]
                if not missed:
                    totals[kind] += n
                    for name in names:
                        by_value[kind][name][row[name]] += n
                elif len(missed) == 1 and missed[0] in row:
                    by_value[kind][missed[0]][row[missed[0]]] += n

        def kinds_left(leave_out):
            """The kinds that the chosen filters but `leave_out` (and the kind) allow."""
            documents_only = any(values[name] and name != leave_out for name in DOCUMENT_FILTERS)
            return [
                kind
                for kind in KINDS
                if not (documents_only and kind != "document") and values["kind"] in ("", kind)
            ]

        documents_only = any(values[name] for name in DOCUMENT_FILTERS)
        kinds = {
            kind: totals[kind] for kind in KINDS if not (documents_only and kind != "document")
        }
        facets = {}
        for name in FACETS:
            counted = Counter()
            for kind in kinds_left(name):
                counted.update(by_value[kind].get(name, {}))
            facets[name] = {value: n for value, n in counted.items() if value not in (None, "")}
        facets["language"] = {}
        if "document" in kinds_left("language"):
            documents = self.querysets({**values, "language": ""})["document"]
            facets["language"] = dict(
                DocumentFile.objects.filter(document__in=documents.values("pk"))
                .order_by()
                .values_list("language")
                # Read from the index of (document, language) alone.
                .annotate(n=Count("document"))
            )
        return {"kinds": kinds, "facets": facets}

    @staticmethod
    def querysets(values):
        """{kind: the published rows of that kind the search and the filters find}."""
        text = values["q"]
        meetings = Meeting.objects.published().search(text)
        documents = Document.objects.published().search(text)
        if search.full_text():
            conclusions = Conclusion.objects.filter(search_vector=search.search_query(text))
        else:
            conclusions = Conclusion.objects.filter(
                search.plain_match(text, fields=search.every_column("text"))
            )
        conclusions = conclusions.filter(meeting__in=Meeting.objects.published())
        if values["type"]:
            meetings = meetings.filter(meeting_type=values["type"])
            conclusions = conclusions.filter(meeting__meeting_type=values["type"])
            documents = documents.filter(meeting__meeting_type=values["type"])
        if values["year"]:
            meetings = meetings.filter(start_date__year=values["year"])
            conclusions = conclusions.filter(meeting__start_date__year=values["year"])
            documents = documents.filter(date__year=values["year"])
        if values["host_country"]:
            meetings = meetings.filter(host_country=values["host_country"])
            conclusions = conclusions.filter(meeting__host_country=values["host_country"])
            documents = documents.filter(meeting__host_country=values["host_country"])
        kinds = {"meeting": meetings, "conclusion": conclusions, "document": documents}
        if result_kinds(values) == ["document"]:
            kinds = {"document": documents}
            if values["document_type"]:
                kinds["document"] = documents.filter(document_type=values["document_type"])
            if values["language"]:
                files = DocumentFile.objects.filter(language=values["language"])
                kinds["document"] = kinds["document"].filter(pk__in=files.values("document"))
        return kinds

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
            snippets = search.snippets(meetings, text, "meeting")
            for meeting in meetings:
                found["meeting", meeting.pk] = (meeting, meeting.get_absolute_url())
                meeting.snippet = snippets[meeting.pk]
        if ids["conclusion"]:
            conclusions = Conclusion.objects.filter(pk__in=ids["conclusion"]).select_related(
                "meeting"
            )
            snippets = search.snippets(conclusions, text, "conclusion")
            for conclusion in conclusions:
                url = f"{conclusion.meeting.get_absolute_url()}#conclusion-{conclusion.pk}"
                found["conclusion", conclusion.pk] = (conclusion, url)
                conclusion.snippet = snippets[conclusion.pk]
        if ids["document"]:
            documents = Document.objects.filter(pk__in=ids["document"]).select_related(
                "document_type", "meeting"
            )
            snippets = search.snippets(documents, text, "document")
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


_MISSING = object()


def result_kinds(values):
    """The kinds of results a search can give: a document's own filters leave only documents."""
    if values["document_type"] or values["language"]:
        return ["document"]
    return list(KINDS)


def facet_labels():
    """{filter: {value: label}} of the filters whose values are not their own labels."""
    return {
        "type": dict(MeetingType.objects.values_list("slug", "name")),
        "document_type": dict(DocumentType.objects.values_list("slug", "name")),
        "host_country": dict(countries),
        "language": dict(DOCUMENT_LANGUAGES),
    }


def show_facets(form, counts, labels):
    """Put each filter's counts into its select: “All”, then “Label (count)” per value; the
    visitor's choice stays listed even when the other filters leave it nothing."""
    for name, counted in counts.items():
        counted = dict(counted)
        current = form.cleaned_data.get(name)
        current = getattr(current, "slug", current)
        if current not in (None, ""):
            counted.setdefault(current, 0)
        choices = [
            FacetChoice(str(value), str(labels.get(name, {}).get(value, value)), count)
            for value, count in counted.items()
        ]
        if name == "year":
            choices.sort(key=lambda choice: choice.value, reverse=True)
        else:
            choices.sort(key=lambda choice: choice.label.lower())
        form.fields[name].widget = FacetSelect(
            choices=[("", _("All"))]
            + [(choice.value, f"{choice.label} ({choice.count})") for choice in choices]
        )
