"""Roles: what an editor, a publisher and an administrator may do, and what the server refuses
when a request asks for more than the admin offered (a hand-made POST)."""

import datetime
import importlib
from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import PendingChange
from core.publishing import Status
from core.roles import ADMINISTRATOR, EDITOR, PUBLISHER, role_group
from documents.models import Document, DocumentFile
from meetings.models import Meeting, MeetingType, Photo
from tests.factories import (
    PDF_BYTES,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    PhotoFactory,
)
from tests.html import form_data, select_options

pytestmark = pytest.mark.django_db

SCHEDULE = {"publish_at_0": "2030-02-09", "publish_at_1": "10:00:00"}


def meeting_url(meeting, view="change"):
    return f"/admin/meetings/meeting/{meeting.pk}/{view}/"


def document_url(document, view="change"):
    return f"/admin/documents/document/{document.pk}/{view}/"


def change_form(client, url, form_id):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return form_data(response, form_id)


def unchanged(obj, **fields):
    obj.refresh_from_db()
    return all(getattr(obj, name) == value for name, value in fields.items())


def test_the_three_roles_exist_with_their_permissions():
    editor, publisher, administrator = (
        Group.objects.get(name=name) for name in [EDITOR, PUBLISHER, ADMINISTRATOR]
    )

    def perms(group):
        return {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }

    assert {"meetings.add_meeting", "meetings.delete_meeting", "documents.change_document"} <= (
        perms(editor)
    )
    assert {"meetings.add_organisation", "meetings.view_meetingtype"} <= perms(editor)
    assert not {
        "meetings.publish_meeting",
        "documents.publish_document",
        "followup.publish_update",
        "meetings.delete_organisation",
        "meetings.add_meetingtype",
        "auth.change_user",
    } & perms(editor)
    # And the Process's formal record (process/), which has no draft to publish.
    process_record = {
        f"process.{action}_{model}"
        for action in ("add", "change", "delete")
        for model in ("membership", "steeringcommitteeseat", "chairmanship")
    }
    assert (
        perms(publisher)
        == perms(editor)
        | {
            "meetings.publish_meeting",
            "documents.publish_document",
            "followup.publish_update",
        }
        | process_record
    )
    assert perms(publisher) < perms(administrator)
    assert {"auth.add_user", "auth.change_group", "meetings.delete_meetingtype"} <= perms(
        administrator
    )


def test_secretariat_members_become_publishers(django_user_model):
    migration = importlib.import_module("khartoum.migrations.0003_workflow_data")
    member = django_user_model.objects.create_user("officer", is_staff=True)
    Group.objects.create(name="Secretariat").user_set.add(member)
    migration.secretariat_to_publisher(apps, None)
    assert [group.name for group in member.groups.all()] == [PUBLISHER]
    assert not Group.objects.filter(name="Secretariat").exists()
    assert member.has_perm("meetings.publish_meeting")
    assert not member.is_superuser


# What each role is shown.


def test_an_editor_is_offered_draft_and_review_only(editor_client):
    meeting = MeetingFactory(status=Status.DRAFT)
    response = editor_client.get(meeting_url(meeting))
    assert [value for value, _text, _selected in select_options(response, "status")] == [
        "draft",
        "review",
    ]
    content = response.content.decode()
    assert 'name="publish_at_0"' not in content
    assert 'name="review_note"' not in content
    assert f'href="{meeting_url(meeting, "delete")}"' in content  # a draft is theirs to delete
    changelist = editor_client.get("/admin/meetings/meeting/")
    actions = [value for value, _text, _selected in select_options(changelist, "action")]
    assert actions == ["delete_selected", "submit_for_review"]


def test_an_editor_sees_a_published_meeting_without_its_publishing_controls(editor_client):
    meeting = MeetingFactory(status=Status.PUBLISHED, slug="valletta-som")
    response = editor_client.get(meeting_url(meeting))
    data = form_data(response, "meeting_form")
    assert "status" not in data
    assert "slug" not in data
    assert "valletta-som" in response.content.decode()  # shown, read only
    assert f'href="{meeting_url(meeting, "delete")}"' not in response.content.decode()


def test_a_publisher_is_offered_every_status_the_schedule_and_the_actions(publisher_client):
    meeting = MeetingFactory(status=Status.DRAFT)
    response = publisher_client.get(meeting_url(meeting))
    assert [value for value, _text, _selected in select_options(response, "status")] == [
        "draft",
        "review",
        "published",
    ]
    assert 'name="publish_at_0"' in response.content.decode()
    changelist = publisher_client.get("/admin/meetings/meeting/")
    actions = [value for value, _text, _selected in select_options(changelist, "action")]
    assert actions == ["delete_selected", "publish", "unpublish", "submit_for_review"]


