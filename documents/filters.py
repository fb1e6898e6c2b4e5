import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.filtering import (
    DateRangeInputs,
    Facet,
    FacetedFilterSet,
    RecordChoiceFilter,
    search_filter,
    type_filter,
    year_filter,
)
from core.translated_text import shown_text
from documents.models import DOCUMENT_LANGUAGES, Document, DocumentFile, DocumentType
from priorities.models import PriorityDomain

LANGUAGE_NAMES = dict(DOCUMENT_LANGUAGES)


def language_choices():
    # A callable, so each request's form shares this list instead of copying its own.
    return DOCUMENT_LANGUAGES


def language_label(code):
    # Django's catalogues translate its list of language names.
    return gettext(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code


def public_meetings(request):
    # Built at each request: what is public changes with the time (scheduled meetings).
    # The meeting model through the foreign key: documents stand below meetings.
    return Document.meeting.field.related_model.objects.published()


def public_document_types(request=None):
    """The types of public documents: a type only drafts have is named nowhere in public, and
    a filter by it answers as for a type that does not exist. Built at each request, as
    public_meetings()."""
    return DocumentType.objects.filter(pk__in=Document.objects.published().values("document_type"))


def public_document_domains(request=None):
    """The priority domains public documents carry, as public_document_types()."""
    carried = Document.domains.through.objects.filter(document__in=Document.objects.published())
    return PriorityDomain.objects.filter(pk__in=carried.values("prioritydomain"))


class DocumentFilter(FacetedFilterSet):
    q = search_filter(_("Title, reference, meeting…"))
    type = type_filter("document_type", public_document_types)
    year = year_filter("date")
    meeting = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=public_meetings, label=_("Meeting")
    )
    # The facets' text fields are searches too: rendered as such, a row of their own.
    meeting_name = django_filters.CharFilter(
        field_name="meeting__title",
        method="filter_meeting_name",
        label=_("Find a meeting by name"),
        widget=forms.SearchInput,
    )
    language = django_filters.ChoiceFilter(
        choices=language_choices, method="filter_language", label=_("Language")
    )
    language_name = django_filters.CharFilter(
        method="filter_language_name", label=_("Find a language by name"), widget=forms.SearchInput
    )
    adopted = django_filters.DateFromToRangeFilter(
        field_name="adopted_on", label=_("Adopted"), widget=DateRangeInputs
    )
    reference = django_filters.CharFilter(lookup_expr="icontains", label=_("Reference code"))
    # A document's own domains: its meeting's are the meeting's to say (a meeting's programme
    # is not on return because the meeting was).
    domain = RecordChoiceFilter(
        queryset=public_document_domains,
        to_field_name="slug",
        field_name="domains",
        method="filter_domain",
        label=_("Priority domain"),
    )

    # Meetings and languages can be many: their selects list the most used, and a text
    # field finds the others by name.
    facets = {
        "type": Facet("document_type__slug", label="document_type__name"),
        "year": Facet("date__year", order="-value"),
        "meeting": Facet(
            "meeting__slug", label="meeting__title", limit=10, narrowed_by="meeting_name"
        ),
        "language": Facet(
            "files__language", label=language_label, limit=10, narrowed_by="language_name"
        ),
        # One row per (document, domain): a document counts once under each of its domains.
        "domain": Facet("domains__slug", label="domains__short_name"),
    }
    more_filters = ["adopted", "reference"]

    class Meta(FacetedFilterSet.Meta):
        model = Document
        fields = [
            "q",
            "type",
            "year",
            "meeting",
            "meeting_name",
            "language",
            "language_name",
            "domain",
            "adopted",
            "reference",
        ]

    def filter_meeting_name(self, queryset, name, value):
        # In English or as the visitor reads it: “legal” or “légale” on a French page.
        shown = shown_text(Document, "meeting__title")
        return queryset.alias(meeting_title_shown=shown).filter(
            Q(meeting__title_en__icontains=value) | Q(meeting_title_shown__icontains=value)
        )

    def filter_language(self, queryset, name, value: str):
        return self.with_file_in(queryset, [value])

    def filter_language_name(self, queryset, name, value):
        # In English or in the visitor's language: “French” or “français”.
        wanted = value.casefold()
        codes = [
            code
            for code, english in DOCUMENT_LANGUAGES
            if wanted in english.casefold() or wanted in gettext(english).casefold()
        ]
        return self.with_file_in(queryset, codes)

    def filter_domain(self, queryset, name, value):
        # A subquery, not a join, as with_file_in().
        carried = Document.domains.through.objects.filter(prioritydomain=value)
        return queryset.filter(pk__in=carried.values("document"))

    @staticmethod
    def with_file_in(queryset, languages):
        # A subquery, not a join: a document with several matching files is listed once.
        files = DocumentFile.objects.filter(language__in=languages)
        return queryset.filter(pk__in=files.values("document"))
