"""The read-only JSON API: answers that match its own OpenAPI schema, only what is public."""

import base64
import datetime
import hashlib
from urllib.parse import urlencode

import pytest
import time_machine
import yaml
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from core.publishing import Status
from meetings.models import Participant
from tests.factories import (
    PDF_BYTES,
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def schema(client):
    """The API's own schema, as /api/schema/ serves it."""
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return OpenAPI.from_dict(yaml.safe_load(response.content))


def get(client, url, schema=None, data=None, **headers):
    response = client.get(url, data, **headers)
    if schema is not None and response.status_code < 500:
        # Every answer, errors included, is one the schema describes.
        schema.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
    return response


@pytest.fixture
def record():
    """A published meeting with a participant, a conclusion and a document in two languages."""
    meeting = MeetingFactory(
        title="Thematic Meeting",
        slug="thematic-meeting-berlin",
        meeting_type=MeetingTypeFactory(slug="thematic-meeting", name="Thematic meeting"),
        start_date=datetime.date(2017, 5, 18),
        end_date=datetime.date(2017, 5, 19),
        city="Berlin",
        host_country="DE",
    )
    ParticipantFactory(
        meeting=meeting,
        organisation=OrganisationFactory(
            name="International Organization for Migration", acronym="IOM"
        ),
        role=Participant.Role.PRESENTER,
    )
    ParticipantFactory(
        meeting=meeting, organisation=None, country="UG", role=Participant.Role.DELEGATE
    )
    ConclusionFactory(meeting=meeting, text="Uganda joins the Process.", attribution="the Chair")
    document = DocumentFactory(
        meeting=meeting,
        title="Joint conclusions",
        reference="KP/2017/1",
        document_type=DocumentTypeFactory(slug="joint-conclusions", name="Joint conclusions"),
        date=datetime.date(2017, 5, 19),
    )
    DocumentFileFactory(document=document, language="en", public_name="joint-conclusions-en.pdf")
    DocumentFileFactory(document=document, language="fr", public_name="joint-conclusions-fr.pdf")
    return meeting, document


def test_meetings_nest_participants_conclusions_and_documents(client, schema, record):
    meeting, document = record
    response = get(client, "/api/meetings/", schema)
    assert response.status_code == 200
    [entry] = response.json()["results"]
    assert entry["slug"] == "thematic-meeting-berlin"
    assert entry["url"] == "http://testserver/meetings/thematic-meeting-berlin/"
    assert entry["type"] == {"slug": "thematic-meeting", "name": "Thematic meeting"}
    assert (entry["host_country"], entry["host_country_name"]) == ("DE", "Germany")
    assert [p["delegation"] for p in entry["participants"]] == [
        "International Organization for Migration (IOM)",
        "Uganda",
    ]
    assert entry["participants"][0]["organisation"]["acronym"] == "IOM"
    assert entry["participants"][1]["organisation"] is None
    assert entry["conclusions"][0]["text"] == "Uganda joins the Process."
    [nested] = entry["documents"]
    assert nested["title"] == "Joint conclusions"
    assert [file["language"] for file in nested["files"]] == ["en", "fr"]

    detail = get(client, entry["api_url"], schema)
    assert detail.json() == entry


def test_a_former_slug_leads_to_the_meeting(client, schema, record):
    meeting, _document = record
    meeting.slug = "berlin-2017"
    meeting.save()
    response = get(client, "/api/meetings/thematic-meeting-berlin/", schema)
    assert response.status_code == 301
    assert response["Location"] == "/api/meetings/berlin-2017/"
    assert client.get("/api/meetings/no-such-meeting/").status_code == 404


def test_the_schema_tells_that_a_former_slug_redirects(client):
    described = yaml.safe_load(client.get("/api/schema/").content)
    answers = described["paths"]["/api/meetings/{slug}/"]["get"]["responses"]
    assert set(answers) >= {"200", "301"}
    assert "before" in answers["301"]["description"]
    assert answers["301"]["headers"]["Location"]["schema"] == {"type": "string", "format": "uri"}


def test_documents_give_each_language_file_with_checksum_and_download_address(
    client, schema, record
):
    meeting, document = record
    response = get(client, f"/api/documents/{document.pk}/", schema)
    assert response.status_code == 200
    entry = response.json()
    assert entry["meeting"]["slug"] == meeting.slug
    french = entry["files"][1]
    assert french["language"] == "fr"
    assert french["language_name"] == "French"
    assert french["public_name"] == "joint-conclusions-fr.pdf"
    assert french["size"] == len(PDF_BYTES)
    assert french["content_type"] == "application/pdf"
    assert french["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert french["download_url"] == (
        f"http://testserver/documents/{document.pk}/joint-conclusions-fr.pdf"
    )
    # The address really serves that file.
    download = client.get(french["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_organisations_and_types(client, schema, record):
    OrganisationFactory(name="Only in a draft")
    MeetingFactory(status=Status.DRAFT).participants.create(
        organisation=OrganisationFactory(name="Registry only"), role=Participant.Role.DELEGATE
    )
    response = get(client, "/api/organisations/", schema)
    assert [o["name"] for o in response.json()["results"]] == [
        "International Organization for Migration"
    ]
    types = get(client, "/api/meeting-types/", schema).json()
    assert {"slug": "thematic-meeting", "name": "Thematic meeting"} in types
    assert get(client, "/api/document-types/", schema).json()[0]["slug"] == "joint-conclusions"
    assert get(client, "/api/meeting-types/thematic-meeting/", schema).status_code == 200


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/meetings/?type=thematic-meeting", ["berlin"]),
        ("/api/meetings/?year=2016", ["khartoum"]),
        ("/api/meetings/?host_country=SD", ["khartoum"]),
        ("/api/meetings/?host_country=DE&year=2017", ["berlin"]),
        ("/api/meetings/?q=smuggling", ["khartoum"]),
        ("/api/meetings/?q=BERLIN", ["berlin"]),
        ("/api/meetings/", ["berlin", "khartoum"]),
    ],
)
def test_meeting_filters_are_the_lists_filters(client, schema, url, expected):
    MeetingFactory(
        slug="berlin",
        meeting_type=MeetingTypeFactory(slug="thematic-meeting"),
        start_date=datetime.date(2017, 5, 18),
        city="Berlin",
        host_country="DE",
    )
    MeetingFactory(
        slug="khartoum",
        title="People smuggling",
        meeting_type=MeetingTypeFactory(slug="senior-officials"),
        start_date=datetime.date(2016, 5, 24),
        city="Khartoum",
        host_country="SD",
    )
    response = get(client, url, schema)
    assert [m["slug"] for m in response.json()["results"]] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=fr", ["French only"]),
        ("language=en", ["English only"]),
        ("type=analysis-report", ["English only"]),
        ("meeting=berlin", ["French only"]),
        ("year=2016", ["English only"]),
        ("reference=som", ["French only"]),
        ("q=french", ["French only"]),
        ("adopted_after=2017-01-01", ["French only"]),
    ],
)
def test_document_filters_are_the_lists_filters(client, schema, query, expected):
    french = DocumentFactory(
        title="French only",
        reference="KP/SOM/2017",
        meeting=MeetingFactory(slug="berlin"),
        date=datetime.date(2017, 5, 19),
        adopted_on=datetime.date(2017, 5, 19),
    )
    DocumentFileFactory(document=french, language="fr")
    english = DocumentFactory(
        title="English only",
        meeting=None,
        document_type=DocumentTypeFactory(slug="analysis-report"),
        date=datetime.date(2016, 10, 20),
    )
    DocumentFileFactory(document=english, language="en")
    response = get(client, f"/api/documents/?{query}", schema)
    assert [d["title"] for d in response.json()["results"]] == expected


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/api/meetings/?year=abc", "year", "Enter a whole number."),
        ("/api/meetings/?year=2017.5", "year", "Enter a whole number."),
        ("/api/meetings/?year=12", "year", "greater than or equal to 1900"),
        ("/api/meetings/?host_country=XX", "host_country", "Select a valid choice."),
        ("/api/meetings/?q=%00", "q", "Null characters are not allowed."),
        ("/api/documents/?language=zz", "language", "Select a valid choice."),
        ("/api/documents/?adopted_after=2017-02-30", "adopted_after", "Enter a valid date."),
        ("/api/documents/?adopted_before=2017-13-01", "adopted_before", "Enter a valid date."),
        ("/api/meetings/?type=no-such-type&year=abc", "year", "Enter a whole number."),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(client, schema, url, field, message):
    response = get(client, url, schema)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/meetings/?type=no-such-type", "type"),
        ("/api/meetings/?organisation=999999", "organisation"),
        ("/api/meetings/?organisation=99999999999999999999999", "organisation"),
        ("/api/documents/?meeting=a-draft", "meeting"),
        ("/api/documents/?meeting=no-such-meeting&type=no-such-type", "type"),
    ],
)
def test_a_filter_naming_nothing_public_is_a_404_naming_the_parameter(client, schema, url, field):
    MeetingFactory(slug="a-draft", status=Status.DRAFT)
    response = get(client, url, schema)
    assert response.status_code == 404
    assert "Select a valid choice." in " ".join(response.json()[field])


