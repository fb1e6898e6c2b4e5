"""`domain=` on the lists of meetings and documents and on every channel that runs their filters:
the feeds, the calendar, the CSV files, the alerts, the API."""

import csv
import datetime
import io
from http import HTTPStatus

import feedparser
import pytest

from core.publishing import Status
from meetings.models import Meeting
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    MeetingTypeFactory,
    PriorityDomainFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def domains():
    return {
        slug: PriorityDomainFactory(slug=slug)
        for slug in ["development", "protection", "irregular-migration", "return"]
    }


@pytest.fixture
def record(domains):
    """Meetings on return by themselves, by a conclusion, or both; others; a draft on
    protection, which no public item is on."""
    thematic = MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    som = MeetingTypeFactory(name="Senior officials meeting", slug="senior-officials-meeting")

    def meeting(title, start, on=(), conclusions_on=(), **fields):
        found = MeetingFactory(
            title=title,
            start_date=start,
            meeting_type=fields.pop("meeting_type", thematic),
            **fields,
        )
        found.domains.set([domains[slug] for slug in on])
        for slug in conclusions_on:
            ConclusionFactory(meeting=found).domains.set([domains[slug]])
        return found

    made = {
        "addis": meeting("Addis on return", datetime.date(2016, 10, 19), on=["return"]),
        # Carries it itself and in two conclusions: listed once.
        "malta": meeting(
            "Malta on return",
            datetime.date(2017, 2, 8),
            on=["return"],
            conclusions_on=["return", "return"],
            meeting_type=som,
            host_country="MT",
        ),
        # Only a conclusion is on return.
        "berlin": meeting(
            "Berlin, a conclusion on return",
            datetime.date(2016, 5, 18),
            on=["irregular-migration"],
            conclusions_on=["return"],
            host_country="DE",
        ),
        "khartoum": meeting(
            "Khartoum on smuggling", datetime.date(2016, 5, 24), on=["irregular-migration"]
        ),
        "rome": meeting("Rome, no domain", datetime.date(2016, 7, 8), meeting_type=som),
        "draft": meeting(
            "Draft on protection",
            datetime.date(2016, 11, 1),
            on=["protection", "return"],
            status=Status.DRAFT,
        ),
    }
    for key, meeting_on in [("addis", ["return"]), ("malta", ["return", "development"])]:
        document = DocumentFactory(
            title=f"Report of {key}", meeting=made[key], date=made[key].start_date
        )
        DocumentFileFactory(document=document, language="en")
        document.domains.set([domains[slug] for slug in meeting_on])
    # A document of a meeting on return is not on return unless it says so.
    DocumentFileFactory(document=DocumentFactory(title="Programme", meeting=made["addis"]))
    DocumentFactory(title="Draft paper", status=Status.DRAFT).domains.set([domains["protection"]])
    return made


def listed_titles(response):
    ids = response.context["meeting_ids"]
    found = Meeting.objects.in_bulk(ids)
    return [found[pk].title for pk in ids]


def facet_options(response, name):
    """{value: label} of a facet's select."""
    field = response.context["filter"].form.fields[name]
    return {str(value): str(label) for value, label in field.widget.choices if value}


def test_a_meeting_is_on_a_domain_by_itself_or_by_a_conclusion_and_listed_once(client, record):
    response = client.get("/meetings/?domain=return")

    assert response.status_code == HTTPStatus.OK
    assert listed_titles(response) == [
        "Malta on return",
        "Addis on return",
        "Berlin, a conclusion on return",
    ]
    assert response.context["paginator"].count == 3


def counted(domains, **counts):
    """{slug: "Short name (count)"}, as a facet's select offers a domain."""
    return {
        slug: f"{domains[slug].short_name} ({count})"
        for slug, count in ((name.rstrip("_").replace("_", "-"), n) for name, n in counts.items())
    }


def test_the_domain_facet_counts_and_offers_only_what_public_meetings_are_on(
    client, record, domains
):
    response = client.get("/meetings/?year=2016")

    # Protection: only a draft is on it.
    assert facet_options(response, "domain") == counted(domains, irregular_migration=2, return_=2)
    html = response.text
    assert '<select name="domain"' in html
    assert f"{domains['return'].short_name} (2)" in html


def test_the_domain_combines_with_the_other_filters(client, record):
    response = client.get("/meetings/?domain=return&year=2016&host_country=DE")
    assert listed_titles(response) == ["Berlin, a conclusion on return"]
    # Each other facet counts with the domain set.
    response = client.get("/meetings/?domain=return")
    assert facet_options(response, "year") == {"2017": "2017 (1)", "2016": "2016 (2)"}
    assert facet_options(response, "type") == {
        "senior-officials-meeting": "Senior officials meeting (1)",
        "thematic-meeting": "Thematic meeting (2)",
    }


