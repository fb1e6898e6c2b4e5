"""Meeting and document pages describe themselves to search engines and link previews."""

import datetime
import json
from html.parser import HTMLParser

import pytest

from meetings.models import Participant
from tests.factories import (
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """The page's JSON-LD blocks and its <meta property|name> tags."""

    def __init__(self):
        super().__init__()
        self.blocks, self.meta, self._in_block = [], {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_block = True
            self.blocks.append("")
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")

    def handle_endtag(self, tag):
        self._in_block = False

    def handle_data(self, data):
        if self._in_block:
            self.blocks[-1] += data


def read(response):
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    assert len(reader.blocks) == 1
    return json.loads(reader.blocks[0]), reader.meta


@pytest.fixture
def berlin():
    meeting = MeetingFactory(
        title="Thematic meeting on smuggling </script><!--",
        slug="berlin-2017",
        start_date=datetime.date(2017, 5, 18),
        end_date=datetime.date(2017, 5, 19),
        city="Berlin",
        host_country="DE",
        summary="Hosted by Germany & Italy.",
    )
    germany = OrganisationFactory(name="Germany", website="https://www.auswaertiges-amt.de/")
    ParticipantFactory(meeting=meeting, role=Participant.Role.HOST, organisation=germany)
    ParticipantFactory(meeting=meeting, role=Participant.Role.CHAIR, organisation=germany)
    ParticipantFactory(meeting=meeting, organisation=OrganisationFactory(name="UNHCR"))
    ParticipantFactory(meeting=meeting, organisation=None, country="UG")
    return meeting


def test_a_meeting_page_carries_an_event(client, berlin):
    response = client.get("/meetings/berlin-2017/")
    data, meta = read(response)

    # The title cannot close the data block or open a comment in it.
    assert "</script><!--" not in response.content.decode().split("application/ld+json")[1][:300]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Thematic meeting on smuggling </script><!--"
    assert data["startDate"] == "2017-05-18"
    assert data["endDate"] == "2017-05-19"
    assert data["url"] == "http://testserver/meetings/berlin-2017/"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Berlin, Germany",
        "address": {"@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE"},
    }
    assert data["organizer"] == [
        {"@type": "Organization", "name": "Germany", "url": "https://www.auswaertiges-amt.de/"}
    ]
    assert [attendee["name"] for attendee in data["attendee"]] == ["Germany", "UNHCR", "Uganda"]
    assert {attendee["@type"] for attendee in data["attendee"]} == {"Organization"}
    assert data["description"] == "Hosted by Germany & Italy."

    assert meta["og:title"] == "Thematic meeting on smuggling </script><!--"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "http://testserver/meetings/berlin-2017/"
    assert meta["og:description"] == "Hosted by Germany & Italy."
    assert meta["og:site_name"] == "Khartoum Process"
    assert meta["twitter:card"] == "summary"


def test_a_meeting_without_hosts_is_organised_by_the_process(client):
    MeetingFactory(slug="plain", city="", host_country="")

    data, _meta = read(client.get("/meetings/plain/"))

    assert data["organizer"][0]["name"] == "Khartoum Process"
    assert "location" not in data and "attendee" not in data


def test_a_document_page_carries_a_digital_document_with_its_language_versions(client, berlin):
    document = DocumentFactory(
        title="Joint conclusions",
        meeting=berlin,
        date=datetime.date(2017, 5, 19),
        reference="KP-2017-05",
        description="<p>Adopted by <strong>all</strong>.</p>",
    )
    english = DocumentFileFactory(document=document, language="en", original_name="Joint.pdf")
    french = DocumentFileFactory(document=document, language="fr", original_name="Conjointes.pdf")

    data, meta = read(client.get(document.get_absolute_url()))

    assert data["@type"] == "DigitalDocument"
    assert data["name"] == "Joint conclusions"
    assert data["datePublished"] == "2017-05-19"
    assert data["identifier"] == "KP-2017-05"
    assert data["description"] == "Adopted by all."
    assert data["about"]["url"] == "http://testserver/meetings/berlin-2017/"
    assert sorted(data["inLanguage"]) == ["en", "fr"]
    versions = {version["inLanguage"]: version for version in data["encoding"]}
    assert versions["en"]["@type"] == "MediaObject"
    assert versions["en"]["contentUrl"] == f"http://testserver{english.get_absolute_url()}"
    assert versions["fr"]["contentUrl"] == f"http://testserver{french.get_absolute_url()}"
    assert versions["fr"]["encodingFormat"] == "application/pdf"
    assert versions["fr"]["sha256"] == french.sha256
    assert client.get(versions["fr"]["contentUrl"]).status_code == 200
    assert meta["og:title"] == "Joint conclusions"
    assert meta["og:description"] == "Adopted by all."


@pytest.mark.parametrize("path", ["/", "/meetings/", "/documents/"])
def test_other_pages_have_link_previews(client, path):
    response = client.get(path)
    reader = HeadReader()
    reader.feed(response.content.decode())

    assert reader.meta["og:title"]
    assert reader.meta["og:description"]
    assert reader.meta["og:type"] == "website"
