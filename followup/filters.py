"""The follow-up list's filters, shared by its page, feed, CSV, API and alerts."""

from collections import defaultdict

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtering import (
    Facet,
    FacetChoice,
    FacetedFilterSet,
    RecordChoiceField,
    RecordChoiceFilter,
    year_filter,
)
from core.translated_text import shown_text
from followup.commitments import public_commitments, status_label, under_domain
from followup.models import Progress, Update
from meetings.models import Conclusion, Meeting, Organisation, Participant
from priorities.models import PriorityDomain


def priority_domains(request=None):
    return PriorityDomain.objects.all()


def meetings_with_commitments(request=None):
    """Public meetings with a commitment: a filter by any other answers as for one that does
    not exist. Built at each request: what is public changes with the time."""
    return Meeting.objects.published().filter(
        pk__in=public_commitments().order_by().values("meeting")
    )


def public_organisations(request=None):
    """The organisations that took part in a public meeting."""
    attended = Participant.objects.filter(meeting__in=Meeting.objects.published().values("pk"))
    return Organisation.objects.filter(pk__in=attended.values("organisation"))


class SlugOrNumberField(django_filters.fields.ModelChoiceField):
    """A row named by its slug, or by its number as the meetings list names organisations."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        found = self.queryset.filter(slug=text).first() if "\x00" not in text else None
        if found is None and text.isdigit() and len(text) < 10:
            found = self.queryset.filter(pk=int(text)).first()
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class OrganisationField(RecordChoiceField, SlugOrNumberField):
    pass


class OrganisationFilter(RecordChoiceFilter):
    field_class = OrganisationField


class CommitmentFilter(FacetedFilterSet):
    domain = RecordChoiceFilter(
        queryset=priority_domains,
        to_field_name="slug",
        method="filter_domain",
        # Named for the API schema, which reads the value's type from it.
        field_name="domains__slug",
        label=_("Priority domain"),
    )
    status = django_filters.ChoiceFilter(
        choices=Progress.choices, field_name="progress", label=_("Status")
    )
    meeting = RecordChoiceFilter(
        queryset=meetings_with_commitments, to_field_name="slug", label=_("Meeting")
    )
    # The meetings can be many: the select lists those with the most commitments, and this
    # finds the others by name.
    meeting_name = django_filters.CharFilter(
        field_name="meeting__title",
        method="filter_meeting_name",
        label=_("Find a meeting by name"),
        widget=forms.SearchInput,
    )
    year = year_filter("meeting__start_date")
    organisation = OrganisationFilter(
        queryset=public_organisations,
        field_name="meeting__participants__organisation__slug",
        method="filter_organisation",
        label=_("Organisation"),
    )

    facets = {
        # Counted with the progress bars (domain_tally): a commitment is under its own
        # domains and its meeting's.
        "domain": Facet("domain", label="name"),
        "status": Facet("progress", label=status_label),
        "meeting": Facet(
            "meeting__slug", label="meeting__title", limit=10, narrowed_by="meeting_name"
        ),
        "year": Facet("meeting__start_date__year", order="-value"),
        # Each commitment once: an organisation may have several delegates at a meeting.
        "organisation": Facet(
            "meeting__participants__organisation__slug",
            label="meeting__participants__organisation__name",
            distinct=True,
        ),
    }

    class Meta(FacetedFilterSet.Meta):
        model = Conclusion
        fields = ["domain", "status", "meeting", "meeting_name", "year", "organisation"]

    # The value is the domain the slug names; `str` is for the API's schema: its parameter.
    def filter_domain(self, queryset, name, value: str):
        return queryset.filter(under_domain(value.pk))

    def filter_meeting_name(self, queryset, name, value):
        # In English or as the visitor reads it.
        shown = shown_text(Conclusion, "meeting__title")
        return queryset.alias(meeting_title_shown=shown).filter(
            Q(meeting__title_en__icontains=value) | Q(meeting_title_shown__icontains=value)
        )

    def filter_organisation(self, queryset, name, value):
        # A subquery, not a join: a meeting with several of its delegates is listed once.
        return queryset.filter(
            meeting__in=Participant.objects.filter(organisation=value).values("meeting")
        )

    def counts(self, filtered):
        """The base counts, with the domains' facet from the tally of their statuses."""
        counts = super().counts(filtered)
        tally = self.domain_tally()
        counts["facets"]["domain"] = (
            [FacetChoice(row["slug"], row["name"], row["total"]) for row in tally if row["total"]],
            False,
        )
        counts["domains"] = tally
        return counts

    def facet_rows(self, name, facet):
        if name == "domain":
            return self.queryset.none()  # counted by domain_tally()
        return super().facet_rows(name, facet)

    def domain_tally(self):
        """[{"slug", "name", "total", "statuses": [(status, label, count)]}] per priority
        domain: its commitments among those every filter but the domain selects, by status.

        Four queries whatever the number of commitments: the commitments with their
        meeting and status, the conclusions' domains, the meetings' domains, the domains.
        """
        queryset = self.others_applied("domain")
        statuses = {}
        meetings = defaultdict(set)
        for pk, meeting, progress in queryset.order_by().values_list(
            "pk", "meeting_id", "progress"
        ):
            statuses[pk] = progress
            meetings[meeting].add(pk)
        under = defaultdict(set)
        own = Conclusion.domains.through.objects.filter(
            conclusion__in=queryset.order_by().values("pk")
        )
        for conclusion, domain in own.values_list("conclusion_id", "prioritydomain_id"):
            under[domain].add(conclusion)
        of_meetings = Meeting.domains.through.objects.filter(
            meeting_id__in=queryset.order_by().values("meeting_id")
        )
        for meeting, domain in of_meetings.values_list("meeting_id", "prioritydomain_id"):
            under[domain] |= meetings[meeting]
        tally = []
        for domain in PriorityDomain.objects.all():
            found = [statuses[pk] for pk in under[domain.pk] if pk in statuses]
            tally.append(
                {
                    "slug": domain.slug,
                    "name": domain.name,
                    "short_name": domain.short_name,
                    "total": len(found),
                    "statuses": [
                        (value, str(label), found.count(value)) for value, label in Progress.choices
                    ],
                }
            )
        return tally


class UpdateFilter(CommitmentFilter):
    """The public updates of the commitments that CommitmentFilter selects: the list's own
    filters, for the channels whose items are updates (its feed, its alerts)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset=public_commitments(), request=request, prefix=prefix)
        self.updates = Update.objects.published() if queryset is None else queryset

    @property
    def qs(self):
        commitments = super().qs.order_by().values("pk")
        return self.updates.filter(conclusion__in=commitments)
