"""Pending changes: an editor's change to what the public sees waits for a publisher, who
compares it with the live version, publishes it or sends it back with a note."""

import datetime
import hashlib
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from core.models import PendingChange
from core.publishing import Status
from documents.models import Document, DocumentFile
from maintenance.unreferenced import find_unreferenced
from meetings.models import Meeting, Organisation, Participant
from secretariat.models import AuditLog
from tests.factories import (
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipantFactory,
    pdf_bytes,
)
from tests.html import form_data

pytestmark = pytest.mark.django_db


def meeting_url(meeting, view="change"):
    return f"/admin/meetings/meeting/{meeting.pk}/{view}/"


def document_url(document, view="change"):
    return f"/admin/documents/document/{document.pk}/{view}/"


def change_form(client, url, form_id):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return form_data(response, form_id)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def public(client, url):
    client.logout()
    return client.get(url)


@pytest.fixture
def publisher(secretariat_user):
    return secretariat_user


def test_an_editors_change_to_a_published_meeting_waits_for_a_publisher(
    client, editor_user, publisher
):
    meeting = MeetingFactory(title="Valletta senior officials' meeting", city="Valletta")
    client.force_login(editor_user)
    data = change_form(client, meeting_url(meeting), "meeting_form")
    response = client.post(meeting_url(meeting), {**data, "city": "La Valletta"}, follow=True)

    assert any("saved as a pending change" in message for message in messages_of(response))
    # Nor in its history: a version the public never saw would be there to restore.
    assert not Version.objects.get_for_object(meeting).exists()
    meeting.refresh_from_db()
    assert meeting.city == "Valletta"
    assert "La Valletta" not in public(client, meeting.get_absolute_url()).content.decode()
    pending = PendingChange.objects.get()
    assert pending.author == editor_user
    assert "Valletta" in pending.description and "La Valletta" in pending.description
    # The audit log says who saved what for a publisher.
    entry = AuditLog.objects.get(object_id=str(meeting.pk))
    assert (entry.user, "La Valletta" in entry.change_message) == (editor_user, True)

    # The editor comes back to the pending version.
    client.force_login(editor_user)
    page = client.get(meeting_url(meeting)).content.decode()
    assert "Pending change" in page
    assert form_data(client.get(meeting_url(meeting)), "meeting_form")["city"] == "La Valletta"

    # The publisher compares and publishes.
    client.force_login(publisher)
    page = client.get(meeting_url(meeting, "pending")).content.decode()
    assert "Valletta" in page and "La Valletta" in page and "Publish this change" in page
    response = client.post(meeting_url(meeting, "pending"), {"action": "publish"}, follow=True)
    assert "The change to “Valletta senior officials' meeting” is published." in messages_of(
        response
    )
    meeting.refresh_from_db()
    assert (meeting.city, meeting.status) == ("La Valletta", Status.PUBLISHED)
    assert not PendingChange.objects.exists()
    assert "La Valletta" in public(client, meeting.get_absolute_url()).content.decode()
    comment = Version.objects.get_for_object(meeting).first().revision.comment
    assert "editor" in comment and "publisher" in comment and "La Valletta" in comment


def test_a_later_save_updates_the_one_pending_change(editor_client):
    meeting = MeetingFactory(city="Valletta")
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    editor_client.post(meeting_url(meeting), {**data, "city": "La Valletta"})
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    editor_client.post(meeting_url(meeting), {**data, "summary": "Senior officials met."})
    pending = PendingChange.objects.get()
    assert "La Valletta" in pending.description and "Senior officials met." in pending.description
    # Saved back to the live values: nothing is pending.
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    response = editor_client.post(
        meeting_url(meeting), {**data, "city": "Valletta", "summary": ""}, follow=True
    )
    assert "Nothing differs from the live version: no change is pending." in messages_of(response)
    assert not PendingChange.objects.exists()


def test_inline_rows_added_changed_and_deleted_wait_too(client, editor_user, publisher):
    meeting = MeetingFactory()
    kept = ParticipantFactory(meeting=meeting, person_name="Ms A")
    gone = ParticipantFactory(meeting=meeting, person_name="Mr B")
    newcomer = OrganisationFactory(name="IGAD")
    client.force_login(editor_user)
    data = change_form(client, meeting_url(meeting), "meeting_form")
    rows = {data[f"participants-{i}-id"]: i for i in range(2)}
    data[f"participants-{rows[str(kept.pk)]}-person_name"] = "Ms A. Ahmed"
    data[f"participants-{rows[str(gone.pk)]}-DELETE"] = "on"
    data.update(
        {
            "participants-2-organisation": newcomer.pk,
            "participants-2-role": Participant.Role.DELEGATE,
            "participants-2-person_name": "Mr C",
            "participants-2-order": "3",
        }
    )
    response = client.post(meeting_url(meeting), data)
    assert response.status_code == HTTPStatus.FOUND
    assert sorted(meeting.participants.values_list("person_name", flat=True)) == ["Mr B", "Ms A"]

    # The editor's form shows the three changes; saving it unchanged keeps them.
    data = change_form(client, meeting_url(meeting), "meeting_form")
    names = {
        data[f"participants-{i}-person_name"]
        for i in range(int(data["participants-INITIAL_FORMS"]))
    }
    assert names == {"Ms A. Ahmed", "Mr C"}
    client.post(meeting_url(meeting), data)
    assert PendingChange.objects.count() == 1

    client.force_login(publisher)
    client.post(meeting_url(meeting, "pending"), {"action": "publish"})
    assert sorted(meeting.participants.values_list("person_name", flat=True)) == [
        "Mr C",
        "Ms A. Ahmed",
    ]