# What an editor's hand-made requests are refused.


def test_an_editor_cannot_publish_through_the_change_form(editor_client):
    meeting = MeetingFactory(status=Status.DRAFT, title="Berlin")
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    data.update(status=Status.PUBLISHED, title="Berlin, published")
    response = editor_client.post(meeting_url(meeting), data)
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()
    assert unchanged(meeting, status=Status.DRAFT, title="Berlin")


def test_an_editor_cannot_schedule_through_the_change_form(editor_client):
    meeting = MeetingFactory(status=Status.REVIEW)
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    response = editor_client.post(meeting_url(meeting), {**data, **SCHEDULE})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Only a publisher" in response.content.decode()
    assert unchanged(meeting, status=Status.REVIEW, publish_at=None)


def test_an_editor_cannot_unpublish_through_the_change_form(editor_client):
    meeting = MeetingFactory(status=Status.PUBLISHED)
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    response = editor_client.post(meeting_url(meeting), {**data, "status": Status.DRAFT})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert unchanged(meeting, status=Status.PUBLISHED)


def test_an_editor_cannot_write_the_publishers_note(editor_client):
    meeting = MeetingFactory(status=Status.REVIEW, review_note="Add the programme.")
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    response = editor_client.post(meeting_url(meeting), {**data, "review_note": "Fine as is."})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert unchanged(meeting, review_note="Add the programme.")


