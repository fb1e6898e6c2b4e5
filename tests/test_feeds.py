"""The Atom feeds of meetings and documents: valid Atom, the lists' filters, only public items."""

import datetime
import re

import feedparser
import pytest
import time_machine
from django.utils import timezone

from core.publishing import Status
from tests.factories import DocumentFactory, DocumentFileFactory, MeetingFactory, MeetingTypeFactory

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def meetings():
    thematic = MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    senior = MeetingTypeFactory(name="Senior officials meeting", slug="som")
    return {
        "addis": MeetingFactory(
            title="Thematic meeting on return & reintegration",
            meeting_type=thematic,
            host_country="ET",
            summary="Hosted by Ethiopia.",
        ),
        "berlin": MeetingFactory(
            title="Thematic meeting in Berlin", meeting_type=thematic, host_country="DE"
        ),
        "rome": MeetingFactory(
            title="Senior officials in Rome",
            meeting_type=senior,
            host_country="IT",
            body="<p>The <strong>senior</strong> officials met.</p>",
        ),
        "draft": MeetingFactory(title="Draft meeting", meeting_type=thematic, status=Status.DRAFT),
        "scheduled": MeetingFactory(
            title="Scheduled meeting",
            meeting_type=thematic,
            host_country="ET",
            publish_at=timezone.now() + datetime.timedelta(days=2),
        ),
    }


def test_meeting_feed_has_every_public_meeting_with_stable_ids(client, meetings):
    feed = parse(client.get("/meetings/feed.atom"))

    titles = {entry.title for entry in feed.entries}
    assert titles == {
        "Thematic meeting on return & reintegration",
        "Thematic meeting in Berlin",
        "Senior officials in Rome",
    }
    addis = next(entry for entry in feed.entries if "Ethiopia" in entry.summary)
    assert re.fullmatch(r"tag:127.0.0.1,\d{4}-\d\d-\d\d:meeting/\d+", addis.id)
    assert addis.id.endswith(f"meeting/{meetings['addis'].pk}")
    assert addis.link == f"http://testserver/meetings/{meetings['addis'].slug}/"
    assert addis.updated_parsed
    assert "Hosted by Ethiopia." in addis.summary
    rome = next(entry for entry in feed.entries if entry.title == "Senior officials in Rome")
    # The rich text's words, not its tags.
    assert "The senior officials met." in rome.summary
    assert "<strong>" not in rome.summary
    assert feed.feed.author == "Secretariat of the Khartoum Process"

    # A new slug and title keep the entry's id.
    meetings["addis"].title = "Renamed"
    meetings["addis"].slug = "renamed"
    meetings["addis"].save()
    again = parse(client.get("/meetings/feed.atom"))
    assert addis.id in {entry.id for entry in again.entries if entry.title == "Renamed"}


def test_meeting_feed_honours_the_list_filters(client, meetings):
    feed = parse(client.get("/meetings/feed.atom?type=thematic-meeting&host_country=ET"))

    assert [entry.title for entry in feed.entries] == ["Thematic meeting on return & reintegration"]
    assert "Thematic meeting" in feed.feed.title
    assert "Ethiopia" in feed.feed.title
    assert feed.feed.link.endswith("/meetings/?type=thematic-meeting&host_country=ET")

    searched = parse(client.get("/meetings/feed.atom?q=Berlin"))
    assert [entry.title for entry in searched.entries] == ["Thematic meeting in Berlin"]


def test_scheduled_meeting_enters_the_feed_at_its_time(client, meetings):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        feed = parse(client.get("/meetings/feed.atom?host_country=ET"))
    assert {entry.title for entry in feed.entries} == {
        "Thematic meeting on return & reintegration",
        "Scheduled meeting",
    }


def test_a_bad_filter_is_a_clear_400(client, meetings):
    response = client.get("/meetings/feed.atom?year=abc&type=nope")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Year" in text and "Type" in text


def test_document_feed_filters_and_hides_what_is_not_public(client, meetings):
    joint = DocumentFactory(title="Joint conclusions", meeting=meetings["addis"])
    DocumentFileFactory(document=joint, language="fr")
    DocumentFactory(title="Work plan", meeting=meetings["berlin"], description="<p>A plan.</p>")
    DocumentFactory(title="Draft paper", meeting=meetings["addis"], status=Status.DRAFT)
    DocumentFactory(title="Paper of a draft meeting", meeting=meetings["draft"])
    DocumentFactory(title="Paper of a scheduled meeting", meeting=meetings["scheduled"])

    feed = parse(client.get("/documents/feed.atom"))
    assert {entry.title for entry in feed.entries} == {"Joint conclusions", "Work plan"}
    plan = next(entry for entry in feed.entries if entry.title == "Work plan")
    assert "A plan." in plan.summary
    assert re.fullmatch(r"tag:127.0.0.1,\d{4}-\d\d-\d\d:document/\d+", plan.id)

    french = parse(client.get("/documents/feed.atom?language=fr"))
    assert [entry.title for entry in french.entries] == ["Joint conclusions"]


@pytest.mark.parametrize("path", ["/meetings/", "/documents/"])
def test_lists_link_the_feed_of_their_filter(client, meetings, path):
    response = client.get(f"{path}?type=thematic-meeting&page=1")

    html = response.content.decode()
    feed = f"{path}feed.atom?type=thematic-meeting"
    assert (
        '<link rel="alternate" type="application/atom+xml" title="News feed of this list" '
        f'href="{feed}">' in html
    )
    assert f'<a href="{feed}" type="application/atom+xml">' in html


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/feed.atom",
        "/documents/feed.atom",
        "/meetings/calendar.ics",
        "/meetings/export.csv",
        "/documents/export.csv",
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=" + "x" * 10_000,
        "q=%27%22%3B--%20DROP%20TABLE",
        "year=99999&type=%F0%9F%98%80",
        "host_country=XX&language=zz",
        "meeting=no-such-meeting",
        "adopted_after=2017-02-30&adopted_before=yesterday",
        "page=abc&page=2",
        "q=a&q=b&type=",
    ],
)
def test_no_query_string_breaks_a_channel(client, meetings, path, query):
    response = client.get(f"{path}?{query}")

    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert "could not be used" in response.content.decode()


@pytest.mark.parametrize("path", ["/meetings/feed.atom", "/documents/feed.atom"])
def test_a_feed_answers_conditional_requests_without_the_page_cache(client, meetings, path):
    DocumentFactory(meeting=meetings["addis"])
    first = client.get(path)
    assert first.status_code == 200
    for condition in [
        {"If-Modified-Since": first["Last-Modified"]},
        {"If-None-Match": first["ETag"]},
    ]:
        again = client.get(path, headers=condition)
        assert again.status_code == 304, condition
        assert again.content == b""

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        DocumentFactory(meeting=meetings["berlin"])
        MeetingFactory(title="Meeting in Khartoum")
        assert client.get(path, headers={"If-None-Match": first["ETag"]}).status_code == 200
        changed = client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})
        assert changed.status_code == 200


def test_entry_ids_are_the_sites_whatever_host_the_feed_was_read_by(client, settings, meetings):
    settings.SITE_URL = "https://khartoumprocess.example.org"
    settings.ALLOWED_HOSTS = ["khartoumprocess.example.org", "203.0.113.7"]
    ids = [
        {entry.id for entry in parse(client.get("/meetings/feed.atom", HTTP_HOST=host)).entries}
        for host in ["khartoumprocess.example.org", "203.0.113.7:8080"]
    ]
    assert ids[0] == ids[1]
    assert all(entry.startswith("tag:khartoumprocess.example.org,") for entry in ids[0])
