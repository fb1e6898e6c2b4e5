"""Pages cost a fixed number of SQL queries, whatever the number of rows."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    MeetingTypeFactory,
    ParticipantFactory,
    PhotoFactory,
    PriorityDomainFactory,
)

pytestmark = pytest.mark.django_db


def make_content(count):
    meeting_type = MeetingTypeFactory()
    meetings = []
    for index in range(count):
        meeting = MeetingFactory(
            meeting_type=meeting_type, start_date=datetime.date(2010 + index % 10, 1, 1 + index)
        )
        ParticipantFactory(meeting=meeting)
        ConclusionFactory(meeting=meeting)
        document = DocumentFactory(meeting=meeting)
        DocumentFileFactory(document=document, language="en")
        DocumentFileFactory(document=document, language="fr")
        PhotoFactory(meeting=meeting)
        # On a domain by itself, by a conclusion, or not at all; so are documents.
        back = PriorityDomainFactory(slug="return")
        if index % 3 == 0:
            meeting.domains.set([back])
        elif index % 3 == 1:
            ConclusionFactory(meeting=meeting).domains.set([back])
        if index % 2 == 0:
            document.domains.set([back, PriorityDomainFactory(slug="protection")])
        meetings.append(meeting)
    return meetings


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:  # a file's rows are read as it is sent
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


def detail_url(meetings):
    return meetings[0].get_absolute_url()


PAGES = {
    "home": lambda meetings: "/",
    "meeting list": lambda meetings: "/meetings/",
    "filtered meeting list": lambda meetings: "/meetings/?host_country=ET&year=2011",
    "meeting detail": detail_url,
    "document list": lambda meetings: "/documents/",
    "filtered document list": lambda meetings: "/documents/?language=fr&year=2017",
    "meeting list by domain": lambda meetings: "/meetings/?domain=return&year=2011",
    "document list by domain": lambda meetings: "/documents/?domain=return&language=fr",
    "meetings of a domain's channels": lambda meetings: "/meetings/feed.atom?domain=return",
    "documents of a domain as CSV": lambda meetings: "/documents/export.csv?domain=return",
    "meetings of a domain in the API": lambda meetings: "/api/meetings/?domain=return",
    "documents of a domain in the API": lambda meetings: "/api/documents/?domain=return",
    "at a glance": lambda meetings: "/at-a-glance/",
    "meetings of an organisation": lambda meetings: (
        f"/meetings/?organisation={meetings[0].participants.earliest('pk').organisation_id}"
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_public_pages_use_a_fixed_number_of_queries(client, page):
    few = make_content(3)
    # Every meeting gets more rows too, so the detail page is measured against more content.
    with_few = queries(client, PAGES[page](few))
    many = make_content(27)
    for meeting in few:
        for _ in range(9):
            ParticipantFactory(meeting=meeting)
            ConclusionFactory(meeting=meeting)
            PhotoFactory(meeting=meeting)
            DocumentFileFactory(document=DocumentFactory(meeting=meeting))
    assert len(few) + len(many) == 30
    assert queries(client, PAGES[page](few)) == with_few


@pytest.mark.parametrize(
    "url",
    [
        "/admin/meetings/meeting/",
        "/admin/documents/document/",
        "/admin/documents/downloadtally/",
        "/admin/meetings/organisation/",
    ],
)
def test_admin_changelists_use_a_fixed_number_of_queries(admin_client, url):
    make_content(3)
    # A first request fills Django's own per-process caches (content types), whichever test
    # ran before: then both sizes are measured alike.
    queries(admin_client, url)
    with_few = queries(admin_client, url)
    make_content(27)
    assert queries(admin_client, url) == with_few


TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"}


def reads(captured):
    """The statements that read something: a search's transaction and setting left out."""
    return [
        query["sql"]
        for query in captured
        if query["sql"].split()[0] not in TRANSACTION_CONTROL and "set_config" not in query["sql"]
    ]


def test_the_list_with_every_filter_set_reads_little_then_nothing(client, settings):
    # As in production, where the record's version is in the shared cache.
    settings.RECORD_VERSION_IN_CACHE = True
    meetings = make_content(5)
    meeting = meetings[0]
    participant = meeting.participants.earliest("pk")
    url = "/meetings/?" + urlencode(
        {
            "q": meeting.title.split()[0],
            "type": meeting.meeting_type.slug,
            "year": meeting.start_date.year,
            "host_country": meeting.host_country,
            "organisation": participant.organisation_id,
        }
    )
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.context["meeting_ids"] == [meeting.pk]
    # The next publication to come, the type and the organisation chosen, the total with
    # every facet's counts, the page's ids, its rows.
    assert len(reads(cold)) == 6
    # Then everything comes from the cache, rendered rows included, until the record changes.
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).content == response.content
    assert len(warm) == 0
