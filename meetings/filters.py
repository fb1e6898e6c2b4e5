import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from khartoum.filtering import Facet, FacetedFilterSet, search_filter, type_filter, year_filter

from .models import Meeting, MeetingType


def country_choices():
    # A callable, so each request's form shares django-countries' translated, sorted list
    # instead of building and copying its own.
    return countries


class MeetingFilter(FacetedFilterSet):
    q = search_filter(_("Place, topic, organisation…"))
    type = type_filter("meeting_type", MeetingType.objects.all())
    year = year_filter("start_date")
    host_country = django_filters.ChoiceFilter(choices=country_choices, label=_("Host country"))

    facets = {
        "type": Facet("meeting_type__slug", label="meeting_type__name"),
        "year": Facet("start_date__year", order="-value"),
        "host_country": Facet("host_country", label=countries.name),
    }

    class Meta(FacetedFilterSet.Meta):
        model = Meeting
        fields = ["q", "type", "year", "host_country"]