def test_a_publisher_sends_a_change_back_with_a_note_the_editor_reads(
    client, editor_user, publisher
):
    meeting = MeetingFactory(city="Valletta")
    client.force_login(editor_user)
    data = change_form(client, meeting_url(meeting), "meeting_form")
    client.post(meeting_url(meeting), {**data, "city": "Malta"})

    client.force_login(publisher)
    response = client.post(meeting_url(meeting, "pending"), {"action": "send_back", "note": ""})
    assert "Say what should change" in response.content.decode()
    client.post(
        meeting_url(meeting, "pending"),
        {"action": "send_back", "note": "Name the city, not the country."},
    )
    meeting.refresh_from_db()
    assert meeting.city == "Valletta"

    client.force_login(editor_user)
    page = client.get(meeting_url(meeting)).content.decode()
    assert "Name the city, not the country." in page
    assert "Sent back by publisher" in page

    # The editor withdraws it.
    response = client.post(meeting_url(meeting, "pending"), {"action": "withdraw"}, follow=True)
    assert not PendingChange.objects.exists()
    assert "Pending change" not in response.content.decode()


def test_an_editor_may_not_publish_or_send_back(editor_client):
    meeting = MeetingFactory(city="Valletta")
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    editor_client.post(meeting_url(meeting), {**data, "city": "Malta"})
    for action in ["publish", "send_back"]:
        response = editor_client.post(
            meeting_url(meeting, "pending"), {"action": action, "note": "ok"}
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
    meeting.refresh_from_db()
    assert meeting.city == "Valletta"
    assert (
        "Publish this change"
        not in editor_client.get(meeting_url(meeting, "pending")).content.decode()
    )


def test_moving_a_published_document_waits_for_a_publisher(client, editor_user, publisher):
    """The hole the trials found: out of a scheduled meeting, the document went public."""
    scheduled = MeetingFactory(publish_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC))
    document = DocumentFactory(meeting=scheduled, title="Programme")
    DocumentFileFactory(document=document)
    client.force_login(editor_user)
    data = change_form(client, document_url(document), "document_form")
    response = client.post(document_url(document), {**data, "meeting": ""})
    assert response.status_code == HTTPStatus.FOUND
    document.refresh_from_db()
    assert document.meeting == scheduled
    assert public(client, document.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND

    client.force_login(publisher)
    assert "Programme" in client.get("/admin/documents/document/?pending=yes").content.decode()
    client.post(document_url(document, "pending"), {"action": "publish"})
    document.refresh_from_db()
    assert document.meeting is None
    assert public(client, document.get_absolute_url()).status_code == HTTPStatus.OK


def test_a_replaced_file_is_served_only_once_published(client, editor_user, publisher):
    document = DocumentFactory(meeting=None)
    version = DocumentFileFactory(document=document, content=pdf_bytes(1))
    old_sha = hashlib.sha256(version.file.read()).hexdigest()
    new = pdf_bytes(2)
    client.force_login(editor_user)
    data = change_form(client, document_url(document), "document_form")
    data["files-0-upload"] = SimpleUploadedFile("revised.pdf", new, "application/pdf")
    assert client.post(document_url(document), data).status_code == HTTPStatus.FOUND

    def served():
        response = public(client, version.get_absolute_url())
        return hashlib.sha256(b"".join(response.streaming_content)).hexdigest()

    assert served() == old_sha
    # The pending file is kept in storage, and not taken for an unreferenced one.
    assert DocumentFile.objects.get().sha256 == old_sha
    assert find_unreferenced().unreferenced == []

    client.force_login(publisher)
    client.post(document_url(document, "pending"), {"action": "publish"})
    assert served() == hashlib.sha256(new).hexdigest()
    assert version.revisions.count() == 1  # the old file is an earlier version


def test_a_publishers_own_edit_goes_live_and_says_what_waits(client, editor_user, publisher):
    meeting = MeetingFactory(city="Valletta", summary="")
    client.force_login(editor_user)
    data = change_form(client, meeting_url(meeting), "meeting_form")
    client.post(meeting_url(meeting), {**data, "city": "Malta"})

    client.force_login(publisher)
    page = client.get(meeting_url(meeting)).content.decode()
    assert "Pending change" in page and "Compare with live" in page
    data = change_form(client, meeting_url(meeting), "meeting_form")
    assert data["city"] == "Valletta"  # the publisher's form is the live one
    response = client.post(meeting_url(meeting), {**data, "summary": "Met."}, follow=True)
    assert any("pending change" in message for message in messages_of(response))
    meeting.refresh_from_db()
    assert (meeting.summary, meeting.city) == ("Met.", "Valletta")
    assert PendingChange.objects.exists()
    # Publishing the editor's change keeps the publisher's.
    client.post(meeting_url(meeting, "pending"), {"action": "publish"})
    meeting.refresh_from_db()
    assert (meeting.summary, meeting.city) == ("Met.", "Malta")


def test_a_scheduled_publication_still_applies_after_a_change_is_published(
    client, editor_user, publisher
):
    later = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    meeting = MeetingFactory(publish_at=later, city="Valletta")
    client.force_login(editor_user)
    data = change_form(client, meeting_url(meeting), "meeting_form")
    client.post(meeting_url(meeting), {**data, "city": "Malta"})
    client.force_login(publisher)
    client.post(meeting_url(meeting, "pending"), {"action": "publish"})
    meeting.refresh_from_db()
    assert (meeting.city, meeting.publish_at, meeting.is_published) == ("Malta", later, False)


def test_drafts_stay_freely_editable(editor_client):
    meeting = MeetingFactory(status=Status.DRAFT, city="Valletta")
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    editor_client.post(meeting_url(meeting), {**data, "city": "Malta"})
    meeting.refresh_from_db()
    assert meeting.city == "Malta"
    assert not PendingChange.objects.exists()


def test_an_organisation_named_by_a_published_meeting_waits(client, editor_user, publisher):
    shown = OrganisationFactory(name="IGAD")
    ParticipantFactory(organisation=shown, meeting=MeetingFactory())
    unseen = OrganisationFactory(name="Draft partner")
    ParticipantFactory(organisation=unseen, meeting=MeetingFactory(status=Status.DRAFT))
    client.force_login(editor_user)
    for organisation, name in [(shown, "IGAD Secretariat"), (unseen, "Partner")]:
        url = f"/admin/meetings/organisation/{organisation.pk}/change/"
        data = change_form(client, url, "organisation_form")
        assert client.post(url, {**data, "name": name}, follow=True).status_code == HTTPStatus.OK
    assert set(Organisation.objects.values_list("name", flat=True)) == {"IGAD", "Partner"}

    client.force_login(publisher)
    listing = client.get("/admin/meetings/organisation/?pending=yes").content.decode()
    assert "IGAD" in listing and "Partner" not in listing
    client.post(f"/admin/meetings/organisation/{shown.pk}/pending/", {"action": "publish"})
    shown.refresh_from_db()
    assert shown.name == "IGAD Secretariat"


def test_the_admin_home_counts_what_waits(client, editor_user, publisher):
    meeting = MeetingFactory(title="Khartoum Process SOM")
    client.force_login(editor_user)
    data = change_form(client, meeting_url(meeting), "meeting_form")
    client.post(meeting_url(meeting), {**data, "city": "Malta"})
    client.force_login(publisher)
    page = client.get("/admin/").content.decode()
    assert "Changes waiting for a publisher" in page
    assert meeting_url(meeting, "pending") in page
    listing = client.get("/admin/meetings/meeting/?pending=yes").content.decode()
    assert "Khartoum Process SOM" in listing and "change pending" in listing


def test_a_new_document_added_to_a_published_meeting_waits(client, editor_user, publisher):
    meeting = MeetingFactory()
    client.force_login(editor_user)
    data = change_form(client, meeting_url(meeting), "meeting_form")
    data.update(
        {
            "documents-0-title": "Annex",
            "documents-0-document_type": DocumentFactory().document_type_id,
            "documents-0-meeting_order": "1",
            "documents-0-language": "en",
            "documents-0-upload": SimpleUploadedFile("annex.pdf", pdf_bytes(), "application/pdf"),
        }
    )
    assert client.post(meeting_url(meeting), data).status_code == HTTPStatus.FOUND
    assert not Document.objects.filter(title="Annex").exists()
    client.force_login(publisher)
    client.post(meeting_url(meeting, "pending"), {"action": "publish"})
    annex = Document.objects.get(title="Annex")
    assert (annex.meeting, annex.status, annex.files.count()) == (meeting, Status.DRAFT, 1)
    assert Meeting.objects.count() == 2


def test_a_deleted_items_pending_change_goes_with_it(client, editor_user, publisher):
    meeting = MeetingFactory(city="Valletta")
    client.force_login(editor_user)
    data = change_form(client, meeting_url(meeting), "meeting_form")
    client.post(meeting_url(meeting), {**data, "city": "Malta"})
    client.force_login(publisher)
    client.post(meeting_url(meeting, "delete"), {"post": "yes"})
    assert not Meeting.objects.exists()
    assert not PendingChange.objects.exists()
    assert "Changes waiting for a publisher" not in client.get("/admin/").content.decode()
