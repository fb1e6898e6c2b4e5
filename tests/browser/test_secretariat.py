"""The secretariat's journeys in Chromium, per role: sign in through the admin's form, create
a meeting with a participant, a conclusion, a document and a photo, publish it or submit it
for review, see what the public sees, unpublish it."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from core.publishing import Status
from core.roles import ADMINISTRATOR, PUBLISHER
from documents.models import Document
from meetings.models import Meeting
from tests.browser.conftest import sign_in
from tests.conftest import staff_member
from tests.factories import DocumentTypeFactory, MeetingFactory, MeetingTypeFactory, pdf_bytes
from tests.images import jpeg_bytes

OFFICERS_WINDOW = 1280
PHONE = {"width": 390, "height": 844}
TITLE = "Thematic Meeting on trafficking in Kampala"


@pytest.fixture
def lists(transactional_db):
    MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    DocumentTypeFactory(name="Chair's conclusions", slug="chairs-conclusions")


def scroll_width(page):
    return page.evaluate("document.scrollingElement.scrollWidth")


def hidden_columns(page):
    """How far a change list's table reaches beyond its box: the admin scrolls the table
    within its box, so a column cut off there is no wider page."""
    return page.evaluate(
        "(box => box.scrollWidth - box.clientWidth)(document.querySelector('#changelist .results'))"
    )


def shown_in_order(locator):
    """Whether the element's text shows its first letter left of its last, as a left-to-right
    address does when it is not reordered by the right-to-left text around it."""
    return locator.evaluate(
        """element => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            const nodes = [];
            while (walker.nextNode()) {
                if (walker.currentNode.data.trim()) nodes.push(walker.currentNode);
            }
            const left = (node, index) => {
                const range = document.createRange();
                range.setStart(node, index);
                range.setEnd(node, index + 1);
                return range.getBoundingClientRect().left;
            };
            const first = nodes[0], last = nodes[nodes.length - 1];
            const end = last.data.trimEnd().length - 1;
            return left(first, first.data.search(/\\S/)) < left(last, end);
        }"""
    )


@pytest.fixture
def demo_record(transactional_db):
    call_command("load_demo_content", stdout=io.StringIO())


def speak(page, site, language):
    """The admin in `language`, as an officer who chose it on the site."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.url}]
    )


