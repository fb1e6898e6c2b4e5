"""The follow-up on every channel: /follow-up/, its feed, CSV, API and alerts, and the
meetings' pages. A status is public only through a public update, and a draft (update,
meeting, document) is never named."""

import csv
import datetime
import io
import json
import re
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.test import Client

from core.publishing import Status
from followup.models import Progress
from tests.alerts.test_alerts import send, subscribe_and_confirm
from tests.factories import ConclusionFactory, MeetingFactory, UpdateFactory
from tests.html import facet_counts

pytestmark = pytest.mark.django_db

MARK = "Zanzibarite"  # in a text no visitor may read yet


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def channels(client, query=""):
    """{channel: text} of everything the public reads of the follow-up, for a filter."""
    suffix = f"?{query}" if query else ""
    answers = {
        "list": client.get(f"/follow-up/{suffix}"),
        "feed": client.get(f"/follow-up/feed.atom{suffix}"),
        "csv": client.get(f"/follow-up/export.csv{suffix}"),
        "api": client.get(f"/api/follow-up/{suffix}{'&' if query else '?'}page_size=100"),
    }
    for name, response in answers.items():
        assert response.status_code == HTTPStatus.OK, name
    return {name: body(response).decode() for name, response in answers.items()}


def meeting_pages(client, record):
    return {
        slug: client.get(record[slug].get_absolute_url()).content.decode()
        for slug in ["berlin", "rome", "later"]
    }


def commitment_section(page, conclusion):
    """The part of a meeting page about one commitment in its follow-up section."""
    chunks = page.split('<li id="commitment-')[1:]
    found = next((chunk for chunk in chunks if chunk.startswith(f'{conclusion.pk}"')), "")
    return found.split("</section>")[0]


def api_commitment(text, conclusion):
    return next(item for item in json.loads(text)["results"] if item["id"] == conclusion.pk)


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_an_update_shows_nowhere_until_published(client, record, status):
    synergies = record["synergies"]
    update = UpdateFactory(
        conclusion=synergies,
        status=status,
        progress=Progress.ACHIEVED,
        text=f"{MARK} done.",
        date=datetime.date(2018, 1, 1),
    )
    update.evidence_meetings.add(record["later"])
    before = channels(client)
    pages = meeting_pages(client, record)
    assert not any(MARK in text for text in [*before.values(), *pages.values()])
    assert api_commitment(before["api"], synergies)["status"] == "open"
    row = next(row for row in csv_rows(before["csv"]) if row["Commitment"] == synergies.text)
    assert row["Status"] == "Open" and row["Latest update"] == ""
    assert "Open" in commitment_section(pages["berlin"], synergies)
    # The later meeting is cited by the draft only: nothing is taken up there yet of Berlin.
    assert synergies.text not in pages["later"]

    update.status = Status.PUBLISHED
    update.save()
    after = channels(client)
    # The CSV has no update's text: its status and date, below.
    assert [name for name, text in after.items() if MARK not in text] == ["csv"]
    assert api_commitment(after["api"], synergies)["status"] == "achieved"
    row = next(row for row in csv_rows(after["csv"]) if row["Commitment"] == synergies.text)
    assert (row["Status"], row["Latest update"]) == ("Achieved", "2018-01-01")
    pages = meeting_pages(client, record)
    section = commitment_section(pages["berlin"], synergies)
    assert "Achieved" in section and MARK in section
    assert synergies.text in pages["later"]  # taken up there


def test_a_scheduled_update_appears_by_itself_at_its_time(client, record):
    moment = datetime.datetime(2030, 2, 9, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment - datetime.timedelta(seconds=1), tick=False) as clock:
        UpdateFactory(
            conclusion=record["synergies"],
            publish_at=moment,
            progress=Progress.DROPPED,
            text=f"{MARK} given up.",
        )
        before = channels(client)  # and cached
        assert not any(MARK in text for text in before.values())
        assert MARK not in meeting_pages(client, record)["berlin"]
        clock.shift(datetime.timedelta(seconds=1))
        after = channels(client)
        assert [name for name, text in after.items() if MARK not in text] == ["csv"]
        assert api_commitment(after["api"], record["synergies"])["status"] == "dropped"
        assert MARK in meeting_pages(client, record)["berlin"]


def test_the_status_is_the_latest_public_updates(client, record):
    pathways = record["pathways"]  # in progress since 1 September 2017
    UpdateFactory(
        conclusion=pathways,
        date=datetime.date(2019, 1, 1),
        progress=Progress.ACHIEVED,
        status=Status.DRAFT,
    )
    # An earlier public update does not change it either: the latest by date counts.
    UpdateFactory(conclusion=pathways, date=datetime.date(2017, 6, 1), progress=Progress.OPEN)
    found = channels(client, "status=in-progress")
    assert pathways.text in found["list"]
    assert api_commitment(found["api"], pathways)["latest_update"] == "2017-09-01"
    assert [update["date"] for update in api_commitment(found["api"], pathways)["updates"]] == [
        "2017-09-01",
        "2017-06-01",
    ]
    assert channels(client, "status=achieved")["list"].count(pathways.text) == 0
    # Two public updates of one day: the one recorded last.
    UpdateFactory(conclusion=pathways, date=datetime.date(2017, 9, 1), progress=Progress.SUPERSEDED)
    assert pathways.text in channels(client, "status=superseded")["list"]


