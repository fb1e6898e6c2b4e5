"""The Process over time: what its pages show, read from the record in a fixed number of
queries however long it grows.

Terms are public as they are; the meeting or document that records one is named only when it
is public itself (Term.public_sources). Meetings are counted and listed from `published()`
only, as every public list is.
"""

import datetime
from itertools import groupby
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext

from core.translated_text import shown_text
from meetings.models import Meeting, Organisation, Participant
from process.charts import MEETINGS_SHOWN
from process.models import Chairmanship, Membership, SteeringCommitteeSeat

# An organisation's page lists this many of the meetings it attended, newest first; the
# meetings list filtered by the organisation has them all.
ATTENDED_SHOWN = 50


def label(organisation):
    """An organisation's name where space is short: its acronym if it has one."""
    return organisation.acronym or organisation.name


def seats_for_display():
    return SteeringCommitteeSeat.objects.for_display().select_related("replaces__organisation")


def chairs_for_display():
    return (
        Chairmanship.objects.for_display()
        .select_related("handed_over_at")
        .defer("handed_over_at__body")
    )


def members(today=None):
    """/members/: today's members by kind, the Steering Committee by side, the chair, and
    the memberships that have ended."""
    today = today or datetime.date.today()
    memberships = list(Membership.objects.for_display().order_by("organisation__name_en", "pk"))
    current = [term for term in memberships if term.started <= today and not ended(term, today)]
    kinds = dict(Membership.Kind.choices)
    by_kind = [
        {"kind": kind, "title": kinds[kind], "terms": terms}
        for kind in Membership.Kind.values
        for terms in [[term for term in current if term.kind == kind]]
        if terms
    ]
    past = sorted(
        (term for term in memberships if ended(term, today)),
        key=lambda term: (term.ended, term.organisation.name),
        reverse=True,
    )
    seats = list(seats_for_display().on(today).order_by("organisation__name_en", "pk"))
    sides = [
        {"side": side, "title": title, "seats": [seat for seat in seats if seat.side == side]}
        for side, title in SteeringCommitteeSeat.Side.choices
    ]
    return {
        "by_kind": by_kind,
        "past": past,
        "sides": sides,
        "has_seats": bool(seats),
        "chair": chairs_for_display().on(today).first(),
    }


def ended(term, today):
    return term.ended is not None and term.ended < today


def public_organisation(slug):
    """The organisation at `slug` if it has a public appearance: it took part in a public
    meeting, or the Process's record has a term of it. None otherwise."""
    attended = Participant.objects.filter(
        organisation=OuterRef("pk"), meeting__in=Meeting.objects.published()
    )
    appears = (
        Exists(attended)
        | Exists(Membership.objects.filter(organisation=OuterRef("pk")))
        | Exists(SteeringCommitteeSeat.objects.filter(organisation=OuterRef("pk")))
        | Exists(Chairmanship.objects.filter(organisation=OuterRef("pk")))
    )
    return Organisation.objects.filter(appears, slug=slug).first()


def public_organisations():
    """Every organisation with a public appearance, for the sitemap."""
    attended = Participant.objects.filter(meeting__in=Meeting.objects.published())
    return Organisation.objects.filter(
        Exists(attended.filter(organisation=OuterRef("pk")))
        | Exists(Membership.objects.filter(organisation=OuterRef("pk")))
        | Exists(SteeringCommitteeSeat.objects.filter(organisation=OuterRef("pk")))
        | Exists(Chairmanship.objects.filter(organisation=OuterRef("pk")))
    )


