"""Meetings as iCalendar: a meeting's .ics and the filtered subscription, read back by a parser."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar

from core.publishing import Status
from tests.factories import MeetingFactory, MeetingTypeFactory

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    return {str(event["SUMMARY"]): event for event in cal.walk("VEVENT")}


@pytest.fixture
def berlin():
    return MeetingFactory(
        title="Thematic meeting on smuggling",
        slug="berlin-2017",
        meeting_type=MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting"),
        start_date=datetime.date(2017, 5, 18),
        end_date=datetime.date(2017, 5, 19),
        city="Berlin",
        host_country="DE",
        summary="Hosted by Germany.",
    )


def test_a_meeting_is_an_all_day_event_over_its_days(client, berlin):
    response = client.get("/meetings/berlin-2017/calendar.ics")

    event = events(response)["Thematic meeting on smuggling"]
    assert event.decoded("DTSTART") == datetime.date(2017, 5, 18)
    # DTEND is exclusive: the day after the last day.
    assert event.decoded("DTEND") == datetime.date(2017, 5, 20)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert str(event["UID"]) == f"meeting-{berlin.pk}@127.0.0.1"  # DJANGO_SITE_URL's host
    assert str(event["LOCATION"]) == "Berlin, Germany"
    assert str(event["URL"]) == "http://testserver/meetings/berlin-2017/"
    assert "Hosted by Germany." in str(event["DESCRIPTION"])
    assert event.decoded("DTSTAMP") == berlin.updated_at.replace(microsecond=0)
    assert event["SEQUENCE"] == 0
    assert "berlin-2017/calendar.ics" in client.get("/meetings/berlin-2017/").content.decode()


def test_a_one_day_meeting_ends_the_next_day(client):
    MeetingFactory(title="One day", slug="one-day", start_date=datetime.date(2016, 7, 8))

    event = events(client.get("/meetings/one-day/calendar.ics"))["One day"]

    assert event.decoded("DTSTART") == datetime.date(2016, 7, 8)
    assert event.decoded("DTEND") == datetime.date(2016, 7, 9)


def test_the_uid_survives_edits_and_the_sequence_grows(client, berlin):
    uid = str(events(client.get("/meetings/berlin-2017/calendar.ics"))[berlin.title]["UID"])

    berlin.summary = "Only the summary: a calendar shows no more than before."
    berlin.save()
    assert events(client.get("/meetings/berlin-2017/calendar.ics"))[berlin.title]["SEQUENCE"] == 0

    berlin.end_date = datetime.date(2017, 5, 20)
    berlin.slug = "berlin"
    berlin.save()
    # An old copy saved again does not take the revision back.
    stale = type(berlin).objects.get(pk=berlin.pk)
    stale.sequence = 0
    stale.city = "Potsdam"
    stale.save()

    event = events(client.get("/meetings/berlin/calendar.ics"))[berlin.title]
    assert str(event["UID"]) == uid
    old = client.get("/meetings/berlin-2017/calendar.ics")
    assert old.status_code == 301
    assert old["Location"] == "/meetings/berlin/calendar.ics"
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTEND") == datetime.date(2017, 5, 21)
    assert str(event["LOCATION"]) == "Potsdam, Germany"


def test_the_subscription_honours_the_list_filters_and_hides_what_is_not_public(client, berlin):
    MeetingFactory(title="In Addis Ababa", host_country="ET", start_date=datetime.date(2018, 1, 1))
    MeetingFactory(title="Draft", status=Status.DRAFT)
    MeetingFactory(title="Scheduled", publish_at=timezone.now() + datetime.timedelta(days=1))

    everything = client.get("/meetings/calendar.ics")
    assert set(events(everything)) == {"Thematic meeting on smuggling", "In Addis Ababa"}
    assert set(events(client.get("/meetings/calendar.ics?host_country=ET"))) == {"In Addis Ababa"}
    thematic = client.get("/meetings/calendar.ics?type=thematic-meeting&year=2017")
    assert set(events(thematic)) == {"Thematic meeting on smuggling"}
    assert "Thematic meeting" in str(Calendar.from_ical(thematic.content)["X-WR-CALNAME"])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert "Scheduled" in events(client.get("/meetings/calendar.ics"))

    assert client.get("/meetings/calendar.ics?year=abc").status_code == 400
    assert client.get("/meetings/draft/calendar.ics").status_code == 404


def test_the_meetings_list_links_the_calendar_of_its_filter(client, berlin):
    html = client.get("/meetings/?host_country=DE").content.decode()

    assert 'href="/meetings/calendar.ics?host_country=DE" type="text/calendar"' in html


def test_the_uid_is_the_sites_whatever_host_the_calendar_was_read_by(client, settings, berlin):
    settings.SITE_URL = "https://khartoumprocess.example.org"
    settings.ALLOWED_HOSTS = ["khartoumprocess.example.org", "203.0.113.7"]
    address = f"{berlin.get_absolute_url()}calendar.ics"
    uids = {
        str(event["UID"])
        for host in ["khartoumprocess.example.org", "203.0.113.7:8080"]
        for event in events(client.get(address, HTTP_HOST=host)).values()
    }
    assert uids == {f"meeting-{berlin.pk}@khartoumprocess.example.org"}
