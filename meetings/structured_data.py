"""A meeting as schema.org's `Event` (core.structured_data)."""

from django.utils.text import Truncator

from core.richtext import plain_text
from core.structured_data import PROCESS, SCHEMA
from meetings.models import Participant


def meeting_event(meeting, participants, request):
    """A meeting as an `Event`: its days, place, organisers and the delegations that attended.

    The organisers are the meeting's hosts and co-conveners; without any, the Process.
    """
    organisers = unique_organisations(
        p for p in participants if p.role in {Participant.Role.HOST, Participant.Role.CO_CONVENER}
    )
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": meeting.title,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "startDate": meeting.start_date.isoformat(),
        "endDate": meeting.last_day.isoformat(),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "organizer": organisers or [{**PROCESS, "url": request.build_absolute_uri("/")}],
    }
    description = meeting.summary or Truncator(plain_text(meeting.body)).words(60)
    if description:
        data["description"] = description
    if meeting.city or meeting.host_country:
        address = {"@type": "PostalAddress"}
        if meeting.city:
            address["addressLocality"] = meeting.city
        if meeting.host_country:
            address["addressCountry"] = meeting.host_country.code
        data["location"] = {"@type": "Place", "name": meeting.place, "address": address}
    attendees = unique_organisations(participants)
    if attendees:
        data["attendee"] = attendees
    return data


def unique_organisations(participants):
    """Each delegation once, as an `Organization`, in the participants' order."""
    seen, organisations = set(), []
    for participant in participants:
        name = participant.delegation
        if name and name not in seen:
            seen.add(name)
            organisation = {"@type": "Organization", "name": name}
            if participant.organisation_id and participant.organisation.website:
                organisation["url"] = participant.organisation.website
            organisations.append(organisation)
    return organisations
