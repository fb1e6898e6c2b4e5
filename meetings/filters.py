import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from khartoum.filtering import FacetedFilterSet

from .models import Conclusion, Meeting, MeetingType, Participant


class MeetingFilter(FacetedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    type = django_filters.ModelChoiceFilter(
        field_name="meeting_type",
        to_field_name="slug",
        queryset=MeetingType.objects.all(),
        label=_("Type"),
    )
    year = django_filters.NumberFilter(
        field_name="start_date", lookup_expr="year", label=_("Year"), min_value=1900, max_value=2999
    )
    host_country = django_filters.ChoiceFilter(choices=countries, label=_("Host country"))

    facets = {
        "type": ("meeting_type__slug", "meeting_type__name"),
        "year": ("start_date__year", None),
        "host_country": ("host_country", None),
    }

    class Meta:
        model = Meeting
        fields = ["q", "type", "year", "host_country"]

    def search(self, queryset, name, value):
        # Subqueries rather than joins: a meeting matching twice is still listed once.
        people = Participant.objects.filter(
            Q(organisation__name__icontains=value)
            | Q(organisation__acronym__icontains=value)
            | Q(person_name__icontains=value)
            | Q(person_title__icontains=value)
        ).values("meeting")
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(body__icontains=value)
            | Q(city__icontains=value)
            | Q(pk__in=people)
            | Q(pk__in=Conclusion.objects.filter(text__icontains=value).values("meeting"))
        )

    def facet_label(self, name, value, label):
        if name == "host_country":
            return countries.name(value)
        return super().facet_label(name, value, label)

    def sort_facet(self, name, choices):
        if name == "year":
            return sorted(choices, key=lambda choice: choice.value, reverse=True)
        return super().sort_facet(name, choices)
