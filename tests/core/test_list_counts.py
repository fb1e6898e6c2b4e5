"""What lists cache (their counts, their rows) follows every change at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.publishing import Status
from documents.counting import record_download
from meetings.models import Meeting
from tests.factories import DocumentFactory, DocumentFileFactory, MeetingFactory
from tests.html import facet_counts, select_options

pytestmark = pytest.mark.django_db


def query_count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/meetings/", "/meetings/?year=2017", "/documents/?year=abc"])
def test_a_list_seen_again_does_not_count_again(client, url):
    MeetingFactory.create_batch(3)
    first = query_count(client, url)
    assert query_count(client, url) < first


def test_a_new_meeting_is_counted_at_once(client):
    MeetingFactory(host_country="ET")
    assert facet_counts(client.get("/meetings/"), "host_country") == {"ET": 1}
    MeetingFactory(host_country="ET")
    response = client.get("/meetings/")
    assert facet_counts(response, "host_country") == {"ET": 2}
    assert response.context["paginator"].count == 2


def test_a_meeting_returned_to_draft_leaves_the_documents_choices_at_once(
    client, secretariat_client
):
    meeting = MeetingFactory(title="Valletta SOM")
    DocumentFactory(meeting=meeting)
    assert select_options(client.get("/documents/"), "meeting") == [
        (meeting.slug, "Valletta SOM (1)", False)
    ]
    # The admin's bulk action writes with a queryset update, which sends no signal.
    secretariat_client.post(
        "/admin/meetings/meeting/",
        {"action": "unpublish", "_selected_action": [meeting.pk]},
    )
    assert Meeting.objects.get().status == Status.DRAFT
    response = client.get("/documents/")
    assert select_options(response, "meeting") == []
    assert "Valletta SOM" not in response.content.decode()


def test_a_deleted_meeting_is_no_longer_counted(client):
    MeetingFactory(host_country="ET")
    gone = MeetingFactory(host_country="DE")
    assert facet_counts(client.get("/meetings/"), "host_country") == {"ET": 1, "DE": 1}
    gone.delete()
    assert facet_counts(client.get("/meetings/"), "host_country") == {"ET": 1}


def test_a_document_row_shows_a_new_language_version_at_once(client):
    document = DocumentFactory(title="Joint conclusions")
    DocumentFileFactory(document=document, language="en")
    assert "French" not in client.get("/documents/").content.decode()
    DocumentFileFactory(document=document, language="fr")
    assert "French" in client.get("/documents/").content.decode()


def test_a_document_row_shows_its_new_download_count_at_once(client):
    document = DocumentFactory(show_download_count=True)
    file = DocumentFileFactory(document=document)
    record_download(file)
    assert "Downloaded 1 time" in client.get("/documents/").content.decode()
    record_download(file)
    assert "Downloaded 2 times" in client.get("/documents/").content.decode()


def test_meeting_cards_are_rendered_again_each_day(client, monkeypatch):
    """A card says “Upcoming” until its meeting has ended, so a new day renders it afresh."""
    MeetingFactory.create_batch(3)
    query_count(client, "/meetings/")
    same_day = query_count(client, "/meetings/")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr("meetings.views.timezone.localdate", lambda: tomorrow)
    assert query_count(client, "/meetings/") == same_day + 1  # the cards' rows, read to render


def test_the_filter_form_is_rendered_once_per_address_and_shows_each_visitors_values(client):
    """The form is cached by what it shows: another search or another error is its own."""
    MeetingFactory(title="Valletta SOM", host_country="ET")
    assert 'value="Valletta"' in client.get("/meetings/?q=Valletta").content.decode()
    other = client.get("/meetings/?q=Rome").content.decode()
    assert 'value="Rome"' in other and 'value="Valletta"' not in other
    assert "2099" not in client.get("/meetings/?year=2098").content.decode()
    assert "2099" in client.get("/meetings/?year=2099").content.decode()