def test_the_domain_survives_pagination(client, domains):
    thematic = MeetingTypeFactory(slug="thematic-meeting")
    for day in range(1, 13):
        MeetingFactory(meeting_type=thematic, start_date=datetime.date(2017, 3, day)).domains.set(
            [domains["return"]]
        )
    MeetingFactory(meeting_type=thematic, start_date=datetime.date(2017, 4, 1))

    response = client.get("/meetings/?domain=return&page=2")

    assert len(listed_titles(response)) == 2
    assert "domain=return&amp;page=1" in response.text or "?domain=return" in response.text


@pytest.mark.parametrize("value", ["nope", "protection"])
def test_a_domain_no_public_meeting_is_on_is_a_form_error_as_a_bad_type(client, record, value):
    response = client.get(f"/meetings/?domain={value}")

    assert response.status_code == HTTPStatus.OK
    assert response.context["filter_errors"] == [
        "Priority domain: Select a valid choice. That choice is not one of the available choices."
    ]
    assert listed_titles(response) == []
    assert "Draft on protection" not in response.text


def test_documents_are_filtered_by_their_own_domains(client, record, domains):
    response = client.get("/documents/?domain=return")
    assert response.context["paginator"].count == 2
    response = client.get("/documents/?domain=development")
    assert response.context["paginator"].count == 1
    assert "Report of malta" in response.text
    assert facet_options(client.get("/documents/"), "domain") == counted(
        domains, development=1, return_=2
    )
    # Protection: only a draft is on it.
    response = client.get("/documents/?domain=protection")
    assert response.context["filter_errors"][0].startswith("Priority domain: Select a valid")


def api_count(client, url):
    response = client.get(f"{url}&page_size=100")
    assert response.status_code == HTTPStatus.OK, response.content
    return len(response.json()["results"])


def feed_count(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, response.content
    return len(feedparser.parse(response.content).entries)


def csv_count(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, response.content
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return len(list(csv.DictReader(io.StringIO(text))))


def calendar_count(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, response.content
    return response.content.decode().count("BEGIN:VEVENT")


@pytest.mark.parametrize(
    ("query", "meetings", "documents"),
    [
        ("domain=return", 3, 2),
        ("domain=return&year=2016", 2, 1),
        ("domain=irregular-migration", 2, None),
        ("domain=development", None, 1),
        ("domain=return&type=senior-officials-meeting", 1, None),
    ],
)
def test_every_channel_counts_the_same_for_a_domain(client, record, query, meetings, documents):
    if meetings is not None:
        html = client.get(f"/meetings/?{query}").context["paginator"].count
        assert html == meetings
        assert api_count(client, f"/api/meetings/?{query}") == html
        assert feed_count(client, f"/meetings/feed.atom?{query}") == html
        assert csv_count(client, f"/meetings/export.csv?{query}") == html
        assert calendar_count(client, f"/meetings/calendar.ics?{query}") == html
    if documents is not None:
        html = client.get(f"/documents/?{query}").context["paginator"].count
        assert html == documents
        assert api_count(client, f"/api/documents/?{query}") == html
        assert feed_count(client, f"/documents/feed.atom?{query}") == html
        assert csv_count(client, f"/documents/export.csv?{query}") == html


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/feed.atom?domain=nope",
        "/meetings/calendar.ics?domain=nope",
        "/meetings/export.csv?domain=nope",
        "/documents/feed.atom?domain=nope",
        "/documents/export.csv?domain=nope",
        "/alerts/meetings/?domain=nope",
        "/alerts/documents/?domain=nope",
    ],
)
def test_a_bad_domain_is_a_clear_400_on_the_channels_as_a_bad_type(client, record, url):
    for bad in [url, url.replace("domain=nope", "type=nope")]:
        response = client.get(bad)
        assert response.status_code == HTTPStatus.BAD_REQUEST, bad
        assert "Some filters in the address could not be used" in response.text


@pytest.mark.parametrize("path", ["/api/meetings/", "/api/documents/"])
def test_a_bad_domain_in_the_api_is_a_404_naming_it_as_a_bad_type(client, record, path):
    for name in ["domain", "type"]:
        response = client.get(f"{path}?{name}=nope")
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Select a valid choice." in " ".join(response.json()[name])


def test_an_alert_follows_a_domain_and_names_it(client, record, domains):
    response = client.get("/alerts/meetings/?domain=return")
    assert response.status_code == HTTPStatus.OK
    assert f"Priority domain: {domains['return'].name}" in response.text


def test_the_csv_files_name_the_domains(client, record, domains):
    response = client.get("/documents/export.csv?domain=development")
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    [row] = csv.DictReader(io.StringIO(text))
    assert row["Priority domains"] == f"{domains['development'].name}; {domains['return'].name}"
    response = client.get("/meetings/export.csv?domain=irregular-migration&year=2016")
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    assert [row["Priority domains"] for row in csv.DictReader(io.StringIO(text))] == [
        domains["irregular-migration"].name,
        domains["irregular-migration"].name,
    ]
