"""No edit lost: two people saving the same item from forms opened at the same time. The
second save comes back with its input kept and says who changed what since; saving again
is deliberate and overrides."""

from http import HTTPStatus

import pytest
import reversion
from django.test import Client
from reversion.models import Version

from core.publishing import Status
from core.roles import ADMINISTRATOR
from documents.models import Document
from meetings.models import Meeting
from tests.conftest import staff_member
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
)
from tests.html import form_data

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice(django_user_model):
    user = staff_member(django_user_model, "alice", ADMINISTRATOR)
    user.first_name, user.last_name = "Alice", "Abebe"
    user.save()
    return signed_in(user)


@pytest.fixture
def bob(django_user_model):
    return signed_in(staff_member(django_user_model, "bob", ADMINISTRATOR))


def change_url(item):
    opts = item._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{item.pk}/change/"


def opened(client, item):
    """The item's change form as the browser has it: what it would post back."""
    return form_data(client.get(change_url(item)), f"{item._meta.model_name}_form")


def errors(response):
    return " ".join(response.context["adminform"].form.non_field_errors())


def recorded(factory, **fields):
    """An item with a version in its history, as every item saved through the admin has."""
    with reversion.create_revision():
        return factory(**fields)


def test_a_save_over_a_change_made_since_comes_back_and_saving_again_keeps_both(alice, bob):
    meeting = recorded(MeetingFactory, title="Valletta summit", summary="")
    alices_form, bobs_form = opened(alice, meeting), opened(bob, meeting)
    saved = alice.post(
        change_url(meeting), {**alices_form, "title": "Valletta Summit on Migration"}
    )
    assert saved.status_code == HTTPStatus.FOUND

    response = bob.post(change_url(meeting), {**bobs_form, "summary": "Held in November 2015."})

    assert response.status_code == HTTPStatus.OK
    meeting.refresh_from_db()
    assert (meeting.title, meeting.summary) == ("Valletta Summit on Migration", "")
    message = errors(response)
    assert "Since you opened this form, it has been changed:" in message
    assert "Alice Abebe, " in message
    assert "Title: “Valletta summit” → “Valletta Summit on Migration”" in message
    # Bob's input is still there, beside Alice's title he left alone: saving again keeps both.
    returned = form_data(response, "meeting_form")
    assert returned["summary"] == "Held in November 2015."
    assert returned["title"] == "Valletta Summit on Migration"
    assert bob.post(change_url(meeting), returned).status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert (meeting.title, meeting.summary) == (
        "Valletta Summit on Migration",
        "Held in November 2015.",
    )


def test_a_field_both_changed_keeps_the_second_input_and_saving_again_overrides(alice, bob):
    meeting = recorded(MeetingFactory, title="Valletta summit", city="Valletta", summary="")
    alices_form, bobs_form = opened(alice, meeting), opened(bob, meeting)
    alice.post(change_url(meeting), {**alices_form, "title": "Valletta Summit", "city": "Rabat"})

    response = bob.post(change_url(meeting), {**bobs_form, "title": "The Valletta Summit"})

    assert "Title: “Valletta summit” → “Valletta Summit”" in errors(response)
    returned = form_data(response, "meeting_form")
    assert (returned["title"], returned["city"]) == ("The Valletta Summit", "Rabat")
    assert bob.post(change_url(meeting), returned).status_code == HTTPStatus.FOUND
    meeting.refresh_from_db()
    assert (meeting.title, meeting.city) == ("The Valletta Summit", "Rabat")


def test_a_change_to_an_inline_row_since_is_told_and_the_rows_input_kept(alice, bob):
    meeting = MeetingFactory()
    ConclusionFactory(meeting=meeting, text="Work plan adopted.")
    alices_form, bobs_form = opened(alice, meeting), opened(bob, meeting)
    alice.post(change_url(meeting), {**alices_form, "conclusions-0-text": "Work plan amended."})

    response = bob.post(
        change_url(meeting),
        {**bobs_form, "summary": "A summary.", "conclusions-0-attribution": "the Chair"},
    )

    assert response.status_code == HTTPStatus.OK
    assert (
        "Changed conclusion “Key observation: Work plan amended.”: "
        "Text: “Work plan adopted.” → “Work plan amended.”" in errors(response)
    )
    returned = form_data(response, "meeting_form")
    assert returned["conclusions-0-attribution"] == "the Chair"
    assert meeting.conclusions.get().text == "Work plan amended."


