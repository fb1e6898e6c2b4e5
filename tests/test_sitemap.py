"""The sitemap lists every public meeting and document and the lists; robots.txt points at it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.utils import timezone

from core.publishing import Status
from tests.factories import DocumentFactory, DocumentFileFactory, MeetingFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def addresses(client):
    """{address: lastmod} of every sitemap the index names."""
    index = read(client, "/sitemap.xml")
    found = {}
    for location in index.findall("s:sitemap/s:loc", NS):
        section = read(client, location.text.removeprefix("http://testserver"))
        for url in section.findall("s:url", NS):
            lastmod = url.find("s:lastmod", NS)
            found[url.find("s:loc", NS).text] = lastmod.text if lastmod is not None else None
    return found


def test_the_sitemap_has_every_public_page_with_its_last_change(client):
    meeting = MeetingFactory(slug="berlin-2017")
    document = DocumentFactory(meeting=meeting)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        DocumentFileFactory(document=document)
    MeetingFactory(slug="draft", status=Status.DRAFT)
    hidden_meeting = MeetingFactory(
        slug="scheduled", publish_at=timezone.now() + datetime.timedelta(days=3)
    )
    draft_document = DocumentFactory(meeting=meeting, status=Status.DRAFT)
    document_of_hidden_meeting = DocumentFactory(meeting=hidden_meeting)

    found = addresses(client)

    base = "http://testserver"
    # Each page in English, French and Arabic.
    assert set(found) == {
        f"{base}{prefix}{path}"
        for prefix in ("", "/fr", "/ar")
        for path in (
            "/",
            "/meetings/",
            "/documents/",
            "/at-a-glance/",
            "/meetings/berlin-2017/",
            f"/documents/{document.pk}/",
            "/members/",
            "/process/",
        )
    }
    assert found[f"{base}/meetings/berlin-2017/"] == meeting.updated_at.date().isoformat()
    # A new language version is a change of the document's page.
    assert found[f"{base}/documents/{document.pk}/"] == (
        (timezone.now() + datetime.timedelta(days=1)).date().isoformat()
    )
    assert found[f"{base}/meetings/"]

    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        later = addresses(client)
    assert f"{base}/meetings/scheduled/" in later
    assert f"{base}/documents/{document_of_hidden_meeting.pk}/" in later
    assert f"{base}/documents/{draft_document.pk}/" not in later


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_an_unknown_sitemap_section_is_a_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-meetings.xml?p=abc").status_code == 404
