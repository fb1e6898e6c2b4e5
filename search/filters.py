"""The search page's filters: one FilterSet over meetings, conclusions and documents, whose
kinds, types, years, countries and languages are facets as on the lists."""

from collections import Counter

import django_filters
from django import forms
from django.db.models import CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core import search
from core.filtering import (
    Facet,
    FacetChoice,
    FacetedFilterSet,
    RecordChoiceFilter,
    YearFilter,
    union_all,
)
from core.translated_text import shown_text
from documents.filters import (
    language_choices,
    language_label,
    public_document_domains,
    public_document_types,
)
from documents.models import Document, DocumentFile
from meetings.filters import (
    CountryFilter,
    country_choices,
    meetings_on_domain,
    on_domain,
    public_meeting_domains,
    public_meeting_types,
)
from meetings.models import Conclusion, Meeting
from priorities.models import PriorityDomain

KINDS = {
    "meeting": _("Meeting"),
    "conclusion": _("Conclusion"),
    "document": _("Document"),
}
# What each filter reads in each kind of result: {kind: {filter: lookup}}. A kind without a
# filter's lookup (a meeting has no document type) gives no result when the filter is set.
LOOKUPS = {
    "meeting": {
        "type": "meeting_type",
        "year": "start_date__year",
        "host_country": "host_country",
    },
    "conclusion": {
        "type": "meeting__meeting_type",
        "year": "meeting__start_date__year",
        "host_country": "meeting__host_country",
    },
    "document": {
        "type": "meeting__meeting_type",
        "year": "date__year",
        "host_country": "meeting__host_country",
        "document_type": "document_type",
    },
}
# The filters that choose a row of the record, counted and sent by its slug.
BY_SLUG = ("type", "document_type")
# The columns of the rows counted for the facets (see SearchFilter.counts).
COLUMNS = ["kind", "type", "type_label", "document_type", "document_type_label", "year"]
COLUMNS += ["host_country", "domain", "language", "n"]


def on_domain_of(kind, domain):
    """Which rows of `kind` are on a priority domain (a PriorityDomain, its key or an
    OuterRef to one), as each list says: a meeting by itself or one of its conclusions
    (meetings.filters.on_domain), a conclusion by itself or its meeting, a document by
    itself. Subqueries, so that a row is found once."""
    if kind == "meeting":
        return on_domain(domain)
    if kind == "conclusion":
        own = Conclusion.domains.through.objects.filter(prioritydomain=domain)
        meetings = Meeting.domains.through.objects.filter(prioritydomain=domain)
        return Q(pk__in=own.values("conclusion")) | Q(meeting__in=meetings.values("meeting"))
    carried = Document.domains.through.objects.filter(prioritydomain=domain)
    return Q(pk__in=carried.values("document"))


def public_domains(request=None):
    """The priority domains a public meeting, conclusion or document is on, as the lists
    offer theirs (meetings.filters.public_meeting_domains)."""
    return PriorityDomain.objects.filter(
        Q(pk__in=public_meeting_domains().values("pk"))
        | Q(pk__in=public_document_domains().values("pk"))
    )


class WordsField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if value and not search.has_words(value):
            raise forms.ValidationError(
                _("Search for words or numbers: “%(text)s” has neither."),
                params={"text": value[:50]},
                code="no_words",
            )


class WordsFilter(django_filters.CharFilter):
    field_class = WordsField