def organisation_record(organisation):
    """An organisation's page: its terms, the public meetings it attended (the latest, with
    its roles there), and its share of the meetings year by year."""
    attended = Meeting.objects.published().filter(
        pk__in=Participant.objects.filter(organisation=organisation).values("meeting")
    )
    latest = list(
        attended.select_related("meeting_type")
        .defer("body")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.filter(organisation=organisation),
                to_attr="its_participations",
            )
        )
        .order_by("-start_date", "-pk")[:ATTENDED_SHOWN]
    )
    for meeting in latest:
        meeting.its_roles = sorted(
            {participant.get_role_display() for participant in meeting.its_participations}
        )
    return {
        "memberships": list(organisation.memberships.for_display()),
        "seats": list(seats_for_display().filter(organisation=organisation)),
        "chairs": list(chairs_for_display().filter(organisation=organisation)),
        "latest_meetings": latest,
        "share": share(organisation, attended),
    }


def per_year(meetings):
    return dict(meetings.values_list("start_date__year").annotate(n=Count("pk")).order_by())


def share(organisation, attended):
    """[{year, attended, total, url}] from its first year to the record's last."""
    attended_by_year = per_year(attended)
    if not attended_by_year:
        return []
    totals = per_year(Meeting.objects.published())
    years = range(min(attended_by_year), max(totals) + 1)
    return [
        {
            "year": year,
            "label": str(year),
            "attended": attended_by_year.get(year, 0),
            "total": totals.get(year, 0),
            "url": list_url(organisation=organisation.slug, year=year),
        }
        for year in years
    ]


def list_url(**query):
    return f"{reverse('meetings:list')}?{urlencode(query)}"


def timeline_figures(today=None):
    """/process/: every chairmanship, seat and membership, and the public meetings, one by
    one or, past MEETINGS_SHOWN of them, counted by month."""
    today = today or datetime.date.today()
    chairs = list(chairs_for_display())
    seats = list(seats_for_display())
    memberships = list(Membership.objects.for_display())
    months = list(
        Meeting.objects.published()
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    each = list(
        Meeting.objects.published()
        .values("slug", "start_date", name=shown_text(Meeting, "title"))
        .order_by("start_date", "pk")[: MEETINGS_SHOWN + 1]
    )
    total = sum(month["count"] for month in months)
    first_meeting = each[0]["start_date"] if each else None
    for meeting in each:
        meeting["url"] = reverse("meetings:detail", kwargs={"slug": meeting["slug"]})
    by_year = [
        {
            "year": year,
            "count": sum(month["count"] for month in group),
            "url": list_url(year=year),
        }
        for year, group in groupby(months, key=lambda month: month["month"].year)
    ]

    def term(one, **extra):
        return {
            "started": one.started,
            "ended": one.ended,
            "label": label(one.organisation),
            "title": f"{one.organisation.name}: {one.since} – {one.until or gettext('still')}",
            "url": one.organisation.get_absolute_url(),
            **extra,
        }

    return {
        "today": today,
        "first_meeting": first_meeting,
        "chairs": [term(chair) for chair in chairs],
        "seats": [term(seat, side=seat.side) for seat in seats],
        "memberships": [term(membership) for membership in memberships],
        "meetings": {
            "each": each if total <= MEETINGS_SHOWN else None,
            "months": months,
            "total": total,
            "by_year": by_year,
        },
        "titles": {
            "chairs": gettext("Chair of the Process"),
            "sides": [
                (SteeringCommitteeSeat.Side.AFRICAN, gettext("Steering Committee: African side")),
                (
                    SteeringCommitteeSeat.Side.EUROPEAN,
                    gettext("Steering Committee: European side"),
                ),
            ],
            "members": gettext("Members joining"),
            "meetings": gettext("Meetings"),
        },
        # The terms themselves, for the tables under the picture.
        "chair_terms": chairs,
        "seat_terms": seats,
        "membership_terms": memberships,
    }


def chair_at(meeting, request):
    """The meeting page's fact (core.page_parts): the chair of the Process on the meeting's
    first day, and whether it took over at this very meeting; None when the record has none."""
    chair = Chairmanship.objects.on(meeting.start_date).select_related("organisation").first()
    if chair is None:
        return None
    return {"chair": chair, "handed_over_here": chair.handed_over_at_id == meeting.pk}
