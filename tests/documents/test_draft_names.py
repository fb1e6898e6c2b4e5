"""A name that only drafts use (an organisation, a meeting or document type) is shown nowhere
in public: not in a list's filters in use, not on the search page, not in the API."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core.publishing import Status
from tests.factories import (
    DocumentFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
# Each name is unique to the hidden items: found anywhere in an answer, it has leaked.
HIDDEN_NAMES = ["Secret Summit Type", "Secret Paper Type", "Secret Delegation"]


@pytest.fixture
def traveller():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def hidden(traveller):
    """A meeting type, a document type and an organisation that only unpublished items use:
    a draft meeting, a document in review and a meeting scheduled for later; next to a
    published meeting and document of other types."""
    public = MeetingFactory(slug="public", title="Public meeting")
    DocumentFactory(meeting=public, title="Public document")
    secret_meeting_type = MeetingTypeFactory(slug="secret-summit", name=HIDDEN_NAMES[0])
    secret_document_type = DocumentTypeFactory(slug="secret-paper", name=HIDDEN_NAMES[1])
    organisation = OrganisationFactory(name=HIDDEN_NAMES[2])
    draft = MeetingFactory(status=Status.DRAFT, meeting_type=secret_meeting_type)
    ParticipantFactory(meeting=draft, organisation=organisation)
    DocumentFactory(meeting=None, status=Status.REVIEW, document_type=secret_document_type)
    scheduled = MeetingFactory(
        meeting_type=secret_meeting_type,
        publish_at=timezone.now() + datetime.timedelta(hours=1),
    )
    ParticipantFactory(meeting=scheduled, organisation=organisation)
    DocumentFactory(
        meeting=scheduled, document_type=secret_document_type, title="Scheduled document"
    )
    return {"organisation": organisation}


def assert_no_hidden_name(response):
    assert response.status_code < 500
    text = response.content.decode()
    for name in HIDDEN_NAMES:
        assert name not in text, (response.wsgi_request.get_full_path(), name)


def public_addresses(organisation_id):
    return [
        f"/meetings/?organisation={organisation_id}",
        "/meetings/?type=secret-summit",
        "/documents/?type=secret-paper",
        f"/meetings/feed.atom?organisation={organisation_id}",
        f"/meetings/export.csv?organisation={organisation_id}",
        f"/meetings/calendar.ics?organisation={organisation_id}",
        f"/alerts/meetings/?organisation={organisation_id}",
        "/alerts/documents/?type=secret-paper",
        "/search/",
        "/search/?q=meeting",
        "/search/?q=meeting&type=secret-summit",
        "/search/?q=document&document_type=secret-paper",
        "/api/meeting-types/",
        "/api/document-types/",
        "/api/organisations/",
        f"/api/meetings/?organisation={organisation_id}",
        "/api/meetings/?type=secret-summit",
        "/api/documents/?type=secret-paper",
    ]


def test_names_only_unpublished_items_use_appear_on_no_public_channel(client, hidden):
    for url in public_addresses(hidden["organisation"].pk):
        assert_no_hidden_name(client.get(url))


def test_a_filter_by_a_name_only_drafts_use_answers_as_for_an_unknown_one(client, hidden):
    organisation = hidden["organisation"].pk
    unknown = organisation + 1000
    for address, unknown_address in [
        (f"/meetings/?organisation={organisation}", f"/meetings/?organisation={unknown}"),
        ("/meetings/?type=secret-summit", "/meetings/?type=no-such-type"),
        ("/documents/?type=secret-paper", "/documents/?type=no-such-type"),
    ]:
        answer, answer_to_unknown = client.get(address), client.get(unknown_address)
        assert answer.context["filter_errors"] == answer_to_unknown.context["filter_errors"]
        assert answer.context["filter_errors"], address
        assert answer.context["rows"] == []
    search = client.get("/search/", {"q": "meeting", "type": "secret-summit"})
    assert "type" in search.context["form"].errors
    for api in [
        f"/api/meetings/?organisation={organisation}",
        "/api/meetings/?type=secret-summit",
        "/api/documents/?type=secret-paper",
    ]:
        response = client.get(api)
        assert response.status_code == 404, api
        assert "Select a valid choice" in str(response.json())
    assert client.get("/api/meeting-types/secret-summit/").status_code == 404
    assert client.get("/api/document-types/secret-paper/").status_code == 404


def test_the_names_appear_when_an_item_that_uses_them_comes_out(client, hidden, traveller):
    assert client.get("/api/meeting-types/secret-summit/").status_code == 404
    traveller.shift(datetime.timedelta(hours=1))
    types = [entry["name"] for entry in client.get("/api/meeting-types/").json()]
    assert HIDDEN_NAMES[0] in types
    document_types = [entry["name"] for entry in client.get("/api/document-types/").json()]
    assert HIDDEN_NAMES[1] in document_types
    organisations = client.get("/api/organisations/").json()["results"]
    assert HIDDEN_NAMES[2] in [entry["name"] for entry in organisations]
    chosen = client.get("/meetings/", {"organisation": hidden["organisation"].pk})
    assert chosen.context["filter_errors"] == []
    assert HIDDEN_NAMES[2] in chosen.content.decode()
    assert HIDDEN_NAMES[0] in client.get("/search/").content.decode()
