"""A visitor's journeys through the public site, in Chromium: browse, filter, page, read,
download, search, follow; and the same journey with the keyboard alone."""

import hashlib
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import LANGUAGES
from tests.browser.record import FILTERED_MEETINGS


def test_a_visitor_filters_the_meetings_pages_on_reads_one_and_downloads_its_document(
    page, site, record
):
    page.goto(site("home"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")

    filters = page.get_by_role("form", name="Filter meetings")
    filters.get_by_label("Type").select_option("thematic-meeting")
    filters.get_by_label("Year").select_option("2017")
    filters.get_by_label("Host country").select_option("ET")
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"type=thematic-meeting&year=2017&host_country=ET"))
    expect(page.locator(".results-summary__count")).to_contain_text(str(FILTERED_MEETINGS))
    expect(page.locator(".meeting-list > li")).to_have_count(10)

    page.get_by_role("navigation", name="Pages of meetings").get_by_role(
        "link", name="Next page"
    ).click()
    expect(page).to_have_url(re.compile(r"host_country=ET&.*page=2"))
    expect(page.locator(".meeting-list > li")).to_have_count(FILTERED_MEETINGS - 10)

    page.get_by_role("link", name=record.meeting.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(record.meeting.title)

    # A PDF opens in Chromium's viewer (it is served inline), which stands in for the file in
    # the page: the bytes are read as they reach the browser.
    received = []

    def keep(route):
        response = route.fetch()
        received.append((response.headers["content-type"], response.body()))
        route.fulfill(response=response)

    page.route(re.compile(r"/documents/\d+/[^/]+$"), keep)
    page.get_by_role("link", name=re.compile(f"download “{record.document.title}”")).click()
    page.wait_for_load_state()
    page.unroute_all()
    [(content_type, content)] = received
    assert content_type == "application/pdf"
    with record.file.file.open("rb") as stored:
        assert hashlib.sha256(content).hexdigest() == hashlib.sha256(stored.read()).hexdigest()
    assert hashlib.sha256(content).hexdigest() == record.sha256


def test_a_visitor_searches_from_the_home_page_and_finds_the_meeting(page, site, record):
    page.goto(site("home"))
    page.get_by_role("searchbox", name="Search meetings, conclusions and documents").fill(
        "smuggling"
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=smuggling"))
    page.get_by_role("link", name=record.meeting.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(record.meeting.title)


def test_the_feed_and_calendar_links_answer_with_their_content_types(page, site, record):
    page.goto(site("meetings:list", query="host_country=ET"))
    links = {
        "News feed (Atom)": "application/atom+xml",
        "Add to your calendar (iCal)": "text/calendar",
    }
    for name, content_type in links.items():
        href = page.get_by_role("link", name=name).get_attribute("href")
        assert "host_country=ET" in href
        response = page.request.get(page.url.split("/meetings/")[0] + href)
        assert response.ok
        assert response.headers["content-type"].startswith(content_type)

    page.goto(site("meetings:detail", slug=record.meeting.slug))
    href = page.get_by_role("link", name="Add to your calendar").get_attribute("href")
    response = page.request.get(site.url + href)
    assert response.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:" in response.text()


# Every language but the default, each reached from the default language's page: the
# test is collected for each once settings.LANGUAGES has more than English.
OTHER_LANGUAGES = [code for code in LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.mark.skipif(not OTHER_LANGUAGES, reason="The site has one language.")
@pytest.mark.parametrize("language", OTHER_LANGUAGES or [None])
def test_switching_language_stays_on_the_same_page(page, site, record, language):
    page.goto(site("meetings:detail", slug=record.meeting.slug))
    page.locator(f'a[hreflang="{language}"][lang="{language}"]').first.click()
    expect(page).to_have_url(site("meetings:detail", slug=record.meeting.slug, language=language))
    expect(page.locator("html")).to_have_attribute("lang", language)
