"""History and undo: every change is a version saying what changed; versions are compared and
restored; a deleted meeting comes back whole."""

import datetime
from http import HTTPStatus
from io import StringIO

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from accounts.models import SignIn
from core.publishing import Status
from documents.models import Document, DocumentFile, DocumentFileRevision, DocumentType
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo
from tests.factories import (
    PDF_BYTES,
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PhotoFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


def form_value(bound_field):
    value = bound_field.value()
    if isinstance(value, bool):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "url") or hasattr(value, "read"):  # a stored file: not posted again
        return None
    return str(value)


def submitted(form, data):
    for name in form.fields:
        value = form_value(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value


def change_form_data(response, **changes):
    """What the browser posts back when the change form on `response` is saved as shown."""
    data = {}
    submitted(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        submitted(formset.management_form, data)
        data[formset.management_form.add_prefix("TOTAL_FORMS")] = str(len(formset.initial_forms))
        for form in formset.initial_forms:
            submitted(form, data)
    data.update(changes)
    return data


def whole_meeting():
    meeting = MeetingFactory(title="Senior Officials Meeting", slug="som-2017")
    ParticipantFactory(meeting=meeting, organisation=OrganisationFactory(name="Ethiopia"))
    ParticipantFactory(meeting=meeting, organisation=OrganisationFactory(name="Italy"), order=1)
    ConclusionFactory(meeting=meeting, text="Work plan 2017 adopted.")
    ConclusionFactory(meeting=meeting, text="Contribution to the GCM.", order=1)
    document = DocumentFactory(meeting=meeting, title="Work plan 2017")
    DocumentFileFactory(document=document, original_name="work-plan-2017.pdf")
    PhotoFactory(meeting=meeting, caption="Opening session")
    return meeting


def history_messages(obj):
    return [
        entry.get_change_message()
        for entry in LogEntry.objects.filter(object_id=str(obj.pk)).order_by("pk")
        if entry.content_type.model_class() is type(obj)
    ]


def test_a_change_form_records_old_and_new_values(admin_client, admin_user):
    meeting = MeetingFactory(title="Thematic meeting", status=Status.DRAFT)
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = change_form_data(
        admin_client.get(url), title="Thematic Meeting on smuggling", status=Status.PUBLISHED
    )
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND

    message = history_messages(meeting)[-1]
    assert "Title: “Thematic meeting” → “Thematic Meeting on smuggling”" in message
    assert "Status: Draft → Published" in message
    # The calendar's revision, which the new title moved on, is the software's business.
    assert "revision" not in message.lower()
    version = Version.objects.get_for_object(meeting).first()
    assert version.revision.user == admin_user
    assert "Status: Draft → Published" in version.revision.comment
    history = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/history/")
    assert "Status: Draft → Published" in history.content.decode()


def test_a_changed_inline_row_is_part_of_its_meetings_revision(admin_client):
    meeting = MeetingFactory()
    participant = ParticipantFactory(
        meeting=meeting, organisation=OrganisationFactory(name="Italy")
    )
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    page = admin_client.get(url)
    index = [form.instance for form in page.context["inline_admin_formsets"][0].formset.forms]
    row = index.index(participant)
    data = change_form_data(page, **{f"participants-{row}-role": Participant.Role.CHAIR})
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND

    assert (
        "Changed participant “Italy — Chair”: Role: Delegate → Chair."
        in (history_messages(meeting)[-1])
    )
    revision = Version.objects.get_for_object(meeting).first().revision
    saved = revision.version_set.get(
        object_id=str(participant.pk), content_type__model="participant"
    )
    assert saved.field_dict["role"] == Participant.Role.CHAIR


def test_a_list_action_records_each_item_it_changed(secretariat_client, secretariat_user):
    draft = MeetingFactory(title="Draft meeting", status=Status.DRAFT)
    document = DocumentFactory(title="Draft document", status=Status.DRAFT)
    for url, item in [
        ("/admin/meetings/meeting/", draft),
        ("/admin/documents/document/", document),
    ]:
        response = secretariat_client.post(
            url, {"action": "publish", "_selected_action": [item.pk]}
        )
        assert response.status_code == HTTPStatus.FOUND
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED
        assert history_messages(item) == ["Status: Draft → Published."]
        version = Version.objects.get_for_object(item).get()
        assert version.revision.user == secretariat_user
        assert version.revision.comment == f"“{item}”: Status: Draft → Published."
        assert version.field_dict["status"] == Status.PUBLISHED


def test_the_bulk_upload_page_records_the_new_documents(secretariat_client, secretariat_user):
    meeting = MeetingFactory()
    response = secretariat_client.post(
        f"/admin/meetings/meeting/{meeting.pk}/upload-documents/",
        {
            "files": [SimpleUploadedFile("final_programme.pdf", PDF_BYTES)],
            "document_type": DocumentTypeFactory().pk,
            "language": "en",
            "date": "",
            "status": Status.DRAFT,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    document = Document.objects.get()
    assert history_messages(document) == [
        f"Added by bulk upload to “{meeting}”: final_programme.pdf."
    ]
    assert history_messages(meeting) == ["Uploaded 1 document: “Final programme”."]
    revision = Version.objects.get_for_object(meeting).get().revision
    assert revision.user == secretariat_user
    assert {version.content_type.model for version in revision.version_set.all()} >= {
        "meeting",
        "document",
        "documentfile",
    }


def test_an_earlier_version_is_compared_and_restored(admin_client):
    meeting = MeetingFactory(title="Berlin thematic meeting", city="Berlin")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    admin_client.post(url, change_form_data(admin_client.get(url), city="Brussels"))
    admin_client.post(url, change_form_data(admin_client.get(url), title="A wrong title"))
    newest, middle = Version.objects.get_for_object(meeting)[:2]

    # The history page picks the newest two versions to begin with.
    compare_url = f"/admin/meetings/meeting/{meeting.pk}/history/compare/"
    history = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/history/").content.decode()
    assert f'<form action="{compare_url}">' in history
    assert f'name="version_id1" value="{middle.pk}" aria-label="older" checked>' in history
    assert f'name="version_id2" value="{newest.pk}" aria-label="newer" checked>' in history
    assert (
        admin_client.get(compare_url, {"version_id1": middle.pk}).status_code
        == HTTPStatus.NOT_FOUND
    )

    compare = admin_client.get(compare_url, {"version_id1": middle.pk, "version_id2": newest.pk})
    assert compare.status_code == HTTPStatus.OK
    assert "A wrong title" in compare.content.decode()
    assert "Berlin thematic meeting" in compare.content.decode()

    revert_url = f"/admin/meetings/meeting/{meeting.pk}/history/{middle.pk}/"
    preview = admin_client.get(revert_url)
    assert preview.status_code == HTTPStatus.OK
    meeting.refresh_from_db()
    assert meeting.title == "A wrong title"  # looking at a version changes nothing
    restored = admin_client.post(revert_url, change_form_data(preview), follow=True)
    # Back on the item, told what came back rather than that it was “changed”.
    assert restored.redirect_chain[-1][0] == url
    assert "“Berlin thematic meeting”: Restored the version of " in restored.content.decode()

    meeting.refresh_from_db()
    assert (meeting.title, meeting.city) == ("Berlin thematic meeting", "Brussels")
    # Restoring an old version moves calendars' revision on, never back.
    assert meeting.sequence == 3
    message = history_messages(meeting)[-1]
    assert message.startswith("Restored the version of ")
    assert "Title: “A wrong title” → “Berlin thematic meeting”" in message
    assert Version.objects.get_for_object(meeting).count() == 3  # restoring is recorded too


def test_deleting_a_meeting_lists_its_documents_and_everything_else(admin_client):
    meeting = whole_meeting()
    page = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/delete/")
    text = page.content.decode()
    assert "protected" not in text
    for item in [
        "Senior Officials Meeting",
        "Ethiopia",
        "Work plan 2017 adopted.",
        "Opening session",
        "Document: <a",
        "Work plan 2017 (English)",
    ]:
        assert item in text
    assert "keep its documents standalone" in text


def test_a_deleted_meeting_comes_back_whole(admin_client, client):
    meeting = whole_meeting()
    file = DocumentFile.objects.get()
    stored = file.file.name
    photo_name = Photo.objects.get().image.name
    response = admin_client.post(
        f"/admin/meetings/meeting/{meeting.pk}/delete/", {"post": "yes", "documents": "delete"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Meeting.objects.exists() and not Document.objects.exists()
    assert not DocumentFile.objects.exists() and not Photo.objects.exists()
    assert default_storage.exists(stored) and default_storage.exists(photo_name)

    recover_list = admin_client.get("/admin/meetings/meeting/recover/")
    assert "Senior Officials Meeting" in recover_list.content.decode()
    version = Version.objects.get_deleted(Meeting).get()
    recover_url = f"/admin/meetings/meeting/recover/{version.pk}/"
    form = admin_client.get(recover_url)
    assert form.status_code == HTTPStatus.OK
    assert not Meeting.objects.exists()  # only saving the form recovers it
    recovered = admin_client.post(recover_url, change_form_data(form), follow=True)
    assert "Recovered after deletion, as it was on " in recovered.content.decode()

    meeting = Meeting.objects.get()
    assert recovered.redirect_chain[-1][0] == f"/admin/meetings/meeting/{meeting.pk}/change/"
    assert [str(p.organisation) for p in meeting.participants.all()] == ["Ethiopia", "Italy"]
    assert [c.text for c in meeting.conclusions.all()] == [
        "Work plan 2017 adopted.",
        "Contribution to the GCM.",
    ]
    document = meeting.documents.get()
    assert document.title == "Work plan 2017"
    assert document.files.get().file.name == stored
    assert meeting.photos.get().caption == "Opening session"
    download = client.get(f"/documents/{document.pk}/work-plan-2017.pdf")
    assert download.status_code == HTTPStatus.OK
    assert b"".join(download.streaming_content) == PDF_BYTES
    photo = meeting.photos.get()
    assert client.get(f"/photos/{photo.pk}/thumb.webp").status_code == HTTPStatus.OK
    assert history_messages(meeting)[-1].startswith("Recovered after deletion")
    latest = Version.objects.get_for_object(meeting).first().revision
    assert latest.comment == history_messages(meeting)[-1]


def test_a_meetings_documents_can_be_kept_when_it_is_deleted(admin_client):
    meeting = whole_meeting()
    document = Document.objects.get()
    response = admin_client.post(
        f"/admin/meetings/meeting/{meeting.pk}/delete/", {"post": "yes", "documents": "detach"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Meeting.objects.exists()
    document.refresh_from_db()
    assert document.meeting is None
    assert document.files.count() == 1
    assert "Meeting: “Senior Officials Meeting” → —" in history_messages(document)[-1]


def test_the_delete_list_action_takes_the_documents_and_keeps_them_recoverable(admin_client):
    meeting = whole_meeting()
    confirm = admin_client.post(
        "/admin/meetings/meeting/", {"action": "delete_selected", "_selected_action": [meeting.pk]}
    )
    assert "Work plan 2017 (English)" in confirm.content.decode()
    admin_client.post(
        "/admin/meetings/meeting/",
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )
    assert not Meeting.objects.exists() and not Document.objects.exists()
    deleted = Version.objects.get_deleted(Meeting).get()
    assert {version.object_repr for version in deleted.revision.version_set.all()} >= {
        "Senior Officials Meeting",
        "Work plan 2017",
        "Work plan 2017 (English)",
        "Opening session",
    }


def test_deleting_a_document_keeps_its_file_in_storage_and_it_can_be_recovered(admin_client):
    file = DocumentFileFactory(document__meeting=None, original_name="analysis.pdf")
    stored = file.file.name
    document = file.document
    response = admin_client.post(
        f"/admin/documents/document/{document.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert default_storage.exists(stored)
    version = Version.objects.get_deleted(Document).get()
    recover_url = f"/admin/documents/document/recover/{version.pk}/"
    admin_client.post(recover_url, change_form_data(admin_client.get(recover_url)))
    assert Document.objects.get().files.get().file.name == stored


def test_restoring_is_refused_to_staff_who_may_not_delete(client, django_user_model):
    # A draft: an editor's change to it is saved at once (to a published one, it waits).
    meeting = MeetingFactory(title="Original", status=Status.DRAFT)
    ConclusionFactory(meeting=meeting)
    editor = django_user_model.objects.create_user("writer", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_meeting", "change_meeting"])
    )
    client.force_login(editor)
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    client.post(url, change_form_data(client.get(url), title="Changed"))
    version = Version.objects.get_for_object(meeting).get()
    response = client.post(f"/admin/meetings/meeting/{meeting.pk}/history/{version.pk}/", {})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert client.get("/admin/meetings/meeting/recover/").status_code == HTTPStatus.FORBIDDEN
    assert "/recover/" not in client.get("/admin/meetings/meeting/").content.decode()
    history = client.get(f"/admin/meetings/meeting/{meeting.pk}/history/")
    assert history.status_code == HTTPStatus.OK
    assert f"/history/{version.pk}/" not in history.content.decode()
    compare = client.get(
        f"/admin/meetings/meeting/{meeting.pk}/history/compare/",
        {"version_id1": version.pk, "version_id2": version.pk},
    )
    assert compare.status_code == HTTPStatus.OK
    assert "Restore the older version" not in compare.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "Changed"

    gone = MeetingFactory(title="Deleted meeting")
    with reversion.create_revision():
        reversion.add_to_revision(gone)
    gone.delete()
    deleted = Version.objects.get_deleted(Meeting).get()
    response = client.post(f"/admin/meetings/meeting/recover/{deleted.pk}/", {})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Meeting.objects.filter(title="Deleted meeting").exists()


def test_the_audit_log_lists_changes_for_those_allowed(client, admin_client, django_user_model):
    meeting = MeetingFactory(status=Status.DRAFT)
    admin_client.post(
        "/admin/meetings/meeting/", {"action": "publish", "_selected_action": [meeting.pk]}
    )
    page = admin_client.get("/admin/secretariat/auditlog/")
    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert "Status: Draft → Published." in text
    assert f"/admin/meetings/meeting/{meeting.pk}/change/" in text
    assert f"/admin/meetings/meeting/{meeting.pk}/history/" in text
    assert "/admin/secretariat/auditlog/" in admin_client.get("/admin/").content.decode()

    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/secretariat/auditlog/").status_code == HTTPStatus.FORBIDDEN
    assert client.get("/admin/accounts/signin/").status_code == HTTPStatus.FORBIDDEN
    staff.user_permissions.add(Permission.objects.get(codename="view_auditlog"))
    assert client.get("/admin/secretariat/auditlog/").status_code == HTTPStatus.OK
    assert client.get("/admin/accounts/signin/").status_code == HTTPStatus.OK


def test_the_audit_log_filters_by_user_and_by_model(admin_client, admin_user):
    meeting = MeetingFactory(title="A meeting", status=Status.DRAFT)
    document = DocumentFactory(title="A document", status=Status.DRAFT)
    for url, item in [
        ("/admin/meetings/meeting/", meeting),
        ("/admin/documents/document/", document),
    ]:
        admin_client.post(url, {"action": "publish", "_selected_action": [item.pk]})
    meetings_only = admin_client.get(
        "/admin/secretariat/auditlog/",
        {"content_type__id__exact": LogEntry.objects.get(object_repr="A meeting").content_type_id},
    )
    assert [entry.object_repr for entry in meetings_only.context["cl"].result_list] == ["A meeting"]
    by_user = admin_client.get("/admin/secretariat/auditlog/", {"user__id__exact": admin_user.pk})
    assert len(by_user.context["cl"].result_list) == 2


def test_sign_ins_are_recorded_without_passwords(client, django_user_model):
    django_user_model.objects.create_user("officer", password="a-long-test-password", is_staff=True)
    client.post("/admin/login/", {"username": "officer", "password": "a-wrong-password"})
    client.post(
        "/admin/login/",
        {"username": "officer", "password": "a-long-test-password"},
        REMOTE_ADDR="192.0.2.7",
    )
    failed, succeeded = SignIn.objects.order_by("pk")
    assert (failed.username, failed.successful, failed.user) == ("officer", False, None)
    assert failed.address == "127.0.0.1"
    assert (succeeded.username, succeeded.successful) == ("officer", True)
    assert succeeded.user.username == "officer" and succeeded.address == "192.0.2.7"
    stored = " ".join(str(value) for value in SignIn.objects.values_list())
    assert "password" not in stored


def test_a_conclusion_deleted_from_its_meeting_is_named_in_the_history(admin_client):
    meeting = MeetingFactory()
    conclusion = ConclusionFactory(meeting=meeting, text="Next steps agreed.")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = change_form_data(admin_client.get(url), **{"conclusions-0-DELETE": "on"})
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND
    assert not Conclusion.objects.filter(pk=conclusion.pk).exists()
    assert (
        "Deleted conclusion “Key observation: Next steps agreed.”."
        in (history_messages(meeting)[-1])
    )


def test_editors_may_not_restore_or_recover_but_publishers_may(editor_user, secretariat_user):
    """Restoring can put back what is public: it is a publisher's act, like publishing."""
    editor_client, publisher_client = Client(), Client()
    editor_client.force_login(editor_user)
    publisher_client.force_login(secretariat_user)
    meeting = MeetingFactory(title="Before", status=Status.DRAFT)
    with reversion.create_revision():
        reversion.add_to_revision(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(title="After")
    version = Version.objects.get_for_object(meeting).get()
    restore = f"/admin/meetings/meeting/{meeting.pk}/history/{version.pk}/"
    assert editor_client.post(restore, {}).status_code == HTTPStatus.FORBIDDEN
    assert editor_client.get("/admin/meetings/meeting/recover/").status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "After"

    form = publisher_client.get(restore)
    assert form.status_code == HTTPStatus.OK
    publisher_client.post(restore, change_form_data(form))
    meeting.refresh_from_db()
    assert meeting.title == "Before"


def test_administrators_read_the_audit_log(administrator_user, editor_user):
    administrator_client, editor_client = Client(), Client()
    administrator_client.force_login(administrator_user)
    editor_client.force_login(editor_user)
    assert administrator_client.get("/admin/secretariat/auditlog/").status_code == HTTPStatus.OK
    assert administrator_client.get("/admin/accounts/signin/").status_code == HTTPStatus.OK
    assert editor_client.get("/admin/secretariat/auditlog/").status_code == HTTPStatus.FORBIDDEN


def saved(client, url, **changes):
    """Open the change form at `url` and save it with `changes`."""
    response = client.post(url, change_form_data(client.get(url), **changes))
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]


def restored(client, url):
    """Open the form of an earlier version (or of a deleted item) and save it."""
    return client.post(url, change_form_data(client.get(url)), follow=True)


def unreferenced_files_with_history():
    out = StringIO()
    call_command("unreferenced_files", "--include-history", stdout=out)
    return out.getvalue()


def test_restoring_a_meeting_leaves_its_documents_later_changes_alone(secretariat_client, client):
    meeting = MeetingFactory(title="Valletta follow-up")
    file = DocumentFileFactory(document__meeting=meeting, original_name="action-plan.pdf")
    first_file = file.file.name
    meeting_url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    saved(secretariat_client, meeting_url, city="Valletta")
    older = Version.objects.get_for_object(meeting).get()
    document_url = f"/admin/documents/document/{file.document.pk}/change/"
    new_file = SimpleUploadedFile("action-plan-final.pdf", pdf_bytes(pages=2))
    saved(secretariat_client, document_url, **{"files-0-upload": new_file})
    saved(secretariat_client, meeting_url, title="A wrong title")

    page = restored(secretariat_client, f"/admin/meetings/meeting/{meeting.pk}/history/{older.pk}/")

    meeting.refresh_from_db()
    assert meeting.title == "Valletta follow-up"
    # The document is an item of its own: its newer file stays public, the older one stays
    # recorded as its earlier version, and neither is left to the history alone.
    file.refresh_from_db()
    assert file.original_name == "action-plan-final.pdf"
    download = client.get(file.get_absolute_url())
    assert b"".join(download.streaming_content) == pdf_bytes(pages=2)
    assert DocumentFileRevision.objects.get().file.name == first_file
    listing = unreferenced_files_with_history()
    assert file.file.name not in listing and first_file not in listing
    message = "Restored the version of "
    assert message in page.content.decode()
    assert "Title: “A wrong title” → “Valletta follow-up”" in history_messages(meeting)[-1]
    assert history_messages(file.document)[-1].startswith("Changed language version")


def test_restoring_a_meeting_puts_back_its_own_rows_and_lists_them(secretariat_client, client):
    meeting = MeetingFactory(title="Rome ministerial", slug="rome-2014")
    ConclusionFactory(meeting=meeting, text="Declaration adopted.")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    saved(secretariat_client, url, city="Rome")
    older = Version.objects.get_for_object(meeting).get()
    participant = ParticipantFactory(
        meeting=meeting, organisation=OrganisationFactory(name="Italy")
    )
    saved(
        secretariat_client,
        url,
        slug="rome-ministerial-2014",
        **{"conclusions-0-text": "Declaration amended."},
    )

    revert_url = f"/admin/meetings/meeting/{meeting.pk}/history/{older.pk}/"
    preview = secretariat_client.get(revert_url).content.decode()
    assert "Saving it records in the history: Restored the version of " in preview
    assert f"Deleted participant “{participant}”." in preview  # not in the form: said here
    page = restored(secretariat_client, revert_url)

    meeting.refresh_from_db()
    assert meeting.slug == "rome-2014"
    assert [c.text for c in meeting.conclusions.all()] == ["Declaration adopted."]
    assert not meeting.participants.exists()
    # The address it had in between keeps leading to it.
    moved = client.get("/meetings/rome-ministerial-2014/")
    assert moved.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert moved["Location"].endswith("/meetings/rome-2014/")
    message = history_messages(meeting)[-1]
    for told in [
        "Slug: “rome-ministerial-2014” → “rome-2014”",
        "Changed conclusion “Key observation: Declaration adopted.”: "
        "Text: “Declaration amended.” → “Declaration adopted.”.",
        f"Deleted participant “{participant}”.",
    ]:
        assert told in message
        assert told in page.content.decode()
    assert Version.objects.get_for_object(meeting).first().revision.comment == message


def test_restoring_a_documents_earlier_file_keeps_the_newer_one(secretariat_client, client):
    file = DocumentFileFactory(document__meeting=None, original_name="report.pdf")
    document = file.document
    first_file, public_address = file.file.name, file.get_absolute_url()
    url = f"/admin/documents/document/{document.pk}/change/"
    saved(secretariat_client, url, reference="KP/2017/1")
    older = Version.objects.get_for_object(document).get()
    upload = SimpleUploadedFile("report-corrected.pdf", pdf_bytes(pages=2))
    saved(secretariat_client, url, **{"files-0-upload": upload})
    file.refresh_from_db()
    second_file = file.file.name

    restored(secretariat_client, f"/admin/documents/document/{document.pk}/history/{older.pk}/")

    file.refresh_from_db()
    assert (file.file.name, file.get_absolute_url()) == (first_file, public_address)
    assert b"".join(client.get(public_address).streaming_content) == PDF_BYTES
    earlier = set(file.revisions.values_list("file", flat=True))
    assert earlier == {first_file, second_file}  # the replaced file is kept, as on replacing
    listing = unreferenced_files_with_history()
    assert first_file not in listing and second_file not in listing
    assert "“report-corrected.pdf” → “report.pdf”" in history_messages(document)[-1]


@pytest.mark.parametrize("factory", [MeetingFactory, DocumentFactory])
def test_restoring_a_draft_version_keeps_when_the_item_was_first_public(
    secretariat_client, factory
):
    item = factory(status=Status.DRAFT)
    admin_url = f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}"
    saved(secretariat_client, f"{admin_url}/change/", title="Work plan")
    draft = Version.objects.get_for_object(item).get()
    saved(secretariat_client, f"{admin_url}/change/", status=Status.PUBLISHED)
    item.refresh_from_db()
    first_public = item.first_public_at

    restored(secretariat_client, f"{admin_url}/history/{draft.pk}/")

    item.refresh_from_db()
    assert item.status == Status.DRAFT
    # Published again later, it is not new: alerts told of it once.
    assert first_public is not None and item.first_public_at == first_public


def test_recovering_a_meeting_takes_back_the_documents_kept_when_it_was_deleted(admin_client):
    meeting = whole_meeting()
    summary = DocumentFactory(meeting=meeting, title="Chair summary")
    admin_client.post(
        f"/admin/meetings/meeting/{meeting.pk}/delete/", {"post": "yes", "documents": "detach"}
    )
    rabat = MeetingFactory(title="Rabat meeting")
    summary.refresh_from_db()
    summary.meeting = rabat
    summary.save()
    version = Version.objects.get_deleted(Meeting).get()

    page = restored(admin_client, f"/admin/meetings/meeting/recover/{version.pk}/")

    meeting = Meeting.objects.get(title="Senior Officials Meeting")
    assert [document.title for document in meeting.documents.all()] == ["Work plan 2017"]
    summary.refresh_from_db()
    assert summary.meeting == rabat
    text = page.content.decode()
    assert "Attached document “Work plan 2017” again." in text
    assert "Document “Chair summary”, kept when it was deleted, is now part of “Rabat meeting”" in (
        text
    )
    work_plan = meeting.documents.get()
    assert history_messages(work_plan)[-1] == (
        "Meeting: — → “Senior Officials Meeting” (recovered)."
    )
    assert history_messages(meeting)[-1].startswith("Recovered after deletion")


NAMES = {Meeting: "title", Document: "title", MeetingType: "name", Organisation: "name"}
NAMES[DocumentType] = "name"


def versioned(factory, **fields):
    """An item with one saved version, changed since."""
    item = factory(**fields)
    with reversion.create_revision():
        reversion.add_to_revision(item)
    type(item).objects.filter(pk=item.pk).update(**{NAMES[type(item)]: "Changed since"})
    return item


def name_of(item):
    return getattr(type(item).objects.get(pk=item.pk), NAMES[type(item)])


@pytest.mark.parametrize(
    ("address", "factory"),
    [
        ("meetings/meeting", MeetingTypeFactory),
        ("meetings/meeting", OrganisationFactory),
        ("meetings/meeting", DocumentFactory),
        ("meetings/meeting", DocumentTypeFactory),
        ("documents/document", MeetingFactory),
        ("documents/document", MeetingTypeFactory),
        ("documents/document", OrganisationFactory),
        ("documents/document", DocumentTypeFactory),
        ("meetings/organisation", MeetingTypeFactory),
        ("meetings/meetingtype", OrganisationFactory),
    ],
)
def test_a_version_is_found_only_under_its_own_models_address(request, address, factory):
    """Another model's version with the same object id (a meeting type's, under a meeting's
    address) is not found: otherwise its whole revision would be restored by someone who may
    not restore it (a publisher restores meetings and documents, an administrator the lists)."""
    content = address in ["meetings/meeting", "documents/document"]
    client = request.getfixturevalue("secretariat_client" if content else "admin_client")
    item = {
        "meetings/meeting": MeetingFactory,
        "documents/document": DocumentFactory,
        "meetings/organisation": OrganisationFactory,
        "meetings/meetingtype": MeetingTypeFactory,
    }[address](pk=9001)
    other = versioned(factory, pk=9001)
    version = Version.objects.get_for_object(other).get()
    url = f"/admin/{address}/{item.pk}/history/{version.pk}/"
    form = change_form_data(client.get(f"/admin/{address}/{item.pk}/change/"))

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url, form).status_code == HTTPStatus.NOT_FOUND
    assert name_of(other) == "Changed since"


def test_a_version_of_another_item_of_the_same_model_is_not_found(secretariat_client):
    meeting = MeetingFactory()
    other = versioned(MeetingFactory)
    version = Version.objects.get_for_object(other).get()
    url = f"/admin/meetings/meeting/{meeting.pk}/history/{version.pk}/"
    assert secretariat_client.post(url, {}).status_code == HTTPStatus.NOT_FOUND
    assert name_of(other) == "Changed since"


@pytest.mark.parametrize(
    ("address", "factory", "deleted"),
    [
        ("meetings/meeting", MeetingTypeFactory, True),
        ("meetings/meeting", OrganisationFactory, True),
        ("meetings/meeting", DocumentFactory, True),
        ("meetings/meeting", DocumentTypeFactory, True),
        ("meetings/meeting", MeetingFactory, False),
        ("documents/document", MeetingFactory, True),
        ("documents/document", DocumentTypeFactory, True),
        ("documents/document", DocumentFactory, False),
        ("meetings/organisation", MeetingTypeFactory, True),
    ],
)
def test_recovering_finds_only_a_deleted_item_of_its_own_model(request, address, factory, deleted):
    content = address in ["meetings/meeting", "documents/document"]
    client = request.getfixturevalue("secretariat_client" if content else "admin_client")
    other = versioned(factory)
    model, pk = type(other), other.pk
    version = Version.objects.get_for_object(other).get()
    if deleted:
        other.delete()
    url = f"/admin/{address}/recover/{version.pk}/"

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url, {}).status_code == HTTPStatus.NOT_FOUND
    assert model.objects.filter(pk=pk).exists() is not deleted
    if not deleted:
        assert name_of(other) == "Changed since"


def history_lines(client, item):
    opts = item._meta
    page = client.get(f"/admin/{opts.app_label}/{opts.model_name}/{item.pk}/history/")
    return [action["message"] for action in page.context["action_list"]]


def test_each_items_history_says_what_happened_to_it(secretariat_client):
    meeting = MeetingFactory(title="Rabat meeting", status=Status.DRAFT)
    declaration = DocumentFactory(meeting=meeting, title="Rabat declaration", status=Status.DRAFT)
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    saved(secretariat_client, url, status=Status.PUBLISHED, city="Rabat")
    declaration.refresh_from_db()
    assert declaration.status == Status.PUBLISHED  # published with its meeting
    saved(secretariat_client, url, **{"documents-0-title": "Rabat Declaration"})

    assert history_lines(secretariat_client, declaration) == [
        "Changed in the form of “Rabat meeting”: Title: “Rabat declaration” → “Rabat Declaration”.",
        "Published with its meeting: Status: Draft → Published.",
    ]
    meeting_lines = history_lines(secretariat_client, meeting)
    assert "City: “Addis Ababa” → “Rabat”" in meeting_lines[1]

    # One list action on two items: each item's history names its own change only.
    first, second = (MeetingFactory(title=t, status=Status.DRAFT) for t in ["First", "Second"])
    secretariat_client.post(
        "/admin/meetings/meeting/",
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )
    for item in [first, second]:
        assert history_lines(secretariat_client, item) == ["Status: Draft → Published."]


@pytest.mark.django_db
def test_the_audit_logs_earlier_addresses_lead_to_it(admin_client):
    """An officer's bookmark from before the audit log and the sign-ins had apps of their own."""
    response = admin_client.get("/admin/khartoum/auditlog/?action_flag__exact=3")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/admin/secretariat/auditlog/?action_flag__exact=3"
    response = admin_client.get("/admin/khartoum/signin/")
    assert response["Location"] == "/admin/accounts/signin/"
