"""Scheduled publication: an item scheduled for 9 February 2017 10:00 is public from that
second on every channel, with nobody acting, cached lists included."""

import datetime
from http import HTTPStatus

import pytest
import time_machine

from core.models import RecordVersion
from core.publishing import State, Status
from core.record_version import record_version
from meetings.models import Meeting
from tests.factories import (
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    PhotoFactory,
)
from tests.html import select_options

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2017, 2, 9, 10, 0, tzinfo=datetime.UTC)
A_SECOND_BEFORE = MOMENT - datetime.timedelta(seconds=1)


@pytest.fixture
def clock():
    with time_machine.travel(A_SECOND_BEFORE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def embargoed(clock):
    """The Valletta SOM's joint conclusions, uploaded the night before, with the meeting."""
    meeting = MeetingFactory(
        title="Joint Valletta Action Plan SOM",
        slug="2017-02-valletta-som",
        start_date=datetime.date(2017, 2, 8),
        end_date=datetime.date(2017, 2, 9),
        status=Status.PUBLISHED,
        publish_at=MOMENT,
    )
    document = DocumentFactory(title="Joint conclusions", meeting=meeting)
    file = DocumentFileFactory(document=document, original_name="joint-conclusions.pdf")
    standalone = DocumentFactory(
        title="Rabat Process analysis report", meeting=None, publish_at=MOMENT
    )
    standalone_file = DocumentFileFactory(document=standalone, original_name="analysis.pdf")
    photo = PhotoFactory(meeting=meeting)
    return {
        "meeting": meeting,
        "document": document,
        "standalone": standalone,
        "channels": {
            "meetings list": ("/meetings/", "Joint Valletta Action Plan SOM"),
            "meeting page": (meeting.get_absolute_url(), "Joint conclusions"),
            "documents list": ("/documents/", "Joint conclusions"),
            "standalone in the documents list": ("/documents/", "Rabat Process analysis"),
            "document page": (document.get_absolute_url(), "Joint conclusions"),
            "standalone document page": (standalone.get_absolute_url(), "Rabat Process"),
            "file download": (file.get_absolute_url(), None),
            "standalone file download": (standalone_file.get_absolute_url(), None),
            "photo rendition": (photo.thumbnail_url, None),
            "home page": ("/", "Joint Valletta Action Plan SOM"),
        },
    }


def public(client, url, text):
    response = client.get(url)
    if response.status_code == HTTPStatus.NOT_FOUND:
        return False
    assert response.status_code == HTTPStatus.OK, url
    if text is None:
        return True
    return text in response.content.decode()


def test_a_scheduled_item_is_hidden_until_its_second_then_public_everywhere(
    client, clock, embargoed
):
    channels = embargoed["channels"]
    assert {name: public(client, *where) for name, where in channels.items()} == dict.fromkeys(
        channels, False
    )
    clock.move_to(MOMENT)
    assert {name: public(client, *where) for name, where in channels.items()} == dict.fromkeys(
        channels, True
    )


def test_cached_lists_change_at_the_scheduled_second(client, clock, embargoed):
    """The lists' counts and rows are cached by record version: nothing is written at the
    scheduled time, yet the first request after it sees the new item."""
    MeetingFactory(title="Khartoum thematic meeting", start_date=datetime.date(2016, 5, 24))
    meeting = embargoed["meeting"]
    for _ in range(2):  # the second request reads from the cache
        meetings = client.get("/meetings/")
        documents = client.get("/documents/")
    version = record_version()
    assert meetings.context["paginator"].count == 1
    assert "Joint Valletta" not in meetings.content.decode()
    assert select_options(documents, "meeting") == []
    assert documents.context["paginator"].count == 0

    clock.move_to(MOMENT)
    meetings = client.get("/meetings/")
    documents = client.get("/documents/")
    assert record_version() == version + 1
    assert meetings.context["paginator"].count == 2
    assert "Joint Valletta Action Plan SOM" in meetings.content.decode()
    assert "1 document" in meetings.content.decode()  # the card's count of public documents
    assert documents.context["paginator"].count == 2
    assert select_options(documents, "meeting") == [
        (meeting.slug, "Joint Valletta Action Plan SOM (1)", False)
    ]
    # The version moved on once; later requests read the new entries.
    client.get("/meetings/")
    assert record_version() == version + 1


def test_the_version_waits_for_the_next_scheduled_item(clock):
    MeetingFactory(publish_at=MOMENT)
    MeetingFactory(publish_at=MOMENT + datetime.timedelta(hours=1))
    version = record_version()
    clock.move_to(MOMENT)
    assert record_version() == version + 1
    assert record_version() == version + 1
    clock.move_to(MOMENT + datetime.timedelta(minutes=59))
    assert record_version() == version + 1
    clock.move_to(MOMENT + datetime.timedelta(hours=1))
    assert record_version() == version + 2


def test_a_draft_with_a_date_stays_hidden_after_it(client, clock):
    meeting = MeetingFactory(status=Status.DRAFT, publish_at=MOMENT)
    clock.move_to(MOMENT + datetime.timedelta(days=1))
    assert client.get(meeting.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert not Meeting.objects.published().exists()


def test_states_as_staff_see_them(clock):
    assert MeetingFactory(status=Status.PUBLISHED, publish_at=MOMENT).state == State.SCHEDULED
    assert MeetingFactory(status=Status.PUBLISHED, publish_at=A_SECOND_BEFORE).state == (
        State.PUBLISHED
    )
    assert MeetingFactory(status=Status.PUBLISHED).state == State.PUBLISHED
    assert MeetingFactory(status=Status.REVIEW).state == State.REVIEW
    assert MeetingFactory(status=Status.DRAFT, publish_at=MOMENT).state == State.DRAFT


def test_unpublishing_hides_a_meeting_everywhere(client, secretariat_client):
    meeting = MeetingFactory(title="Berlin thematic meeting")
    document = DocumentFactory(meeting=meeting, title="Five key observations")
    file = DocumentFileFactory(document=document)
    photo = PhotoFactory(meeting=meeting)
    urls = [
        "/meetings/",
        "/documents/",
        "/",
        meeting.get_absolute_url(),
        document.get_absolute_url(),
        file.get_absolute_url(),
        photo.thumbnail_url,
    ]
    assert all(client.get(url).status_code == HTTPStatus.OK for url in urls)
    secretariat_client.post(
        "/admin/meetings/meeting/", {"action": "unpublish", "_selected_action": [meeting.pk]}
    )
    client.logout()
    for url in urls[:3]:
        content = client.get(url).content.decode()
        assert "Berlin thematic meeting" not in content
        assert "Five key observations" not in content
    for url in urls[3:]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


@pytest.mark.parametrize(
    ("fields", "banner"),
    [
        ({"status": Status.DRAFT}, "This meeting is not published."),
        ({"status": Status.REVIEW}, "This meeting is in review"),
        (
            {"status": Status.PUBLISHED, "publish_at": MOMENT},
            "This meeting is scheduled: the public will see it from 9 February 2017, 10:00 UTC",
        ),
    ],
)
def test_staff_preview_says_why_a_meeting_is_not_public(secretariat_client, clock, fields, banner):
    meeting = MeetingFactory(**fields)
    content = secretariat_client.get(meeting.get_absolute_url()).content.decode()
    assert banner in content
    assert "not visible to the public" in content


@pytest.mark.parametrize(
    ("fields", "banner"),
    [
        ({"status": Status.REVIEW}, "This document is in review"),
        ({"status": Status.PUBLISHED, "publish_at": MOMENT}, "This document is scheduled"),
    ],
)
def test_staff_preview_says_why_a_document_is_not_public(secretariat_client, clock, fields, banner):
    document = DocumentFactory(meeting=None, **fields)
    assert banner in secretariat_client.get(document.get_absolute_url()).content.decode()


def test_a_new_record_version_knows_the_scheduled_items(clock):
    MeetingFactory(publish_at=MOMENT)
    RecordVersion.objects.all().delete()
    version = record_version()
    clock.move_to(MOMENT)
    assert record_version() == version + 1
