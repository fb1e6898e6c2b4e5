"""An admin form sent after its session ended is held across signing in again, for its author only.

End to end with the test client: the real sign-in page, the real idle timeout."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.admin.forms_across_sign_in import OWNER_FIELD, SESSION_KEY
from core.publishing import Status
from meetings.models import Meeting
from tests.factories import MeetingFactory
from tests.html import form_data

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
IDLE = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client, username, next_page="/admin/"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": "a-long-test-password", "next": next_page},
        REMOTE_ADDR="198.51.100.7",
    )


def change_url(meeting):
    return f"/admin/meetings/meeting/{meeting.pk}/change/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def meeting():
    return MeetingFactory(title="Khartoum Process senior officials' meeting", status=Status.DRAFT)


@pytest.fixture
def expired_form(client, clock, editor_user, meeting):
    """The editor opened the form, typed a new title and a participant, and went to lunch."""
    sign_in(client, "editor")
    data = form_data(client.get(change_url(meeting)), "meeting_form")
    assert OWNER_FIELD in data
    data["title"] = "Senior officials' meeting, Asmara"
    data["participants-0-person_name"] = "Yohannes Tesfaye"
    data["participants-0-country"] = "ER"
    clock.shift(IDLE + datetime.timedelta(minutes=1))
    return data


def test_a_form_sent_after_the_session_ended_opens_again_filled_in_after_signing_in(
    client, expired_form, meeting
):
    response = client.post(change_url(meeting), expired_form)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"/admin/login/?next={change_url(meeting)}"
    meeting.refresh_from_db()
    assert meeting.title == "Khartoum Process senior officials' meeting"
    login = client.get(response.url)
    assert "Your session ended before the form was saved" in " ".join(messages_of(login))

    response = sign_in(client, "editor", next_page=change_url(meeting))
    assert response.url == change_url(meeting)
    page = client.get(change_url(meeting))
    content = page.content.decode()
    assert 'value="Senior officials&#x27; meeting, Asmara"' in content
    assert 'value="Yohannes Tesfaye"' in content
    assert "This is your input from before your session ended, not saved yet" in content
    meeting.refresh_from_db()
    assert meeting.title == "Khartoum Process senior officials' meeting"

    # Saved on purpose, as any form.
    again = form_data(page, "meeting_form")
    assert client.post(change_url(meeting), again).status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert meeting.title == "Senior officials' meeting, Asmara"
    assert [p.person_name for p in meeting.participants.all()] == ["Yohannes Tesfaye"]
    # Given back once: the form opens as stored now.
    assert "not saved yet" not in client.get(change_url(meeting)).content.decode()


def test_a_held_form_is_never_given_to_another_user(
    client, expired_form, meeting, secretariat_user, editor_user
):
    client.post(change_url(meeting), expired_form)
    sign_in(client, "publisher", next_page=change_url(meeting))
    content = client.get(change_url(meeting)).content.decode()
    assert "Asmara" not in content and "Yohannes" not in content
    assert SESSION_KEY not in client.session
    # Nor to its author afterwards, in that browser: it was discarded.
    client.post("/admin/logout/")
    sign_in(client, "editor", next_page=change_url(meeting))
    assert "Asmara" not in client.get(change_url(meeting)).content.decode()


def test_a_form_without_a_genuine_reference_to_its_author_is_not_held(
    client, expired_form, meeting
):
    expired_form[OWNER_FIELD] = "1:forged"
    response = client.post(change_url(meeting), expired_form)
    assert response.status_code == HTTPStatus.FOUND
    assert SESSION_KEY not in client.session


def test_a_form_sent_with_a_wrong_csrf_token_is_refused_not_held(expired_form, meeting):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(change_url(meeting), expired_form)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert SESSION_KEY not in browser.session


def test_the_files_to_choose_again_are_named(client, clock, editor_user):
    sign_in(client, "editor")
    data = form_data(client.get("/admin/meetings/meeting/add/"), "meeting_form")
    data.update(
        {
            "title": "A meeting typed in full",
            "photos-0-image": SimpleUploadedFile("plenary.jpg", b"not read", "image/jpeg"),
        }
    )
    clock.shift(IDLE + datetime.timedelta(minutes=1))
    client.post("/admin/meetings/meeting/add/", data)
    sign_in(client, "editor", next_page="/admin/meetings/meeting/add/")
    page = client.get("/admin/meetings/meeting/add/")
    assert "A meeting typed in full" in page.content.decode()
    assert "Choose these files again, as they could not be kept: plenary.jpg." in messages_of(page)
    assert not Meeting.objects.exists()


def test_a_form_of_an_admin_that_cannot_give_it_back_is_not_held(client, clock, administrator_user):
    sign_in(client, "administrator")
    url = f"/admin/auth/user/{administrator_user.pk}/change/"
    data = form_data(client.get(url), "user_form")
    clock.shift(IDLE + datetime.timedelta(minutes=1))
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    assert SESSION_KEY not in client.session