FILTERS = [
    "",
    "domain=return",
    "status=open",
    "status=achieved",
    "meeting=berlin",
    "year=2017",
    "organisation=igad",
    "domain=return&year=2017",
    "domain=return&status=open&organisation=igad",
    "meeting=rome&status=open",
]


@pytest.mark.parametrize("query", FILTERS)
def test_every_channel_gives_the_same_commitments_as_the_records(client, record, query):
    found = channels(client, query)
    expected = {
        "": {"pathways", "synergies", "plan"},
        "domain=return": {"synergies", "plan"},  # its own domain; its meeting's
        "status=open": {"synergies"},
        "status=achieved": {"plan"},
        "meeting=berlin": {"pathways", "synergies"},
        "year=2017": {"pathways", "synergies"},
        "organisation=igad": {"pathways", "synergies"},
        "domain=return&year=2017": {"synergies"},
        "domain=return&status=open&organisation=igad": {"synergies"},
        "meeting=rome&status=open": set(),
    }[query]
    texts = {record[name].text for name in expected}
    count = re.search(r'results-summary__count">\s*(\d+) commitment', found["list"])
    assert (int(count.group(1)) if count else 0) == len(expected)
    assert {item["text"] for item in json.loads(found["api"])["results"]} == texts
    assert {row["Commitment"] for row in csv_rows(found["csv"])} == texts
    # The feed's entries are the public updates of those commitments.
    updated = {record[name].text for name in expected if name != "synergies"}
    entries = re.findall(r"<summary[^>]*>(.*?)</summary>", found["feed"], re.S)
    assert len(entries) == len(updated)
    assert all(any(text in entry for entry in entries) for text in updated)


def test_facets_count_what_each_choice_gives_with_the_other_filters(client, record):
    assert facet_counts(client.get("/follow-up/?organisation=igad"), "status") == {
        "in-progress": 1,
        "open": 1,
    }
    # Two delegates of one organisation: each commitment of their meeting counted once.
    assert facet_counts(client.get("/follow-up/"), "organisation") == {"igad": 2}
    assert facet_counts(client.get("/follow-up/?year=2016"), "domain") == {"return": 1}
    assert facet_counts(client.get("/follow-up/?status=open"), "year") == {"2017": 1}
    assert facet_counts(client.get("/follow-up/?status=open"), "meeting") == {"berlin": 1}
    assert facet_counts(client.get("/follow-up/?domain=return"), "status") == {
        "open": 1,
        "achieved": 1,
    }


def test_the_progress_bars_count_each_domain_by_status_with_the_other_filters(client, record):
    page = client.get("/follow-up/?status=open&domain=return").content.decode()
    table = re.search(r"<table class=\"chart__table\">.*?</table>", page, re.S).group(0)
    row = re.search(
        r"<th scope=\"row\">Return, readmission and reintegration</th>(.*?)</tr>", table
    )
    # Open, in progress, achieved, superseded, dropped, all: the domain filter itself aside.
    assert re.findall(r"<td>(\d+)</td>", row.group(1)) == ["1", "0", "0", "0", "0", "1"]
    whole = client.get("/follow-up/").content.decode()
    row = re.search(
        r"<th scope=\"row\">Return, readmission and reintegration</th>(.*?)</tr>", whole
    )
    assert re.findall(r"<td>(\d+)</td>", row.group(1)) == ["1", "0", "1", "0", "0", "2"]
    title = re.search(r'<title id="progress-return-title">(.*?)</title>', whole).group(1)
    assert title == "Return, readmission and reintegration: Open 1, Achieved 1"


@pytest.mark.parametrize(
    ("query", "api_status"),
    [
        ("year=abc", HTTPStatus.BAD_REQUEST),
        ("status=finished", HTTPStatus.BAD_REQUEST),
        ("domain=nowhere", HTTPStatus.NOT_FOUND),
        ("meeting=draft", HTTPStatus.NOT_FOUND),
        ("meeting=later", HTTPStatus.NOT_FOUND),  # public, but it committed to nothing
        ("organisation=nobody", HTTPStatus.NOT_FOUND),
        ("organisation=%00", HTTPStatus.NOT_FOUND),
        ("organisation=99999999999999999999", HTTPStatus.NOT_FOUND),
    ],
)
def test_a_bad_filter_is_a_clear_answer_on_every_channel(client, record, query, api_status):
    page = client.get(f"/follow-up/?{query}")
    assert page.status_code == HTTPStatus.OK
    assert "Some filters in the address could not be used" in page.content.decode()
    for channel in ["feed.atom", "export.csv"]:
        response = client.get(f"/follow-up/{channel}?{query}")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "could not be used" in body(response).decode()
    assert client.get(f"/api/follow-up/?{query}").status_code == api_status
    assert client.get(f"/alerts/follow-up/?{query}").status_code == HTTPStatus.BAD_REQUEST
    assert client.get("/follow-up/?page=99").status_code == HTTPStatus.NOT_FOUND


