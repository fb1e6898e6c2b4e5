"""The review in Chromium, as an officer walks through it: an editor's change to a published
meeting and to its document's file waits while the public keeps the live version, until a
publisher compares the two and publishes; two officers editing one meeting at once are told
of each other's change; restoring a meeting's earlier version leaves its document's newer
file in place."""

import hashlib
import re

import pytest
import reversion
from playwright.sync_api import expect

from core.publishing import Status
from tests.browser.conftest import sign_in
from tests.browser.test_secretariat import OFFICERS_WINDOW, scroll_width
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    pdf_bytes,
)

OLD_TITLE = "Senior Officials' Meeting in Valletta"
NEW_TITLE = "Senior Officials' Meeting in Valletta on return and readmission"
OLD_FILE = pdf_bytes(1)
NEW_FILE = pdf_bytes(2)
DOCUMENT = "Chair's conclusions, Valletta"


def sha256(content):
    return hashlib.sha256(content).hexdigest()


@pytest.fixture
def published_meeting(transactional_db):
    """A published meeting with a conclusion and a published document, recorded once in its
    history as the admin records a save."""
    with reversion.create_revision():
        meeting = MeetingFactory(title=OLD_TITLE, slug="2017-valletta-som", city="Valletta")
        ConclusionFactory(meeting=meeting, text="Share data on trafficking routes.")
        document = DocumentFactory(meeting=meeting, title=DOCUMENT)
        DocumentFileFactory(document=document, content=OLD_FILE, original_name="conclusions.pdf")
    return meeting


def public_download(visitor, site, meeting):
    """The bytes of the meeting's document, as a visitor downloads it from the meeting's page."""
    visitor.goto(site("meetings:detail", slug=meeting.slug))
    link = visitor.get_by_role("link", name=re.compile(f"download “{re.escape(DOCUMENT)}”"))
    response = visitor.request.get(site.url + link.first.get_attribute("href"))
    assert response.ok
    return sha256(response.body())


def messages(page):
    return page.locator(".messagelist")


def save(page):
    page.get_by_role("button", name="Save", exact=True).first.click()


def replace_file(page, site, document):
    page.goto(site("admin:documents_document_change", document.pk))
    page.locator("#id_files-0-upload").set_input_files(
        {"name": "conclusions-revised.pdf", "mimeType": "application/pdf", "buffer": NEW_FILE}
    )
    save(page)