def test_addresses_of_no_endpoint_answer_a_json_404(client):
    for url in ["/api/meetings/%C2%84/", "/api/meetings/a%2Fb/", "/api/nothing/", "/api/x/y/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found."}
    # Without its final slash, an address is still redirected to the one with it.
    assert client.get("/api/meetings")["Location"] == "/api/meetings/"


def test_pages_follow_by_cursor(client, schema):
    for day in range(1, 6):
        MeetingFactory(start_date=datetime.date(2017, 5, day), slug=f"may-{day}")
    first = get(client, "/api/meetings/?page_size=2&host_country=ET", schema).json()
    assert [m["slug"] for m in first["results"]] == ["may-5", "may-4"]
    assert "host_country=ET" in first["next"]
    # A meeting published while the pages are walked does not shift the next page.
    MeetingFactory(start_date=datetime.date(2017, 6, 1), slug="june")
    second = get(client, first["next"], schema).json()
    assert [m["slug"] for m in second["results"]] == ["may-3", "may-2"]
    assert get(client, "/api/meetings/?cursor=nonsense", schema).status_code == 404


def test_drafts_and_scheduled_items_never_appear_even_to_staff(secretariat_client, schema):
    with time_machine.travel(NOW, tick=False) as traveller:
        public = MeetingFactory(slug="public")
        MeetingFactory(slug="draft", status=Status.DRAFT)
        MeetingFactory(slug="in-review", status=Status.REVIEW)
        scheduled = MeetingFactory(
            slug="scheduled", publish_at=timezone.now() + datetime.timedelta(hours=1)
        )
        DocumentFactory(title="Public", meeting=public)
        DocumentFactory(title="Draft", meeting=public, status=Status.DRAFT)
        DocumentFactory(title="Of a scheduled meeting", meeting=scheduled)
        DocumentFactory(
            title="Scheduled", meeting=None, publish_at=timezone.now() + datetime.timedelta(hours=1)
        )
        ParticipantFactory(meeting=scheduled, organisation=OrganisationFactory(name="Hidden"))

        def slugs():
            response = get(secretariat_client, "/api/meetings/", schema)
            return [m["slug"] for m in response.json()["results"]]

        def titles():
            response = get(secretariat_client, "/api/documents/", schema)
            return sorted(d["title"] for d in response.json()["results"])

        assert slugs() == ["public"]
        assert titles() == ["Public"]
        nested = get(secretariat_client, "/api/meetings/public/", schema).json()["documents"]
        assert [d["title"] for d in nested] == ["Public"]
        assert get(secretariat_client, "/api/meetings/draft/").status_code == 404
        assert get(secretariat_client, "/api/meetings/scheduled/").status_code == 404
        organisations = get(secretariat_client, "/api/organisations/").json()["results"]
        assert "Hidden" not in [o["name"] for o in organisations]

        # The scheduled meeting comes out at its time, with nobody acting; its ETag changes.
        etag = get(secretariat_client, "/api/meetings/")["ETag"]
        traveller.shift(datetime.timedelta(hours=1))
        assert sorted(slugs()) == ["public", "scheduled"]
        assert titles() == ["Of a scheduled meeting", "Public", "Scheduled"]
        assert get(secretariat_client, "/api/meetings/scheduled/").status_code == 200
        assert get(secretariat_client, "/api/meetings/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/meetings/", "/api/meetings/public/", "/api/documents/"])