def test_an_organisation_is_named_by_its_slug_or_its_number(client, record):
    by_slug = channels(client, "organisation=igad")["api"]
    assert channels(client, f"organisation={record['igad'].pk}")["api"] == by_slug.replace(
        "organisation=igad", f"organisation={record['igad'].pk}"
    )


def test_draft_evidence_and_draft_meetings_are_never_named(client, record):
    found = channels(client)
    pages = meeting_pages(client, record)
    for text in [*found.values(), *pages.values()]:
        assert "Draft meeting" not in text
        assert "Draft report" not in text
        assert record["hidden"].text not in text
    rome = commitment_section(pages["rome"], record["plan"])
    assert 'href="/meetings/later/"' in rome  # the public evidence is linked
    evidence = api_commitment(found["api"], record["plan"])["updates"][0]
    assert [meeting["slug"] for meeting in evidence["evidence_meetings"]] == ["later"]
    assert evidence["evidence_documents"] == evidence["evidence_conclusions"] == []
    # A draft meeting's commitments are nowhere, nor a filter by it.
    assert client.get(record["draft"].get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_the_meeting_page_anchors_each_commitment_and_links_from_the_list(client, record):
    pathways = record["pathways"]
    page = client.get(record["berlin"].get_absolute_url()).content.decode()
    assert f'id="commitment-{pathways.pk}"' in page
    assert '<a href="#follow-up">Follow-up</a>' in page
    observation = record["observation"]
    assert f'id="commitment-{observation.pk}"' not in page  # a key observation commits nobody
    listed = client.get("/follow-up/").content.decode()
    assert f'href="/meetings/berlin/#commitment-{pathways.pk}"' in listed
    assert (
        pathways.updates.get().get_absolute_url() == f"/meetings/berlin/#commitment-{pathways.pk}"
    )


def test_sections_are_left_out_when_empty(client, record):
    later = client.get(record["later"].get_absolute_url()).content.decode()
    assert 'id="follow-up"' not in later  # it committed to nothing
    assert 'id="taken-up"' in later
    berlin = client.get(record["berlin"].get_absolute_url()).content.decode()
    assert 'id="taken-up"' not in berlin
    lonely = MeetingFactory(title="A meeting nobody followed up")
    ConclusionFactory(meeting=lonely, text="Noted.")
    page = client.get(lonely.get_absolute_url()).content.decode()
    assert 'id="follow-up"' not in page and 'id="taken-up"' not in page


@pytest.fixture
def clock():
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        yield traveller


def test_an_alert_tells_of_a_published_update_of_the_filters_commitments(
    client, record, clock, settings
):
    settings.SITE_URL = "https://khartoumprocess.example.org"
    subscribe_and_confirm(client, lambda: mail.outbox, "/alerts/follow-up/?domain=return")
    clock.shift(datetime.timedelta(minutes=1))
    draft = UpdateFactory(
        conclusion=record["synergies"], status=Status.DRAFT, text=f"{MARK} draft."
    )
    UpdateFactory(conclusion=record["pathways"], text="Not under the domain.")
    clock.shift(datetime.timedelta(minutes=5))
    sent = len(mail.outbox)
    send()
    assert len(mail.outbox) == sent  # a draft is no news; the other is not followed
    draft.status = Status.PUBLISHED
    draft.progress = Progress.ACHIEVED
    draft.save()
    clock.shift(datetime.timedelta(minutes=5))
    send()
    message = mail.outbox[-1]
    assert message.subject == (
        "Khartoum Process: 1 follow-up update (Priority domain: Return, readmission and "
        "reintegration)"
    )
    assert record["synergies"].text in message.body and "Achieved" in message.body
    assert f"/meetings/berlin/#commitment-{record['synergies'].pk}" in message.body
    assert "Not under the domain" not in message.body


def test_the_list_links_its_channels_with_its_filter(client, record):
    page = client.get("/follow-up/?domain=return&page=1").content.decode()
    for url in ["/follow-up/feed.atom?domain=return", "/follow-up/export.csv?domain=return"]:
        assert f'href="{url}"' in page
    assert 'href="/alerts/follow-up/?domain=return"' in page
    assert Client().get("/fr/follow-up/").status_code == HTTPStatus.OK
