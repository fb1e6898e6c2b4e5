import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.filtering import (
    Facet,
    FacetedFilterSet,
    RecordChoiceField,
    RecordChoiceFilter,
    search_filter,
    type_filter,
    year_filter,
)
from meetings.models import Meeting, MeetingType, Organisation, Participant


def country_choices():
    # A callable, so each request's form shares django-countries' translated, sorted list
    # instead of building and copying its own.
    return countries


def public_meeting_types(request=None):
    """The types of public meetings: a type only drafts have is named nowhere in public, and
    a filter by it answers as for a type that does not exist.

    A callable, built at each request: what is public changes with the time (a scheduled
    meeting comes out), and with it the record's version, which the rows found are cached by.
    """
    return MeetingType.objects.filter(pk__in=Meeting.objects.published().values("meeting_type"))


def public_organisations(request=None):
    """The organisations that took part in a public meeting, as public_meeting_types()."""
    attended = Participant.objects.filter(meeting__in=Meeting.objects.published())
    return Organisation.objects.filter(pk__in=attended.values("organisation"))


class SlugOrNumberField(django_filters.fields.ModelChoiceField):
    """An organisation by its slug, the address of its page; or by its number, which the
    links made before organisations had slugs carry. Either in one query; a slug made of
    digits goes first."""

    def to_python(self, value):
        if value in self.empty_values or not str(value).isdigit():
            return super().to_python(value)
        value = str(value)
        found = sorted(
            self.queryset.filter(Q(slug=value) | Q(pk=int(value))),
            key=lambda organisation: organisation.slug != value,
        )
        if not found:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found[0]


class OrganisationField(RecordChoiceField, SlugOrNumberField):
    pass


class OrganisationFilter(RecordChoiceFilter):
    field_class = OrganisationField


class CountryField(django_filters.fields.ChoiceField):
    def valid_value(self, value):
        # The code is looked up, not searched for in the whole list, translated and sorted.
        return str(value) in countries


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryField


class MeetingFilter(FacetedFilterSet):
    q = search_filter(_("Place, topic, organisation…"))
    type = type_filter("meeting_type", public_meeting_types)
    year = year_filter("start_date")
    host_country = CountryFilter(choices=country_choices, label=_("Host country"))
    # The meetings an organisation took part in, as the at-a-glance page counts them; reached
    # from its links, so the form only carries it along (and its chip removes it).
    organisation = OrganisationFilter(
        queryset=public_organisations,
        # Named for the API schema, which reads the value's type from it.
        field_name="participants__organisation",
        to_field_name="slug",
        method="filter_organisation",
        label=_("Organisation"),
        widget=forms.HiddenInput,
    )

    facets = {
        "type": Facet("meeting_type__slug", label="meeting_type__name"),
        "year": Facet("start_date__year", order="-value"),
        "host_country": Facet("host_country", label=countries.name),
    }

    class Meta(FacetedFilterSet.Meta):
        model = Meeting
        fields = ["q", "type", "year", "host_country", "organisation"]

    def filter_organisation(self, queryset, name, value):
        # A subquery, not a join: a meeting with several of its delegates is listed once.
        return queryset.filter(
            pk__in=Participant.objects.filter(organisation=value).values("meeting")
        )