def test_nothing_can_be_written(secretariat_client, method, url):
    MeetingFactory(slug="public")
    response = getattr(secretariat_client, method)(
        url, {"title": "Changed"}, content_type="application/json"
    )
    assert response.status_code == 405
    assert MeetingFactory._meta.model.objects.get().title != "Changed"


def test_conditional_get_answers_304_until_the_record_changes(client, record):
    meeting, _document = record
    first = get(client, "/api/meetings/")
    etag = first["ETag"]
    assert etag
    with CaptureQueriesContext(connection) as captured:
        again = get(client, "/api/meetings/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    # Only the record's version was read.
    assert len(captured) == 1
    # Another address has its own tag.
    assert get(client, "/api/meetings/?year=2017", HTTP_IF_NONE_MATCH=etag).status_code == 200
    detail = get(client, "/api/meetings/thematic-meeting-berlin/")
    assert detail["ETag"] != etag
    meeting.title = "Renamed"
    meeting.save()
    changed = get(client, "/api/meetings/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_throttled_per_address_with_a_clear_429(settings):
    settings.API_THROTTLE_RATE = "3/minute"
    one, other = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    for _ in range(3):
        assert one.get("/api/meeting-types/").status_code == 200
    response = one.get("/api/meeting-types/")
    assert response.status_code == 429
    assert "Too many requests from your address" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    # Another address has its own allowance; a forged header buys none.
    assert other.get("/api/meeting-types/").status_code == 200
    forged = one.get("/api/meeting-types/", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert forged.status_code == 429


def test_behind_a_proxy_the_throttle_counts_the_forwarded_address(settings):
    settings.API_THROTTLE_RATE = "2/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(2):
        assert proxy.get("/api/meeting-types/", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 200
    assert proxy.get("/api/meeting-types/", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
    assert proxy.get("/api/meeting-types/", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 200


def make_content(count):
    meeting_type = MeetingTypeFactory()
    for index in range(count):
        meeting = MeetingFactory(
            meeting_type=meeting_type, start_date=datetime.date(2010 + index % 10, 1, 1 + index)
        )
        for _ in range(2):
            ParticipantFactory(meeting=meeting)
            ConclusionFactory(meeting=meeting)
            document = DocumentFactory(meeting=meeting)
            DocumentFileFactory(document=document, language="en")
            DocumentFileFactory(document=document, language="fr")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/api/meetings/",
        "/api/meetings/?host_country=ET&year=2011&q=Meeting",
        "/api/documents/",
        "/api/documents/?language=fr&year=2017&q=Document",
        "/api/organisations/",
    ],
)
def test_a_fixed_number_of_queries_whatever_the_number_of_rows(client, url):
    make_content(3)
    few = queries(client, url)
    make_content(27)
    assert queries(client, url) == few


def test_the_schema_and_its_documentation_page(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert schema["Content-Type"].startswith("application/vnd.oai.openapi")
    assert b"/api/meetings/{slug}/" in schema.content
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    # Swagger UI from the site itself, its setup script from an address of its own.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html
    assert "<style" not in html
    assert "http" not in html.split("<body>")[1]
    # Its stylesheet's icons are data: images, allowed on this page and nowhere else.
    assert "img-src 'self' data:" in page["Content-Security-Policy"]
    assert "data:" not in client.get("/api/meetings/")["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


HOSTILE = [
    "\x00",
    "x" * 10_000,
    "' OR 1=1 --",
    "%",
    "\\",
    "2017\x00",
    "-1",
    "1e9",
    "٢٠١٧",
    "<script>",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/api/meetings/", ["q", "type", "year", "host_country", "cursor", "page_size"]),
        ("/api/documents/", ["q", "type", "meeting", "language", "adopted_after", "reference"]),
    ],
)
def test_no_value_of_any_parameter_gives_a_500(client, record, path, names, value):
    for name in names:
        response = client.get(path, {name: value})
        assert response.status_code in (200, 400, 404), (name, value)


def test_the_footer_of_every_page_leads_to_the_api_documentation(client):
    for url in ("/", "/meetings/", "/search/"):
        footer = client.get(url).content.decode().split('<footer class="site-footer"')[1]
        assert '<a href="/api/docs/">Data API for developers</a>' in footer, url


def cursor(**tokens):
    """A cursor as DRF writes one: its offset, direction and position, base64-encoded."""
    return base64.b64encode(urlencode(tokens).encode()).decode()


FORGED_CURSORS = [
    cursor(p="garbage"),
    cursor(p="2017-02-30"),
    cursor(p="99999999-01-01"),
    cursor(p="2017-05-18\x00"),
    cursor(p="\x00"),
    cursor(p="9" * 5000),
    cursor(o="9" * 5000, p="2017-05-18"),
    cursor(o="-1"),
    cursor(r="x", p="2017-05-18"),
    cursor(r="9" * 5000),
    "\x00",
    "bz0xAA==\x00",
    "not base64!",
    "é",
    "=" * 3,
    base64.b64encode(b"\xff\xfe").decode(),
]


@pytest.mark.parametrize("path", ["/api/meetings/", "/api/documents/", "/api/organisations/"])
def test_a_forged_cursor_is_a_json_404(client, schema, record, path):
    """A cursor comes from the client: one it made up is answered 404, never a 500."""
    for forged in FORGED_CURSORS:
        response = get(client, path, schema, data={"cursor": forged})
        assert response.status_code in (200, 404), forged
        assert response["Content-Type"] == "application/json"
    # A position holding a NUL is no position in any list (and PostgreSQL refuses NUL).
    answer = get(client, path, data={"cursor": cursor(p="a\x00")})
    assert (answer.status_code, answer.json()) == (404, {"detail": "Invalid cursor"})
    # The cursors the list gives are still followed.
    entries = get(client, path, data={"page_size": 1}).json()
    assert get(client, entries["next"] or path).status_code == 200


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("null", "A valid integer is required."),
        ("0", "greater than or equal to 1"),
        ("101", "less than or equal to 100"),
        ("2.5", "A valid integer is required."),
    ],
)
def test_a_page_size_outside_its_range_is_a_400_naming_it(client, schema, value, message):
    response = get(client, "/api/meetings/", schema, data={"page_size": value})
    assert response.status_code == 400
    assert message in " ".join(response.json()["page_size"])


def test_the_schema_states_the_page_sizes_allowed(client):
    described = yaml.safe_load(client.get("/api/schema/").content)
    parameters = described["paths"]["/api/meetings/"]["get"]["parameters"]
    [page_size] = [p for p in parameters if p["name"] == "page_size"]
    assert page_size["schema"]["anyOf"] == [
        {"type": "integer", "minimum": 1, "maximum": 100},
        # Given empty, the default size.
        {"const": ""},
    ]


def test_answers_a_proxy_compresses_keep_their_type_and_validator(client, record):
    """nginx compresses JSON and CSV by their Content-Type and makes a strong ETag weak: the
    site sends both types plainly, uncompressed, and a weak ETag sent back still matches."""
    response = client.get("/api/meetings/")
    assert response["Content-Type"] == "application/json"
    assert "Content-Encoding" not in response
    weak = f"W/{response['ETag']}"
    assert client.get("/api/meetings/", HTTP_IF_NONE_MATCH=weak).status_code == 304
    export = client.get("/meetings/export.csv")
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert "Content-Encoding" not in export


def test_a_method_the_api_does_not_take_is_told_what_it_takes(client):
    response = client.generic("TRACE", "/api/meetings/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