class SearchFilter(FacetedFilterSet):
    """The search page's filters, applied to each kind of result (`qs` is {kind: rows}).

    Every filter but the words and the document language reads one value per row: the
    facets are counted from one grouping of the rows of each kind by all those values, which
    finds the words once per kind rather than once per facet; a document's languages (one
    for each of its files) are counted apart. All of it is read in one query.
    """

    q = WordsFilter(
        method="search",
        label=_("Search"),
        max_length=search.MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": _("e.g. return, UNHCR, Berlin")}),
    )
    kind = django_filters.ChoiceFilter(
        choices=list(KINDS.items()), method="filter_kind", label=_("Kind"), empty_label=_("All")
    )
    type = RecordChoiceFilter(
        queryset=public_meeting_types,
        to_field_name="slug",
        method="filter_facet",
        label=_("Meeting type"),
        empty_label=_("All"),
    )
    document_type = RecordChoiceFilter(
        queryset=public_document_types,
        to_field_name="slug",
        method="filter_facet",
        label=_("Document type"),
        empty_label=_("All"),
    )
    year = YearFilter(method="filter_facet", label=_("Year"), min_value=1900, max_value=2999)
    host_country = CountryFilter(
        choices=country_choices,
        method="filter_facet",
        label=_("Host country"),
        empty_label=_("All"),
    )
    language = django_filters.ChoiceFilter(
        choices=language_choices,
        method="filter_language",
        label=_("Document language"),
        empty_label=_("All"),
    )
    domain = RecordChoiceFilter(
        queryset=public_domains,
        to_field_name="slug",
        method="filter_domain",
        label=_("Priority domain"),
        empty_label=_("All"),
    )

    facets = {
        "kind": Facet("kind", label=KINDS.get),
        "type": Facet("type", label="type_label"),
        "document_type": Facet("document_type", label="document_type_label"),
        "year": Facet("year", order="-value"),
        "host_country": Facet("host_country", label=countries.name),
        "language": Facet("language", label=language_label),
        "domain": Facet("domain"),
    }
    # Filters read from rows of their own rather than one value per row: counted apart.
    COUNTED_APART = ("language", "domain")

    def __init__(self, data=None, request=None):
        # Each filter is applied to each kind's rows; django-filter's own queryset, which it
        # needs for its model, is the meetings'.
        self.kinds = published()
        super().__init__(data, queryset=self.kinds["meeting"], request=request)

    @property
    def qs(self):
        """{kind: the rows of that kind the search and the filters find}; a kind the
        filters rule out is left out."""
        if not hasattr(self, "_qs"):
            found = {kind: self.filter_queryset(rows) for kind, rows in self.kinds.items()}
            self._qs = {kind: rows for kind, rows in found.items() if not rows.query.is_empty()}
        return self._qs

    def search(self, queryset, name, value):
        if queryset.model is not Conclusion:
            return super().search(queryset, name, value)
        if search.full_text():
            return queryset.filter(search_vector=search.search_query(value))
        return queryset.filter(search.plain_match(value, fields=search.every_column("text")))

    def filter_kind(self, queryset, name, value):
        return queryset if kind_of(queryset) == value else queryset.none()

    def filter_facet(self, queryset, name, value):
        lookup = LOOKUPS[kind_of(queryset)].get(name)
        return queryset.filter(**{lookup: value}) if lookup else queryset.none()

    def filter_language(self, queryset, name, value):
        if queryset.model is not Document:
            return queryset.none()
        # A subquery, not a join: a document with several files in the language is one.
        files = DocumentFile.objects.filter(language=value)
        return queryset.filter(pk__in=files.values("document"))

    def filter_domain(self, queryset, name, value):
        return queryset.filter(on_domain_of(kind_of(queryset), value))

    def result_kinds(self):
        """The kinds the filters but the kind allow: a document's own filters leave only
        documents."""
        values = self.valid_values
        if values.get("document_type") or values.get("language"):
            return ["document"]
        return list(KINDS)

    def counts(self):
        """{"count": the number of results, "facets": each facet's counts}, as
        FacetedFilterSet.counts gives them, in one query.

        A facet's counts apply every other filter set, not its own: the groups that match
        every chosen value add to the total and to each facet; those that miss one chosen
        value add to that facet's count of their value.
        """
        values = self.valid_values
        chosen = {
            name: self.sent_value(name, values[name])
            for name in self.facets
            if name not in self.COUNTED_APART and values.get(name) not in (None, "")
        }
        parts = [*self.grouped_parts(), self.language_part(), self.domain_part()]
        found = union_all(parts, [*(f"facet_{name}" for name in COLUMNS[:-1]), "n"])
        rows = [
            {name.removeprefix("facet_"): value for name, value in row.items()} for row in found
        ]
        total, counted, labels = 0, {name: Counter() for name in self.facets}, {}
        for row in rows:
            apart = [name for name in self.COUNTED_APART if row[name] is not None]
            if apart:
                counted[apart[0]][row[apart[0]]] += row["n"]
                continue
            group = {name: row[name] for name in self.facets if name not in self.COUNTED_APART}
            labels.update({(name, row[name]): row[f"{name}_label"] for name in BY_SLUG})
            missed = [name for name, value in chosen.items() if group[name] != value]
            if not missed:
                total += row["n"]
                for name, value in group.items():
                    counted[name][value] += row["n"]
            elif len(missed) == 1:
                counted[missed[0]][group[missed[0]]] += row["n"]
        facets = {
            name: (
                [
                    FacetChoice(value, self.label(name, value, labels), n)
                    for value, n in counted[name].items()
                    if value not in (None, "")
                ],
                False,
            )
            for name in self.facets
        }
        return {"count": total, "facets": facets}

    def grouped_parts(self):
        """Per kind, the rows found with the words, the document language and the domain,
        grouped by the value of every other filter."""
        values = self.valid_values
        for kind, rows in self.kinds.items():
            for name in ("q", *self.COUNTED_APART):
                if values.get(name):
                    rows = self.filters[name].filter(rows, values[name])
            lookups = LOOKUPS[kind]
            columns = {"kind": Value(kind)}
            for name in COLUMNS[1:-2]:
                lookup = lookups.get(name.removesuffix("_label"))
                if lookup is None:
                    columns[name] = Value(None)
                elif name.endswith("_label"):
                    columns[name] = shown_text(rows.model, f"{lookup}__name")
                else:
                    columns[name] = F(f"{lookup}__slug" if name in BY_SLUG else lookup)
            columns["language"] = Value(None)
            yield self.grouped(rows, columns)

    def language_part(self):
        """The documents found with every other filter, counted by the language of each of
        their files."""
        rows = self.kinds["document"]
        for name, value in self.valid_values.items():
            if name != "language" and value not in (None, ""):
                rows = self.filters[name].filter(rows, value)
        files = DocumentFile.objects.filter(document__in=rows.values("pk"))
        columns = dict.fromkeys(COLUMNS[:-2], Value(None))
        # Read from the index of (document, language) alone.
        return self.grouped(files, {**columns, "language": F("language")}, count="document")

    def domain_part(self):
        """The results found with every other filter, counted by the priority domains each
        is on (on_domain_of): one row per domain, the kinds added up, in one query."""
        counts = []
        for kind, rows in self.kinds.items():
            for name, value in self.valid_values.items():
                if name != "domain" and value not in (None, ""):
                    rows = self.filters[name].filter(rows, value)
            if rows.query.is_empty():
                continue
            if kind == "meeting":
                counts.append(meetings_on_domain(rows))
                continue
            matching = (
                # The domain's key, two queries out: the rule's subqueries stand inside.
                rows.filter(on_domain_of(kind, OuterRef(OuterRef("pk"))))
                .order_by()
                .annotate(group=Value(1))
                .values("group")
                .annotate(n=Count("pk"))
                .values("n")
            )
            counts.append(Coalesce(Subquery(matching, output_field=IntegerField()), 0))
        if not counts:
            return PriorityDomain.objects.none()
        columns = {f"facet_{name}": Cast(Value(None), CharField()) for name in COLUMNS[:-1]}
        columns["facet_domain"] = Cast("slug", CharField())
        total = counts[0]
        for count in counts[1:]:
            total = total + count
        return (
            PriorityDomain.objects.annotate(**columns, n=total)
            .filter(n__gt=0)
            .order_by()
            .values(*columns, "n")
        )

    @cached_property
    def domain_labels(self):
        """{slug: short name as the visitor reads it} of the domains, for the facet."""
        shown = PriorityDomain.objects.annotate(shown=shown_text(PriorityDomain, "short_name"))
        return dict(shown.values_list("slug", "shown"))

    @staticmethod
    def grouped(rows, columns, count="pk"):
        # Annotated, then named in values(): values(name=expression) alone would select (and
        # group by) every column of a translated model (django-modeltranslation's values()).
        # Prefixed: a model's own field may have a facet's name.
        columns = {f"facet_{name}": Cast(value, CharField()) for name, value in columns.items()}
        return rows.order_by().annotate(**columns).values(*columns).annotate(n=Count(count))

    def sent_value(self, name, value):
        """A filter's valid value as the facets count it: a row chosen by its slug."""
        return value.slug if name in BY_SLUG else str(value)

    def label(self, name, value, labels):
        if name in BY_SLUG:
            return str(labels[name, value])
        if name == "domain":
            return str(self.domain_labels.get(value, value))
        return self._label(self.facets[name], value)

    def show_facets(self, counts, total):
        kind = self.form.fields["kind"].widget
        super().show_facets(counts, total)
        # The kinds' counts are the links above the results; the select lists every kind.
        self.form.fields["kind"].widget = kind


def kind_of(queryset):
    return {Meeting: "meeting", Conclusion: "conclusion", Document: "document"}[queryset.model]


def published():
    """{kind: its public rows}: a conclusion is public with its meeting."""
    return {
        "meeting": Meeting.objects.published(),
        "conclusion": Conclusion.objects.filter(meeting__in=Meeting.objects.published()),
        "document": Document.objects.published(),
    }
