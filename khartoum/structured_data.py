"""schema.org descriptions of the public pages, for search engines, as JSON-LD.

Built here as plain data and written into the page by the `json_ld` filter, which escapes
it the way `json_script` does; a `<script type="application/ld+json">` is a data block that
browsers never run, so the Content Security Policy need not allow it.
"""

from django.utils.text import Truncator

from meetings.models import Participant

from .richtext import plain_text

SCHEMA = "https://schema.org"
PROCESS = {"@type": "Organization", "name": "Khartoum Process"}


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


def digital_document(document, files, request):
    """A document as a `DigitalDocument`, each language version an `encoding` of it."""
    data = {
        "@context": SCHEMA,
        "@type": "DigitalDocument",
        "name": document.title,
        "url": request.build_absolute_uri(document.get_absolute_url()),
        "datePublished": document.date.isoformat(),
        "genre": document.document_type.name,
        "publisher": PROCESS,
    }
    description = Truncator(plain_text(document.description)).words(60)
    if description:
        data["description"] = description
    if document.reference:
        data["identifier"] = document.reference
    if document.meeting_id:
        data["about"] = {
            "@type": "Event",
            "name": document.meeting.title,
            "url": request.build_absolute_uri(document.meeting.get_absolute_url()),
        }
    if files:
        data["inLanguage"] = [file.language for file in files]
        data["encoding"] = [
            {
                "@type": "MediaObject",
                "name": file.public_name,
                "contentUrl": request.build_absolute_uri(file.get_absolute_url()),
                "encodingFormat": file.content_type,
                "inLanguage": file.language,
                "contentSize": f"{file.size} B",
                "sha256": file.sha256,
            }
            for file in files
        ]
    return data
