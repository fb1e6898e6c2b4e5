"""The review workflow in the admin: submitting, approving, sending back; states in the change
lists and on the admin's home; publishing a meeting with its documents; old addresses."""

import datetime
import re
from http import HTTPStatus

import pytest
import time_machine
from django.db.models.signals import post_save

from core.publishing import Status
from documents.models import Document
from meetings.models import Meeting
from tests.factories import DocumentFactory, MeetingFactory, PhotoFactory
from tests.html import form_data

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2017, 2, 8, 18, 0, tzinfo=datetime.UTC)
TOMORROW_TEN = datetime.datetime(2017, 2, 9, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def meeting_url(meeting, view="change"):
    return f"/admin/meetings/meeting/{meeting.pk}/{view}/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# Review.


def test_an_editor_submits_drafts_for_review(editor_client):
    draft = MeetingFactory(status=Status.DRAFT)
    published = MeetingFactory(status=Status.PUBLISHED)
    response = editor_client.post(
        "/admin/meetings/meeting/",
        {"action": "submit_for_review", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    assert "1 draft submitted for review." in messages_of(response)
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == (Status.REVIEW, Status.PUBLISHED)


def test_an_editor_submits_for_review_from_the_change_form(editor_client):
    meeting = MeetingFactory(status=Status.DRAFT)
    data = form_data(editor_client.get(meeting_url(meeting)), "meeting_form")
    response = editor_client.post(meeting_url(meeting), {**data, "status": Status.REVIEW})
    assert response.status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert meeting.status == Status.REVIEW


def test_a_publisher_sends_back_with_a_note_the_editor_reads(publisher_client, editor_user):
    meeting = MeetingFactory(status=Status.REVIEW)
    data = form_data(publisher_client.get(meeting_url(meeting)), "meeting_form")
    response = publisher_client.post(meeting_url(meeting), {**data, "status": Status.DRAFT})
    assert response.status_code == HTTPStatus.OK
    assert "Say what should change" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Status.REVIEW

    note = "Add the final programme before publishing."
    response = publisher_client.post(
        meeting_url(meeting), {**data, "status": Status.DRAFT, "review_note": note}
    )
    assert response.status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert (meeting.status, meeting.review_note) == (Status.DRAFT, note)

    publisher_client.force_login(editor_user)
    response = publisher_client.get(meeting_url(meeting))
    assert f"Sent back by a publisher: {note}" in messages_of(response)


def test_a_publisher_approves_and_the_note_is_cleared(publisher_client):
    meeting = MeetingFactory(status=Status.REVIEW, review_note="Add the programme.")
    data = form_data(publisher_client.get(meeting_url(meeting)), "meeting_form")
    response = publisher_client.post(meeting_url(meeting), {**data, "status": Status.PUBLISHED})
    assert response.status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert (meeting.status, meeting.review_note) == (Status.PUBLISHED, "")


# States in the change lists and on the admin's home.


def test_change_lists_show_and_filter_each_state(publisher_client, clock):
    MeetingFactory(title="A draft", status=Status.DRAFT)
    MeetingFactory(title="Under review", status=Status.REVIEW)
    MeetingFactory(title="Tomorrow's", status=Status.PUBLISHED, publish_at=TOMORROW_TEN)
    MeetingFactory(title="Out there", status=Status.PUBLISHED)
    response = publisher_client.get("/admin/meetings/meeting/")
    states = {
        meeting.title: str(response.context["cl"].model_admin.state(meeting))
        for meeting in response.context["cl"].result_list
    }
    assert states == {
        "A draft": "Draft",
        "Under review": "In review",
        "Tomorrow's": "Scheduled: 9 February 2017, 10:00 UTC",
        "Out there": "Published",
    }
    for state, title in [
        ("draft", "A draft"),
        ("review", "Under review"),
        ("scheduled", "Tomorrow's"),
        ("published", "Out there"),
    ]:
        response = publisher_client.get("/admin/meetings/meeting/", {"status": state})
        assert [m.title for m in response.context["cl"].result_list] == [title]
    DocumentFactory(title="Embargoed", meeting=None, publish_at=TOMORROW_TEN)
    response = publisher_client.get("/admin/documents/document/", {"status": "scheduled"})
    assert [d.title for d in response.context["cl"].result_list] == ["Embargoed"]
    assert "Scheduled: 9 February 2017, 10:00 UTC" in response.content.decode()


def test_the_admin_home_shows_publishers_what_waits_for_them(publisher_client, editor_user, clock):
    MeetingFactory(title="Berlin thematic meeting", status=Status.REVIEW)
    DocumentFactory(title="Work plan 2017", status=Status.REVIEW, meeting=None)
    DocumentFactory(title="Joint conclusions", meeting=None, publish_at=TOMORROW_TEN)
    MeetingFactory(title="Already out", status=Status.PUBLISHED)
    response = publisher_client.get("/admin/")
    content = response.content.decode()
    review = content.split('id="review-queue"')[1].split('id="scheduled-queue"')[0]
    scheduled = content.split('id="scheduled-queue"')[1].split('id="content-related"')[0]
    assert "Waiting for review" in review
    assert "Berlin thematic meeting" in review and "Work plan 2017" in review
    assert (
        "Joint conclusions" in scheduled and "public from 9 February 2017, 10:00 UTC" in scheduled
    )
    assert "Already out" not in content
    assert "app-meetings" in content  # the usual list of models stays

    publisher_client.force_login(editor_user)
    assert "Waiting for review" not in publisher_client.get("/admin/").content.decode()


def test_the_admin_home_shows_editors_what_was_sent_back(editor_client):
    MeetingFactory(title="Berlin", status=Status.DRAFT, review_note="Add the chair.")
    MeetingFactory(title="Rome", status=Status.DRAFT)
    content = editor_client.get("/admin/").content.decode()
    sent_back = content.split('id="sent-back-queue"')[1].split("</table>")[0]
    assert "Berlin" in sent_back and "Add the chair." in sent_back
    assert "Rome" not in sent_back


# Publishing a meeting with its documents.


def test_publishing_a_meeting_from_the_list_asks_about_its_draft_documents(publisher_client):
    meeting = MeetingFactory(status=Status.DRAFT, title="Valletta SOM")
    drafts = [
        DocumentFactory(meeting=meeting, status=Status.DRAFT, title="Joint conclusions"),
        DocumentFactory(meeting=meeting, status=Status.REVIEW, title="Final programme"),
    ]
    kept = DocumentFactory(meeting=meeting, status=Status.PUBLISHED, title="Mapping table")
    action = {"action": "publish", "_selected_action": [meeting.pk]}
    response = publisher_client.post("/admin/meetings/meeting/", action)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Joint conclusions" in page and "Final programme" in page
    assert "Mapping table" not in page
    assert 'name="publish_related" value="yes" id="publish-related" checked' in page
    meeting.refresh_from_db()
    assert meeting.status == Status.DRAFT  # nothing happens before the answer

    response = publisher_client.post(
        "/admin/meetings/meeting/",
        {**action, "confirm": "yes", "publish_related": "yes"},
        follow=True,
    )
    assert "2 documents published with their meetings." in messages_of(response)
    assert Meeting.objects.get().status == Status.PUBLISHED
    assert {d.status for d in Document.objects.filter(pk__in=[d.pk for d in drafts])} == {
        Status.PUBLISHED
    }
    kept.refresh_from_db()
    assert kept.status == Status.PUBLISHED


def test_publishing_a_meeting_without_its_documents_when_asked(publisher_client):
    meeting = MeetingFactory(status=Status.DRAFT)
    draft = DocumentFactory(meeting=meeting, status=Status.DRAFT)
    publisher_client.post(
        "/admin/meetings/meeting/",
        {"action": "publish", "_selected_action": [meeting.pk], "confirm": "yes"},
    )
    meeting.refresh_from_db()
    draft.refresh_from_db()
    assert (meeting.status, draft.status) == (Status.PUBLISHED, Status.DRAFT)


def test_publishing_from_the_change_form_also_publishes_its_drafts_by_default(publisher_client):
    meeting = MeetingFactory(status=Status.REVIEW)
    draft = DocumentFactory(meeting=meeting, status=Status.DRAFT, title="Joint conclusions")
    response = publisher_client.get(meeting_url(meeting))
    content = response.content.decode()
    assert "When it is published, also publish its 1 unpublished document" in content
    assert "“Joint conclusions” (Draft)" in content
    data = form_data(response, "meeting_form")
    assert data["publish_documents"] == "on"  # checked
    response = publisher_client.post(
        meeting_url(meeting), {**data, "status": Status.PUBLISHED}, follow=True
    )
    assert "1 document published with the meeting." in messages_of(response)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_the_meeting_form_says_how_much_is_not_public(secretariat_client, clock):
    meeting = MeetingFactory(status=Status.PUBLISHED)
    DocumentFactory(meeting=meeting, status=Status.DRAFT)
    DocumentFactory(meeting=meeting, status=Status.REVIEW)
    DocumentFactory(meeting=meeting, publish_at=TOMORROW_TEN)
    DocumentFactory(meeting=meeting)
    PhotoFactory.create_batch(2, meeting=meeting)
    content = secretariat_client.get(meeting_url(meeting)).content.decode()
    assert (
        "3 of its 4 documents are not public (1 draft, 1 in review, 1 scheduled). "
        "Its 2 photos are public." in content
    )
    meeting.status = Status.DRAFT
    meeting.save()
    content = secretariat_client.get(meeting_url(meeting)).content.decode()
    assert "The meeting is not public, so none of its documents (4) and photos (2) are." in content


@pytest.mark.parametrize("role", ["editor_client", "publisher_client"])
def test_every_change_form_links_to_the_page_on_the_site(request, role):
    client = request.getfixturevalue(role)
    meeting = MeetingFactory(status=Status.DRAFT)
    document = DocumentFactory(meeting=meeting, status=Status.DRAFT)
    for url in [meeting_url(meeting), f"/admin/documents/document/{document.pk}/change/"]:
        content = client.get(url).content.decode()
        link = re.search(r'<a href="([^"]+)" class="viewsitelink">', content)
        assert link, url
        # The staff preview answers the link, draft or not.
        site = client.get(link[1], follow=True)
        assert site.status_code == HTTPStatus.OK
        assert "not visible to the public" in site.content.decode()


# List actions save each item.


def test_list_actions_save_each_item(publisher_client):
    meetings = MeetingFactory.create_batch(2, status=Status.DRAFT)
    saved = []

    def collect(sender, instance, update_fields, **kwargs):
        if sender is Meeting:
            saved.append((instance.pk, instance.status, set(update_fields or [])))

    post_save.connect(collect)
    try:
        publisher_client.post(
            "/admin/meetings/meeting/",
            {"action": "publish", "_selected_action": [m.pk for m in meetings]},
        )
    finally:
        post_save.disconnect(collect)
    assert sorted(saved) == sorted(
        (m.pk, Status.PUBLISHED, {"status", "review_note", "updated_at", "first_public_at"})
        for m in meetings
    )


# Old addresses.


def test_a_publisher_changes_a_published_meetings_slug_and_the_old_one_redirects(
    publisher_client, client
):
    meeting = MeetingFactory(slug="2017-berlin", status=Status.PUBLISHED)
    data = form_data(publisher_client.get(meeting_url(meeting)), "meeting_form")
    response = publisher_client.post(meeting_url(meeting), {**data, "slug": "2017-05-berlin"})
    assert response.status_code == HTTPStatus.FOUND
    data = form_data(publisher_client.get(meeting_url(meeting)), "meeting_form")
    data["slug"] = "2017-05-berlin-thematic-meeting"
    publisher_client.post(meeting_url(meeting), data)
    for old in ["2017-berlin", "2017-05-berlin"]:
        response = client.get(f"/meetings/{old}/")
        assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
        assert response["Location"] == "/meetings/2017-05-berlin-thematic-meeting/"
    assert "2017-berlin" in publisher_client.get(meeting_url(meeting)).content.decode()


def test_an_old_address_of_a_hidden_meeting_is_not_found(client):
    meeting = MeetingFactory(slug="2017-berlin", status=Status.PUBLISHED)
    meeting.slug = "2017-05-berlin"
    meeting.status = Status.DRAFT
    meeting.save()
    assert client.get("/meetings/2017-berlin/").status_code == HTTPStatus.NOT_FOUND


def test_a_slug_taken_back_leads_to_its_meeting(client):
    meeting = MeetingFactory(slug="berlin")
    meeting.slug = "berlin-2017"
    meeting.save()
    meeting.slug = "berlin"
    meeting.save()
    assert client.get("/meetings/berlin/").status_code == HTTPStatus.OK
    response = client.get("/meetings/berlin-2017/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/meetings/berlin/"


def test_publishing_a_document_of_a_hidden_meeting_says_it_stays_hidden(publisher_client):
    document = DocumentFactory(
        title="Work plan 2017", status=Status.DRAFT, meeting=MeetingFactory(status=Status.DRAFT)
    )
    response = publisher_client.post(
        "/admin/documents/document/",
        {"action": "publish", "_selected_action": [document.pk]},
        follow=True,
    )
    assert "Published, but hidden until their meeting is public: Work plan 2017." in messages_of(
        response
    )