def test_saving_twice_from_the_same_form_is_caught_too(alice):
    meeting = MeetingFactory(title="Rome meeting")
    form = opened(alice, meeting)
    assert alice.post(change_url(meeting), {**form, "city": "Rome"}).status_code == 302
    response = alice.post(change_url(meeting), {**form, "title": "Rome Ministerial"})
    assert response.status_code == HTTPStatus.OK
    assert "Alice Abebe, " in errors(response)


NAMES = {
    "meeting": "title",
    "document": "title",
    "organisation": "name",
    "meetingtype": "name",
    "documenttype": "name",
}


@pytest.mark.parametrize(
    "factory",
    [MeetingFactory, DocumentFactory, OrganisationFactory, MeetingTypeFactory, DocumentTypeFactory],
)
def test_every_change_form_with_history_carries_its_version(alice, bob, factory):
    item = factory()
    name = NAMES[item._meta.model_name]
    alices_form, bobs_form = opened(alice, item), opened(bob, item)
    assert alices_form["opened_version"] == bobs_form["opened_version"] == ""  # no version yet
    saved = alice.post(change_url(item), {**alices_form, name: "Alice's name"})
    assert saved.status_code == HTTPStatus.FOUND

    response = bob.post(change_url(item), {**bobs_form, name: "Bob's name"})

    assert response.status_code == HTTPStatus.OK
    assert "→ “Alice's name”" in errors(response)
    item.refresh_from_db()
    assert getattr(item, name) == "Alice's name"
    latest = Version.objects.get_for_object(item).get()
    assert opened(bob, item)["opened_version"] == str(latest.pk)


@pytest.mark.parametrize(
    "token",
    [None, "", "not-a-number", "99999999", "-1", "1 OR 1=1", "\x00"],
    ids=["missing", "empty", "text", "unknown", "negative", "injection", "nul"],
)
def test_a_missing_or_forged_version_is_stale_never_an_error(alice, token):
    meeting = MeetingFactory(title="Khartoum declaration")
    ConclusionFactory(meeting=meeting)
    form = opened(alice, meeting)
    alice.post(change_url(meeting), {**form, "city": "Rome"})
    form = opened(alice, meeting)  # opened at the latest version
    if token is None:
        del form["opened_version"]
    else:
        form["opened_version"] = token

    response = alice.post(change_url(meeting), {**form, "title": "Changed by hand"})

    assert response.status_code == HTTPStatus.OK
    assert "then save again to keep" in errors(response)
    assert Meeting.objects.get().title == "Khartoum declaration"
    again = alice.post(change_url(meeting), form_data(response, "meeting_form"))
    assert again.status_code == HTTPStatus.FOUND
    assert Meeting.objects.get().title == "Changed by hand"


def test_another_items_version_is_stale(alice):
    meeting, other = MeetingFactory(), MeetingFactory()
    alice.post(change_url(other), {**opened(alice, other), "city": "Rome"})
    alice.post(change_url(meeting), {**opened(alice, meeting), "city": "Rome"})
    form = opened(alice, meeting)
    form["opened_version"] = str(Version.objects.get_for_object(other).get().pk)
    response = alice.post(change_url(meeting), {**form, "title": "Changed"})
    assert response.status_code == HTTPStatus.OK
    assert "does not say which version" in errors(response)


def test_an_editor_is_told_of_a_publishers_change(editor_user, alice):
    editor = signed_in(editor_user)
    document = DocumentFactory(title="Joint conclusions", status=Status.DRAFT)
    editors_form = opened(editor, document)
    alice.post(change_url(document), {**opened(alice, document), "reference": "KP/2017/1"})
    response = editor.post(change_url(document), {**editors_form, "title": "Conclusions"})
    assert response.status_code == HTTPStatus.OK
    assert "Reference code: — → “KP/2017/1”" in errors(response)
    assert Document.objects.get().title == "Joint conclusions"
