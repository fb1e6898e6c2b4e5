import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.filtering import (
    FACET_COLUMNS,
    Facet,
    FacetedFilterSet,
    RecordChoiceField,
    RecordChoiceFilter,
    search_filter,
    type_filter,
    year_filter,
)
from core.translated_text import shown_text
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant
from priorities.models import PriorityDomain


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


def on_domain(domain):
    """Which meetings are on a priority domain: those that carry it themselves, and those one of
    whose conclusions carries it (a meeting on several themes may reach a conclusion on one
    of the Action Plan's domains without being filed under it as a whole).

    `domain` is a PriorityDomain, its key, or an OuterRef to one. Subqueries, not joins: a
    meeting carrying the domain itself and in two conclusions is one meeting.
    """
    carried = Meeting.domains.through.objects.filter(prioritydomain=domain)
    in_conclusions = Conclusion.domains.through.objects.filter(prioritydomain=domain)
    return Q(pk__in=carried.values("meeting")) | Q(
        pk__in=in_conclusions.values("conclusion__meeting")
    )


def public_meeting_domains(request=None):
    """The priority domains that public meetings are on (on_domain()), as
    public_meeting_types(): a domain no public meeting is on is not offered."""
    published = Meeting.objects.published()
    carried = Meeting.domains.through.objects.filter(meeting__in=published)
    in_conclusions = Conclusion.domains.through.objects.filter(conclusion__meeting__in=published)
    return PriorityDomain.objects.filter(
        Q(pk__in=carried.values("prioritydomain"))
        | Q(pk__in=in_conclusions.values("prioritydomain"))
    )


def meetings_on_domain(meetings):
    """How many of `meetings` are on the priority domain of the row of the query this stands
    in (a PriorityDomain queryset's annotation), by the rule of on_domain().

    A meeting counts once for a domain however many of its conclusions carry it, which a
    count over a join (one row per related row) could not say: a subquery per domain, five
    in all whatever the number of meetings.
    """
    matching = (
        # The domain's key, two queries out: on_domain()'s subqueries stand inside this one.
        meetings.filter(on_domain(OuterRef(OuterRef("pk"))))
        .order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(matching, output_field=IntegerField()), 0)


def domain_counts(meetings, facet_name):
    """The rows of the domain facet (core.filtering.FACET_COLUMNS and "n"): how many of
    `meetings` each priority domain would list; those that would list none are left out."""
    return (
        PriorityDomain.objects.annotate(
            facet=Value(facet_name),
            value=Cast("slug", output_field=CharField()),
            label=Cast(shown_text(PriorityDomain, "short_name"), output_field=CharField()),
            n=meetings_on_domain(meetings),
        )
        .filter(n__gt=0)
        .order_by()
        .values(*FACET_COLUMNS, "n")
    )


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
    domain = RecordChoiceFilter(
        queryset=public_meeting_domains,
        to_field_name="slug",
        # Named for the API schema, which reads the value's type from it.
        field_name="domains",
        method="filter_domain",
        label=_("Priority domain"),
    )

    facets = {
        "type": Facet("meeting_type__slug", label="meeting_type__name"),
        "year": Facet("start_date__year", order="-value"),
        "host_country": Facet("host_country", label=countries.name),
        # Counted by domain_counts(): a meeting is on a domain through its conclusions too.
        "domain": Facet("domains__slug", label="domains__short_name"),
    }

    class Meta(FacetedFilterSet.Meta):
        model = Meeting
        fields = ["q", "type", "year", "host_country", "domain", "organisation"]

    def filter_organisation(self, queryset, name, value):
        # A subquery, not a join: a meeting with several of its delegates is listed once.
        return queryset.filter(
            pk__in=Participant.objects.filter(organisation=value).values("meeting")
        )

    def filter_domain(self, queryset, name, value):
        return queryset.filter(on_domain(value))

    def facet_rows(self, name, facet):
        if name != "domain":
            return super().facet_rows(name, facet)
        return domain_counts(self.others_applied(name), name)