def create_meeting(page, site, status):
    """Fill in the new meeting's page as an officer does, and save it."""
    page.goto(site("admin:meetings_meeting_add"))
    assert scroll_width(page) <= OFFICERS_WINDOW
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_meeting_type").select_option(label="Thematic meeting")
    page.locator("#id_status").select_option(status)
    page.locator("#id_start_date").fill("2018-03-14")
    page.locator("#id_city").fill("Kampala")
    page.locator("#id_host_country").select_option("UG")

    page.locator("#id_participants-0-role").select_option("chair")
    page.locator("#id_participants-0-country").select_option("UG")
    page.locator("#id_participants-0-person_name").fill("A. Minister")
    page.locator("#id_conclusions-0-kind").select_option("next-step")
    page.locator("#id_conclusions-0-text").fill("Share data on trafficking routes.")

    page.locator("#id_documents-0-title").fill("Chair's conclusions, Kampala")
    page.locator("#id_documents-0-document_type").select_option(label="Chair's conclusions")
    if status == "published":  # an editor's documents follow the meeting's review
        page.locator("#id_documents-0-status").select_option(status)
    page.locator("#id_documents-0-upload").set_input_files(
        {"name": "conclusions.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.locator("#id_photos-0-image").set_input_files(
        {"name": "plenary.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    )
    page.locator("#id_photos-0-caption").fill("The plenary")
    page.locator("#id_photos-0-alt_text").fill("Delegates seated around the plenary table")
    assert scroll_width(page) <= OFFICERS_WINDOW

    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist .success")).to_contain_text(TITLE)


def run_action(page, site, action):
    page.goto(site("admin:meetings_meeting_changelist"))
    page.get_by_role("row", name=re.compile(TITLE)).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label=action)
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_be_visible()


@pytest.mark.parametrize("role", [PUBLISHER, ADMINISTRATOR])
def test_a_publisher_publishes_a_new_meeting_the_public_sees_it_until_it_is_unpublished(
    page, visitor, site, lists, django_user_model, role
):
    officer = staff_member(django_user_model, role.lower(), role)
    sign_in(page, site, officer)
    create_meeting(page, site, status="published")

    meeting = Meeting.objects.get(title=TITLE)
    visitor.goto(site("meetings:detail", slug=meeting.slug))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    # Among the conclusions (the follow-up section names the commitment again, with its status).
    conclusions = visitor.locator("#conclusions")
    expect(conclusions.get_by_text("Share data on trafficking routes.")).to_be_visible()
    download = re.compile("download “Chair's conclusions, Kampala”")
    expect(visitor.get_by_role("link", name=download)).to_be_visible()
    expect(
        visitor.get_by_role("img", name="Delegates seated around the plenary table")
    ).to_be_visible()

    run_action(page, site, "Return the selected items to draft")
    assert visitor.goto(site("meetings:detail", slug=meeting.slug)).status == 404


def test_an_editor_submits_a_new_meeting_for_review_and_cannot_publish_it(
    page, visitor, site, lists, editor_user
):
    sign_in(page, site, editor_user)
    page.goto(site("admin:meetings_meeting_add"))
    statuses = page.locator("#id_status option").all_inner_texts()
    assert "Published" not in statuses
    create_meeting(page, site, status="review")

    meeting = Meeting.objects.get(title=TITLE)
    assert visitor.goto(site("meetings:detail", slug=meeting.slug)).status == 404

    page.goto(site("admin:meetings_meeting_changelist"))
    actions = page.locator("select[name=action] option").all_inner_texts()
    assert "Publish the selected items" not in actions
    assert "Submit the selected drafts for review" in actions


def test_the_meetings_and_documents_lists_fit_1280_px_in_every_language(
    page, site, demo_record, django_user_model
):
    sign_in(page, site, staff_member(django_user_model, "administrator", ADMINISTRATOR))
    for language, _name in settings.LANGUAGES:
        speak(page, site, language)
        for change_list in [
            "admin:meetings_meeting_changelist",
            "admin:documents_document_changelist",
        ]:
            page.goto(site(change_list))
            expect(page.locator("#result_list tbody tr").first).to_be_visible()
            assert scroll_width(page) <= OFFICERS_WINDOW, (language, change_list)
            assert hidden_columns(page) == 0, (language, change_list)


def test_the_admin_home_fits_a_phone_with_items_waiting(page, site, demo_record, secretariat_user):
    meeting = Meeting.objects.order_by("pk").first()
    Meeting.objects.filter(pk=meeting.pk).update(status=Status.REVIEW)
    Document.objects.filter(pk=Document.objects.order_by("pk").first().pk).update(
        publish_at=timezone.now() + datetime.timedelta(days=3)
    )
    sign_in(page, site, secretariat_user)
    page.set_viewport_size(PHONE)
    page.goto(site("admin:index"))
    expect(page.locator("#review-queue")).to_contain_text(meeting.title)
    expect(page.locator("#scheduled-queue th")).to_have_count(1)
    assert scroll_width(page) <= PHONE["width"]


def test_an_editor_reads_a_published_meetings_addresses_in_order_in_arabic(page, site, editor_user):
    meeting = MeetingFactory(slug="2018-10-asmara-thematic-meeting")
    meeting.slug = "2018-10-asmara-thematic-meeting-on-return"
    meeting.save()
    sign_in(page, site, editor_user)
    speak(page, site, "ar")
    page.goto(site("admin:meetings_meeting_change", meeting.pk))
    address = page.locator(".field-slug .readonly")  # an editor may not change it
    expect(address).to_have_text(meeting.slug)
    assert shown_in_order(address)
    assert shown_in_order(page.locator(".field-previous_addresses .readonly code"))
