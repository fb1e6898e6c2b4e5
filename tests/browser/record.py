"""The record the browser tests browse, and the public pages they check: one list of each.

A new public page type is one line in PUBLIC_PAGES; a new language is one line in
settings.LANGUAGES, and every page is then checked in it too.
"""

import datetime
import hashlib
from types import SimpleNamespace

from meetings.models import Conclusion, Participant
from tests.factories import (
    ChairmanshipFactory,
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    PhotoFactory,
    PriorityDomainFactory,
    SteeringCommitteeSeatFactory,
    UpdateFactory,
    pdf_bytes,
)

# Thematic meetings hosted by Ethiopia in 2017: more than one page of the list (10 a page).
FILTERED_MEETINGS = 12


def make_record():
    """Meetings of two types, years and hosts; one with everything a meeting page shows."""
    thematic = MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    senior = MeetingTypeFactory(name="Senior officials meeting", slug="senior-officials-meeting")
    for number in range(FILTERED_MEETINGS - 1):
        MeetingFactory(
            title=f"Thematic meeting on return, session {number + 1}",
            meeting_type=thematic,
            start_date=datetime.date(2017, 3, 1) + datetime.timedelta(days=7 * number),
            host_country="ET",
        )
    MeetingFactory(
        title="Senior Officials Meeting in Berlin",
        meeting_type=senior,
        start_date=datetime.date(2016, 12, 15),
        city="Berlin",
        host_country="DE",
    )
    meeting = MeetingFactory(
        title="Thematic Meeting on smuggling in Addis Ababa",
        slug="2017-01-addis-ababa-thematic-meeting",
        meeting_type=thematic,
        start_date=datetime.date(2017, 1, 18),
        end_date=datetime.date(2017, 1, 19),
        summary="Co-chaired by Ethiopia and Italy, on the smuggling of migrants.",
        body="<p>The meeting was opened by the Minister of Foreign Affairs.</p>",
    )
    ethiopia = OrganisationFactory(name="Ethiopia", slug="ethiopia")
    ParticipantFactory(
        meeting=meeting,
        role=Participant.Role.CHAIR,
        organisation=ethiopia,
        person_name="A. Minister",
        person_title="Minister of Foreign Affairs",
    )
    ParticipantFactory(meeting=meeting, organisation=OrganisationFactory(name="UNHCR"))
    ConclusionFactory(
        meeting=meeting,
        kind=Conclusion.Kind.KEY_OBSERVATION,
        text="Smuggling networks adapt quickly to new routes.",
        attribution="the Chair",
    )
    next_step = ConclusionFactory(
        meeting=meeting, kind=Conclusion.Kind.NEXT_STEP, text="Map the routes."
    )
    # The Process over time: a domain, a chair, a member, a seat, a commitment followed up.
    meeting.domains.add(PriorityDomainFactory(slug="irregular-migration"))
    ChairmanshipFactory(organisation=ethiopia, started=datetime.date(2016, 12, 16))
    MembershipFactory(organisation=ethiopia, started=datetime.date(2016, 12, 16))
    SteeringCommitteeSeatFactory(organisation=ethiopia, side="african")
    UpdateFactory(conclusion=next_step, text="The routes were mapped in spring.")
    PhotoFactory(meeting=meeting, caption="Delegations in the plenary hall")
    content = pdf_bytes(pages=2)
    document = DocumentFactory(
        title="Joint conclusions on smuggling",
        meeting=meeting,
        document_type=DocumentTypeFactory(name="Joint conclusions", slug="joint-conclusions"),
        date=datetime.date(2017, 1, 19),
        description="<p>Adopted by the participants.</p>",
    )
    file = DocumentFileFactory(
        document=document, original_name="Joint conclusions.pdf", content=content
    )
    return SimpleNamespace(
        meeting=meeting,
        document=document,
        file=file,
        sha256=hashlib.sha256(content).hexdigest(),
    )


# Each public page type: (name, how to reach it: a URL name, its arguments from the record,
# a query string). The name is the test's id and a screenshot's file name.
PUBLIC_PAGES = [
    ("home", lambda record: ("home", {}, "")),
    ("meetings", lambda record: ("meetings:list", {}, "")),
    (
        "meetings-filtered",
        lambda record: (
            "meetings:list",
            {},
            "type=thematic-meeting&year=2017&host_country=ET",
        ),
    ),
    ("meetings-bad-filter", lambda record: ("meetings:list", {}, "year=abc&host_country=ET")),
    ("meeting", lambda record: ("meetings:detail", {"slug": record.meeting.slug}, "")),
    ("documents", lambda record: ("documents:list", {}, "")),
    ("document", lambda record: ("documents:detail", {"pk": record.document.pk}, "")),
    ("search", lambda record: ("search", {}, "q=smuggling")),
    ("search-empty", lambda record: ("search", {}, "q=nothing+matches+this")),
    ("not-found", lambda record: ("meetings:detail", {"slug": "no-such-meeting"}, "")),
    ("at-a-glance", lambda record: ("at-a-glance", {}, "")),
    ("alerts", lambda record: ("alerts:documents", {}, "type=joint-conclusions")),
    ("meetings-by-domain", lambda record: ("meetings:list", {}, "domain=irregular-migration")),
    ("members", lambda record: ("process:members", {}, "")),
    ("organisation", lambda record: ("process:organisation", {"slug": "ethiopia"}, "")),
    ("process", lambda record: ("process:process", {}, "")),
    ("follow-up", lambda record: ("followup:list", {}, "")),
    ("follow-up-filtered", lambda record: ("followup:list", {}, "status=in-progress")),
    ("follow-up-alerts", lambda record: ("alerts:follow-up", {}, "status=in-progress")),
]