def test_an_editor_may_edit_a_published_meeting_but_not_its_address(editor_client):
    meeting = MeetingFactory(status=Status.PUBLISHED, slug="valletta-som", city="Valletta")
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    response = editor_client.post(meeting_url(meeting), {**data, "city": "La Valletta"})
    assert response.status_code == HTTPStatus.FOUND
    # Held for a publisher (tests/core/test_pending_changes.py): the live meeting is as it was.
    assert unchanged(meeting, city="Valletta", status=Status.PUBLISHED)
    assert PendingChange.objects.filter(object_id=str(meeting.pk)).exists()
    response = editor_client.post(meeting_url(meeting), {**data, "slug": "malta-som"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert unchanged(meeting, slug="valletta-som")


@pytest.mark.parametrize(
    ("action", "before"),
    [("publish", Status.DRAFT), ("publish", Status.REVIEW), ("unpublish", Status.PUBLISHED)],
)
def test_an_editor_cannot_use_the_publishing_actions(editor_client, action, before):
    meeting = MeetingFactory(status=before)
    document = DocumentFactory(status=before, meeting=None)
    changelists = {"/admin/meetings/meeting/": meeting, "/admin/documents/document/": document}
    for url, obj in changelists.items():
        response = editor_client.post(
            url, {"action": action, "_selected_action": [obj.pk]}, follow=True
        )
        assert "No action selected." in response.content.decode()
        assert unchanged(obj, status=before)


def test_an_editor_cannot_publish_a_document(editor_client):
    document = DocumentFactory(status=Status.DRAFT, meeting=None)
    data = change_form(editor_client, document_url(document), "document_form")
    response = editor_client.post(document_url(document), {**data, "status": Status.PUBLISHED})
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()
    response = editor_client.post(document_url(document), {**data, **SCHEDULE})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert unchanged(document, status=Status.DRAFT, publish_at=None)


def test_an_editor_cannot_publish_a_document_from_its_meeting_page(editor_client):
    meeting = MeetingFactory(status=Status.DRAFT)
    document = DocumentFactory(meeting=meeting, status=Status.DRAFT)
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    assert "documents-0-status" not in data  # shown, not offered
    response = editor_client.post(
        meeting_url(meeting), {**data, "documents-0-status": Status.PUBLISHED}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert unchanged(document, status=Status.DRAFT)


def test_an_editor_cannot_upload_documents_as_published(editor_client):
    meeting = MeetingFactory()
    response = editor_client.post(
        meeting_url(meeting, "upload-documents"),
        {
            "files": [SimpleUploadedFile("programme.pdf", PDF_BYTES)],
            "document_type": DocumentTypeFactory().pk,
            "language": "en",
            "status": Status.PUBLISHED,
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.REVIEW])
def test_an_editor_cannot_delete_what_is_not_a_draft(editor_client, status):
    meeting = MeetingFactory(status=status)
    assert editor_client.get(meeting_url(meeting, "delete")).status_code == HTTPStatus.FORBIDDEN
    response = editor_client.post(meeting_url(meeting, "delete"), {"post": "yes"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    response = editor_client.post(
        "/admin/meetings/meeting/",
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_an_editor_cannot_delete_a_published_document_from_its_meeting_page(editor_client):
    meeting = MeetingFactory(status=Status.DRAFT)
    document = DocumentFactory(meeting=meeting, status=Status.PUBLISHED)
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    response = editor_client.post(meeting_url(meeting), {**data, "documents-0-DELETE": "on"})
    assert response.status_code == HTTPStatus.OK
    assert "Only a publisher may delete what is not a draft" in response.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("documents", ["delete", "detach"])
def test_an_editor_cannot_delete_a_published_document_with_its_draft_meeting(
    editor_client, documents
):
    meeting = MeetingFactory(status=Status.DRAFT)
    document = DocumentFactory(meeting=meeting, status=Status.PUBLISHED)
    response = editor_client.post(
        meeting_url(meeting, "delete"), {"post": "yes", "documents": documents}
    )
    if documents == "delete":
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert Document.objects.filter(pk=document.pk, status=Status.PUBLISHED).exists()


def test_an_editor_deletes_a_draft(editor_client):
    meeting = MeetingFactory(status=Status.DRAFT)
    response = editor_client.post(meeting_url(meeting, "delete"), {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Meeting.objects.exists()


# Publishers and administrators.


def test_a_publisher_deletes_a_published_meeting(publisher_client):
    meeting = MeetingFactory(status=Status.PUBLISHED)
    response = publisher_client.post(meeting_url(meeting, "delete"), {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Meeting.objects.exists()


def test_a_publisher_schedules_a_meeting(publisher_client):
    meeting = MeetingFactory(status=Status.DRAFT)
    data = change_form(publisher_client, meeting_url(meeting), "meeting_form")
    data.update(status=Status.PUBLISHED, **SCHEDULE)
    response = publisher_client.post(meeting_url(meeting), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    meeting.refresh_from_db()
    assert meeting.publish_at == datetime.datetime(2030, 2, 9, 10, tzinfo=datetime.UTC)
    assert meeting.get_state_display() == "Scheduled"


@pytest.mark.parametrize("role", ["editor_client", "publisher_client"])
def test_only_administrators_manage_users_groups_and_the_lists(request, role, django_user_model):
    client = request.getfixturevalue(role)
    kind = MeetingTypeFactory()
    organisation = OrganisationFactory()
    for url in ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]:
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "intruder", "password1": "x-long-pass-1", "password2": "x-long-pass-1"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not django_user_model.objects.filter(username="intruder").exists()
    for url in [
        f"/admin/meetings/meetingtype/{kind.pk}/delete/",
        f"/admin/meetings/organisation/{organisation.pk}/delete/",
    ]:
        assert client.post(url, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    assert MeetingType.objects.filter(pk=kind.pk).exists()
    assert "/admin/auth/" not in client.get("/admin/").content.decode()


def test_an_administrator_manages_users_and_the_lists(administrator_client):
    kind = MeetingTypeFactory()
    assert administrator_client.get("/admin/auth/user/").status_code == HTTPStatus.OK
    response = administrator_client.post(
        f"/admin/meetings/meetingtype/{kind.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not MeetingType.objects.filter(pk=kind.pk).exists()


def test_no_role_is_a_superuser(django_user_model):
    for name in [EDITOR, PUBLISHER, ADMINISTRATOR]:
        user = django_user_model.objects.create_user(f"user-{name}", is_staff=True)
        user.groups.add(role_group(name))
        assert not user.is_superuser


def test_an_editor_cannot_delete_the_photos_of_a_published_meeting(editor_client):
    meeting = MeetingFactory(status=Status.PUBLISHED)
    photo = PhotoFactory(meeting=meeting)
    data = change_form(editor_client, meeting_url(meeting), "meeting_form")
    response = editor_client.post(meeting_url(meeting), {**data, "photos-0-DELETE": "on"})
    assert response.status_code == HTTPStatus.OK
    assert "Only a publisher may delete what is not a draft" in response.content.decode()
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_an_editor_cannot_delete_a_published_documents_file(editor_client):
    file = DocumentFileFactory(document=DocumentFactory(meeting=None))
    data = change_form(editor_client, document_url(file.document), "document_form")
    response = editor_client.post(document_url(file.document), {**data, "files-0-DELETE": "on"})
    assert response.status_code == HTTPStatus.OK
    assert "Only a publisher may delete what is not a draft" in response.content.decode()
    assert DocumentFile.objects.filter(pk=file.pk).exists()


def test_a_publisher_deletes_a_published_meetings_photo(publisher_client):
    meeting = MeetingFactory(status=Status.PUBLISHED)
    PhotoFactory(meeting=meeting)
    data = change_form(publisher_client, meeting_url(meeting), "meeting_form")
    response = publisher_client.post(meeting_url(meeting), {**data, "photos-0-DELETE": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Photo.objects.exists()
