"""The review's emails: publishers told of a submission, editors of the decision.

Through the admin's real forms and list actions; emails from Django's locmem backend."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from core.models import StaffLanguage
from core.publishing import Status
from core.roles import PUBLISHER
from tests.conftest import staff_member
from tests.factories import DocumentFactory, MeetingFactory
from tests.html import form_data

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2017, 2, 8, 18, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://record.example.org"


@pytest.fixture
def editor(editor_user):
    editor_user.first_name, editor_user.last_name = "Amina", "Yusuf"
    editor_user.email = "amina@example.org"
    editor_user.save()
    return editor_user


@pytest.fixture
def publishers(django_user_model, secretariat_user):
    """Two publishers who can be written to, one who has no address, one who has left."""
    secretariat_user.email = "publisher@example.org"
    secretariat_user.save()
    french = staff_member(django_user_model, "publieur", PUBLISHER)
    french.email = "publieur@example.org"
    french.save()
    StaffLanguage.objects.create(user=french, language="fr")
    staff_member(django_user_model, "no-address", PUBLISHER)
    gone = staff_member(django_user_model, "gone", PUBLISHER)
    gone.email, gone.is_active = "gone@example.org", False
    gone.save()
    return secretariat_user, french


def change_url(obj):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def html_of(message):
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return html


def test_publishers_are_told_when_an_editor_submits_from_the_form(
    client, editor, publishers, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title="Berlin thematic meeting", status=Status.DRAFT)
    client.force_login(editor)
    data = form_data(client.get(change_url(meeting)), "meeting_form")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(meeting), {**data, "status": Status.REVIEW})
    assert response.status_code == HTTPStatus.FOUND

    assert sorted(address for message in mail.outbox for address in message.to) == [
        "publieur@example.org",
        "publisher@example.org",
    ]
    [english] = sent_to("publisher@example.org")
    link = f"https://record.example.org/admin/meetings/meeting/{meeting.pk}/change/"
    assert english.subject == "Waiting for your review: Berlin thematic meeting"
    assert (
        "Amina Yusuf submitted the meeting “Berlin thematic meeting” for review on "
        "8 February 2017, 18:00 UTC." in english.body
    )
    assert link in english.body
    assert f'<a href="{link}">' in html_of(english)
    assert 'lang="en"' in html_of(english)
    # The French publisher's email is written in French (Django's own words and the site's).
    [french] = sent_to("publieur@example.org")
    assert "8 février 2017" in french.body and "réunion" in french.body
    assert 'lang="fr"' in html_of(french)


def test_the_submitter_and_the_time_are_shown_where_publishers_review(
    client, editor, publishers, secretariat_user
):
    meeting = MeetingFactory(title="Berlin thematic meeting", status=Status.DRAFT)
    MeetingFactory(title="Rome senior officials' meeting", status=Status.REVIEW)
    document = DocumentFactory(title="Work plan 2017", status=Status.DRAFT, meeting=None)
    client.force_login(editor)
    client.post(
        "/admin/meetings/meeting/",
        {"action": "submit_for_review", "_selected_action": [meeting.pk]},
    )
    client.post(
        "/admin/documents/document/",
        {"action": "submit_for_review", "_selected_action": [document.pk]},
    )
    meeting.refresh_from_db()
    assert (meeting.submitted_by, meeting.submitted_at) == (editor, NOW)

    client.force_login(secretariat_user)
    home = client.get("/admin/").content.decode()
    review = home.split('id="review-queue"')[1].split('id="scheduled-queue"')[0]
    assert review.count("submitted by editor on 8 February 2017, 18:00 UTC") == 2
    listing = client.get("/admin/meetings/meeting/").content.decode()
    assert "In review: editor, 8 February 2017, 18:00 UTC" in listing
    mine = client.get("/admin/meetings/meeting/", {"submitted_by__id__exact": editor.pk})
    assert [m.title for m in mine.context["cl"].result_list] == ["Berlin thematic meeting"]
    documents = client.get("/admin/documents/document/", {"submitted_by__id__exact": editor.pk})
    assert [d.title for d in documents.context["cl"].result_list] == ["Work plan 2017"]


def test_the_editor_is_told_when_a_publisher_sends_it_back_with_a_note(
    client, editor, publishers, secretariat_user, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title="Berlin thematic meeting", status=Status.DRAFT)
    client.force_login(editor)
    client.post(
        "/admin/meetings/meeting/",
        {"action": "submit_for_review", "_selected_action": [meeting.pk]},
    )
    client.force_login(secretariat_user)
    data = form_data(client.get(change_url(meeting)), "meeting_form")
    note = "Add the final programme before publishing."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(meeting), {**data, "status": Status.DRAFT, "review_note": note}
        )
    assert response.status_code == HTTPStatus.FOUND
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject == "Sent back: Berlin thematic meeting"
    assert "publisher sent the meeting “Berlin thematic meeting”" in message.body
    assert f"Their note: {note}" in message.body
    assert note in html_of(message)
    assert f"https://record.example.org{change_url(meeting)}" in message.body


def test_the_editor_is_told_when_a_publisher_publishes_from_the_list(
    client, editor, publishers, secretariat_user, django_capture_on_commit_callbacks
):
    submitted = DocumentFactory(title="Work plan 2017", status=Status.DRAFT, meeting=None)
    client.force_login(editor)
    client.post(
        "/admin/documents/document/",
        {"action": "submit_for_review", "_selected_action": [submitted.pk]},
    )
    own_draft = DocumentFactory(title="Publisher's own", status=Status.DRAFT, meeting=None)
    client.force_login(secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/documents/document/",
            {"action": "publish", "_selected_action": [submitted.pk, own_draft.pk]},
        )
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject == "Published: Work plan 2017"
    assert "publisher published the document “Work plan 2017”" in message.body
    assert "the public sees it now" in message.body


def test_no_one_is_told_of_their_own_decision_or_of_an_unchanged_status(
    client, publishers, secretariat_user, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(status=Status.DRAFT)
    client.force_login(secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/meetings/meeting/",
            {"action": "submit_for_review", "_selected_action": [meeting.pk]},
        )
    # The other publisher is told; the one who submitted is not.
    assert [message.to for message in mail.outbox] == [["publieur@example.org"]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/meetings/meeting/",
            {"action": "submit_for_review", "_selected_action": [meeting.pk]},
        )
        client.post(
            "/admin/meetings/meeting/", {"action": "publish", "_selected_action": [meeting.pk]}
        )
    assert mail.outbox == []


def test_a_mail_server_that_does_not_answer_does_not_fail_the_submission(
    settings, client, editor, publishers, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    meeting = MeetingFactory(status=Status.DRAFT)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/meetings/meeting/",
            {"action": "submit_for_review", "_selected_action": [meeting.pk]},
        )
    assert response.status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert meeting.status == Status.REVIEW
    assert [r.msg for r in caplog.records].count("review_mail.not_sent") == 2


def test_the_admins_language_at_sign_in_is_kept_for_emails(client, editor):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.post(
        "/admin/login/",
        {"username": "editor", "password": "a-long-test-password", "next": "/admin/"},
    )
    assert StaffLanguage.objects.get(user=editor).language == "fr"


def test_publishers_are_told_once_of_an_editors_pending_change_and_the_editor_of_the_decision(
    client, editor, publishers, django_capture_on_commit_callbacks
):
    publisher, french = publishers
    meeting = MeetingFactory(title="Berlin thematic meeting", city="Berlin")
    url = change_url(meeting)
    pending_url = f"/admin/meetings/meeting/{meeting.pk}/pending/"
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        data = form_data(client.get(url), "meeting_form")
        assert client.post(url, {**data, "city": "Potsdam"}).status_code == HTTPStatus.FOUND

    [told] = sent_to(publisher.email)
    assert told.subject == "A change waits for your review: Berlin thematic meeting"
    assert "Amina Yusuf changed the published meeting" in told.body
    assert f"https://record.example.org{pending_url}" in told.body
    assert f'href="https://record.example.org{pending_url}"' in html_of(told)
    [told_in_french] = sent_to(french.email)
    assert "Berlin thematic meeting" in told_in_french.subject
    assert "waits for your review" not in told_in_french.subject

    # Another save of the same pending change tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        data = form_data(client.get(url), "meeting_form")
        assert client.post(url, {**data, "city": "Bonn"}).status_code == HTTPStatus.FOUND
    assert len(sent_to(publisher.email)) == 1

    client.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pending_url, {"action": "send_back", "note": "Berlin it was."})
    [sent_back] = sent_to(editor.email)
    assert sent_back.subject == "Change sent back: Berlin thematic meeting"
    assert "sent back your change to the meeting" in sent_back.body
    assert "Berlin it was." in sent_back.body

    # Saved again after it was sent back, it waits anew: the publishers are told again.
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        data = form_data(client.get(url), "meeting_form")
        assert client.post(url, {**data, "city": "Berlin-Mitte"}).status_code == HTTPStatus.FOUND
    assert len(sent_to(publisher.email)) == 2

    client.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pending_url, {"action": "publish"})
    published = sent_to(editor.email)[-1]
    assert "published your change to the meeting" in published.body
    meeting.refresh_from_db()
    assert meeting.city == "Berlin-Mitte"
