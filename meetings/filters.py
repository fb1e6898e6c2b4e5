import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from khartoum.filtering import Facet, FacetedFilterSet

from .models import Meeting, MeetingType


def country_choices():
    # A callable, so each request's form shares django-countries' translated, sorted list
    # instead of building and copying its own.
    return countries


class MeetingFilter(FacetedFilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.SearchInput(attrs={"placeholder": _("Place, topic, organisation…")}),
    )
    type = django_filters.ModelChoiceFilter(
        field_name="meeting_type",
        to_field_name="slug",
        queryset=MeetingType.objects.all(),
        label=_("Type"),
    )
    year = django_filters.NumberFilter(
        field_name="start_date",
        lookup_expr="year",
        label=_("Year"),
        min_value=1900,
        max_value=2999,
        widget=forms.Select,
    )
    host_country = django_filters.ChoiceFilter(choices=country_choices, label=_("Host country"))

    facets = {
        "type": Facet("meeting_type__slug", label="meeting_type__name"),
        "year": Facet("start_date__year", order="-value"),
        "host_country": Facet("host_country", label=countries.name),
    }

    class Meta(FacetedFilterSet.Meta):
        model = Meeting
        fields = ["q", "type", "year", "host_country"]

    def search(self, queryset, name, value):
        return queryset.search(value)
