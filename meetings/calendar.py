"""Meetings as iCalendar: one meeting's `.ics`, and a subscription to the filtered list."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from core.channels import (
    BadFilter,
    bad_filter_response,
    conditional_on_record,
    describe,
    filtered,
    site_domain,
)
from meetings.filters import MeetingFilter
from meetings.models import Meeting, PreviousSlug

CONTENT_TYPE = "text/calendar; charset=utf-8"


def meeting_event(meeting, request):
    """The meeting as an all-day event over its days.

    Its UID names the meeting's primary key, which no edit changes, and the site's domain
    (not the host the request came by), so a calendar that subscribed updates the event
    (told by SEQUENCE) instead of adding another.
    """
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{site_domain()}")
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.start_date)
    # DTEND of an all-day event is the day after the last one (RFC 5545 3.6.1).
    event.add("dtend", meeting.last_day + datetime.timedelta(days=1))
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    event.add("transp", "TRANSPARENT")
    if meeting.place:
        event.add("location", meeting.place)
    url = request.build_absolute_uri(meeting.get_absolute_url())
    event.add("url", url)
    description = " ".join(part for part in [meeting.summary, url] if part)
    event.add("description", description)
    event.add("categories", [meeting.meeting_type.name])
    return event


def calendar(name, events):
    cal = Calendar()
    cal.add("prodid", "-//Khartoum Process//Record of meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(event)
    return cal


def ics_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@conditional_on_record
def meeting_calendar(request, slug):
    meetings = Meeting.objects.published().select_related("meeting_type")
    meeting = meetings.filter(slug=slug).first()
    if meeting is None:
        # An address from before the slug changed, kept in a calendar, still leads here.
        previous = PreviousSlug.objects.filter(slug=slug, meeting__in=meetings).first()
        if previous is None:
            raise Http404(gettext("There is no published meeting at this address."))
        return redirect("meetings:ics", slug=previous.meeting.slug, permanent=True)
    cal = calendar(meeting.title, [meeting_event(meeting, request)])
    return ics_response(cal, f"{meeting.slug}.ics")


@require_safe
@conditional_on_record
def meetings_calendar(request):
    """Every public meeting the list's filters select: a calendar to subscribe to."""
    try:
        filterset, meetings = filtered(
            MeetingFilter, request, Meeting.objects.published().select_related("meeting_type")
        )
    except BadFilter as error:
        return bad_filter_response(error)
    name = gettext("Khartoum Process meetings")
    filters = describe(filterset)
    if filters:
        name = f"{name} ({filters})"
    cal = calendar(name, (meeting_event(meeting, request) for meeting in meetings))
    return ics_response(cal, "khartoum-process-meetings.ics")