def test_an_editors_change_waits_for_a_publisher_who_compares_and_publishes_it(
    page, visitor, site, published_meeting, editor_user, secretariat_user
):
    meeting = published_meeting
    document = meeting.documents.get()
    sign_in(page, site, editor_user)
    page.goto(site("admin:meetings_meeting_change", meeting.pk))
    expect(page.locator("#pending-rule")).to_contain_text("waits for a publisher")
    page.locator("#id_title").fill(NEW_TITLE)
    page.locator("#id_conclusions-0-text").fill("Share data on smuggling routes.")
    save(page)
    expect(messages(page)).to_contain_text("is saved as a pending change")
    notice = page.locator("#pending-change")
    expect(notice).to_contain_text("This form shows the pending version, saved by editor")
    expect(notice.get_by_role("link", name="Compare with live")).to_be_visible()
    expect(notice.get_by_role("button", name="Withdraw this change")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(NEW_TITLE)
    assert scroll_width(page) <= OFFICERS_WINDOW
    notice.screenshot(path="/tmp/walk-pending-notice.png")

    replace_file(page, site, document)
    expect(messages(page)).to_contain_text("is saved as a pending change")

    # The public still sees the live meeting and gets the live file.
    visitor.goto(site("meetings:detail", slug=meeting.slug))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(OLD_TITLE)
    expect(visitor.get_by_text("Share data on trafficking routes.")).to_be_visible()
    assert public_download(visitor, site, meeting) == sha256(OLD_FILE)

    page.context.clear_cookies()
    sign_in(page, site, secretariat_user)
    waiting = page.locator("#pending-queue")
    expect(waiting).to_contain_text("Changes waiting for a publisher: 2")
    expect(waiting.get_by_role("row", name=re.compile(re.escape(DOCUMENT)))).to_contain_text(
        "by editor, waiting since"
    )
    waiting.get_by_role("link", name=OLD_TITLE).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Pending change")
    title_row = page.locator("tr.changed", has=page.get_by_role("rowheader", name="Title"))
    expect(title_row.locator("td").nth(0)).to_have_text(OLD_TITLE)
    expect(title_row.locator("td").nth(1)).to_have_text(NEW_TITLE)
    expect(page.locator("tr.changed")).to_contain_text(["Share data on smuggling routes."])
    page.screenshot(path="/tmp/walk-compare-meeting.png", full_page=True)
    assert scroll_width(page) <= OFFICERS_WINDOW
    page.get_by_role("button", name="Publish this change").click()
    expect(messages(page)).to_contain_text(f"The change to “{NEW_TITLE}” is published.")

    # The document's change waits on its own: the list's filter finds it.
    page.goto(site("admin:documents_document_changelist", query="pending=yes"))
    page.get_by_role("link", name=DOCUMENT).click()
    # The form shows the live version, and says a change waits.
    expect(page.locator("#pending-change")).to_contain_text("A change by editor waits")
    page.locator("#pending-change").get_by_role("link", name="Compare with live").click()
    expect(page.locator("tr.changed").first).to_be_visible()
    page.screenshot(path="/tmp/walk-compare-document.png", full_page=True)
    assert scroll_width(page) <= OFFICERS_WINDOW
    page.get_by_role("button", name="Publish this change").click()
    expect(messages(page)).to_contain_text("is published.")

    visitor.goto(site("meetings:detail", slug=meeting.slug))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(visitor.get_by_text("Share data on smuggling routes.")).to_be_visible()
    assert public_download(visitor, site, meeting) == sha256(NEW_FILE)


def test_a_save_over_anothers_change_is_told_and_both_changes_stay(
    page, browser, site, transactional_db, editor_user, secretariat_user
):
    with reversion.create_revision():
        meeting = MeetingFactory(title=OLD_TITLE, status=Status.DRAFT, summary="")
    url = site("admin:meetings_meeting_change", meeting.pk)
    sign_in(page, site, editor_user)
    page.goto(url)
    other = browser.new_context(viewport=page.viewport_size)
    other.set_default_timeout(10_000)
    try:
        publisher_page = other.new_page()
        sign_in(publisher_page, site, secretariat_user)
        publisher_page.goto(url)

        page.locator("#id_title").fill(NEW_TITLE)
        save(page)
        expect(messages(page)).to_contain_text(NEW_TITLE)

        summary = "Co-chaired by Malta and Eritrea."
        publisher_page.locator("#id_summary").fill(summary)
        save(publisher_page)
        expect(publisher_page.locator(".errornote")).to_have_text("Please correct the error below.")
        conflict = publisher_page.locator(".errorlist.nonfield")
        expect(conflict).to_contain_text("Since you opened this form, it has been changed:")
        expect(conflict).to_contain_text(
            re.compile(f"editor, .*: Title: “{re.escape(OLD_TITLE)}” →")
        )
        # Their summary kept, beside the title they left alone, as it is now.
        expect(publisher_page.locator("#id_summary")).to_have_value(summary)
        expect(publisher_page.locator("#id_title")).to_have_value(NEW_TITLE)
        assert scroll_width(publisher_page) <= OFFICERS_WINDOW
        publisher_page.screenshot(path="/tmp/walk-conflict.png")

        save(publisher_page)
        expect(messages(publisher_page)).to_contain_text("was changed successfully")
        publisher_page.goto(url)
        expect(publisher_page.locator("#id_title")).to_have_value(NEW_TITLE)
        expect(publisher_page.locator("#id_summary")).to_have_value(summary)
    finally:
        other.close()


def test_restoring_a_meeting_keeps_its_documents_newer_file(
    page, visitor, site, published_meeting, secretariat_user
):
    meeting = published_meeting
    sign_in(page, site, secretariat_user)
    page.goto(site("admin:meetings_meeting_change", meeting.pk))
    page.locator("#id_title").fill(NEW_TITLE)
    save(page)
    expect(messages(page)).to_contain_text(NEW_TITLE)

    replace_file(page, site, meeting.documents.get())
    expect(messages(page)).to_contain_text("was changed successfully")
    assert public_download(visitor, site, meeting) == sha256(NEW_FILE)

    page.goto(site("admin:meetings_meeting_history", meeting.pk))
    page.locator("#change-history a[href*='/history/']").last.click()
    save(page)
    restored = messages(page)
    expect(restored).to_contain_text("Restored the version of ")
    expect(restored).to_contain_text(f"Title: “{NEW_TITLE[:59]}…” → “{OLD_TITLE}”.")
    expect(restored).not_to_contain_text(DOCUMENT)  # the document keeps its later change

    visitor.goto(site("meetings:detail", slug=meeting.slug))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(OLD_TITLE)
    assert public_download(visitor, site, meeting) == sha256(NEW_FILE)
