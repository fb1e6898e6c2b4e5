import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khartoum.filtering import FacetedFilterSet
from meetings.models import Meeting

from .models import LANGUAGES, Document, DocumentFile, DocumentType

LANGUAGE_NAMES = dict(LANGUAGES)


class DocumentFilter(FacetedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    type = django_filters.ModelChoiceFilter(
        field_name="document_type",
        to_field_name="slug",
        queryset=DocumentType.objects.all(),
        label=_("Type"),
    )
    year = django_filters.NumberFilter(
        field_name="date", lookup_expr="year", label=_("Year"), min_value=1900, max_value=2999
    )
    meeting = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Meeting.objects.published(), label=_("Meeting")
    )
    language = django_filters.ChoiceFilter(
        choices=LANGUAGES, method="filter_language", label=_("Language")
    )
    adopted = django_filters.DateFromToRangeFilter(field_name="adopted_on", label=_("Adopted"))
    reference = django_filters.CharFilter(lookup_expr="icontains", label=_("Reference code"))

    facets = {
        "type": ("document_type__slug", "document_type__name"),
        "year": ("date__year", None),
        "meeting": ("meeting__slug", "meeting__title"),
        "language": ("files__language", None),
    }

    class Meta:
        model = Document
        fields = ["q", "type", "year", "meeting", "language", "adopted", "reference"]

    def filter_language(self, queryset, name, value):
        return queryset.filter(
            pk__in=DocumentFile.objects.filter(language=value).values("document")
        )

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(reference__icontains=value)
            | Q(meeting__title__icontains=value)
        )

    def facet_label(self, name, value, label):
        if name == "language":
            return LANGUAGE_NAMES.get(value, value)
        return super().facet_label(name, value, label)

    def sort_facet(self, name, choices):
        if name == "year":
            return sorted(choices, key=lambda choice: choice.value, reverse=True)
        return super().sort_facet(name, choices)
