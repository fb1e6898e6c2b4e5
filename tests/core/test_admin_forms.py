"""What a secretariat officer runs into on the admin's forms: nothing chosen is lost, names
and addresses that hold, and messages that say what to do."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from core.publishing import Status
from documents.models import Document, DocumentFile, FormerFileName
from meetings.models import Meeting, Photo
from tests.core.test_admin import document_change_data, management_forms, meeting_data, opened_at
from tests.factories import (
    PDF_BYTES,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    PhotoFactory,
    pdf_bytes,
)
from tests.html import form_data
from tests.images import jpeg_bytes

pytestmark = pytest.mark.django_db

STAGED = re.compile(r'name="([\w-]+-kept)" value="([^"]+)"')


def staged_references(response):
    """The staged-file checkboxes of a form shown again, as the browser would send them back."""
    references = {}
    for name, value in STAGED.findall(response.content.decode()):
        references.setdefault(name, []).append(value)
    return references


def pending_files():
    try:
        return default_storage.listdir("pending")[1]
    except FileNotFoundError:
        return []


def new_meeting_rows(doctype, **files):
    """A new document row and a new photo row, as on the meeting's page."""
    return {
        **management_forms(documents=1, photos=1),
        "documents-0-title": "Chair's summary",
        "documents-0-document_type": doctype.pk,
        "documents-0-date": "",
        "documents-0-status": Status.DRAFT,
        "documents-0-language": "en",
        "documents-0-meeting_order": "",
        "photos-0-caption": "Opening session",
        "photos-0-alt_text": "The Chair opens the meeting",
        "photos-0-credit": "",
        "photos-0-order": "0",
        **files,
    }


# --- Nothing chosen is lost after an error ------------------------------------------------


def test_files_chosen_before_an_error_are_saved_when_the_form_is_sent_again(
    secretariat_client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(slug="2017-05-berlin", start_date=datetime.date(2017, 5, 18))
    doctype = DocumentTypeFactory()
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    rows = new_meeting_rows(doctype)
    data = meeting_data(**opened_at(meeting), title=meeting.title, slug=meeting.slug, **rows)

    failed = secretariat_client.post(
        url,
        {
            **data,
            "end_date": "2017-05-17",
            "documents-0-upload": SimpleUploadedFile("summary.pdf", PDF_BYTES),
            "photos-0-image": SimpleUploadedFile("opening.jpg", jpeg_bytes()),
        },
    )

    assert failed.status_code == HTTPStatus.OK
    content = failed.content.decode()
    assert "The end date cannot be before the start date." in content
    assert "File kept: summary.pdf" in content
    assert "File kept: opening.jpg" in content
    staged = staged_references(failed)
    assert set(staged) == {"documents-0-upload-kept", "photos-0-image-kept"}
    assert not Document.objects.exists() and not Photo.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        saved = secretariat_client.post(url, {**data, "end_date": "2017-05-19", **staged})

    assert saved.status_code == HTTPStatus.FOUND, saved.context["errors"]
    document = meeting.documents.get()
    file = document.files.get()
    assert (file.original_name, file.page_count) == ("summary.pdf", 1)
    assert default_storage.open(file.file.name).read() == PDF_BYTES
    photo = meeting.photos.get()
    assert (photo.caption, photo.original_name) == ("Opening session", "opening.jpg")
    assert pending_files() == []  # the staged copies go once saved


def test_files_stay_staged_when_the_form_fails_a_second_time(secretariat_client):
    meeting = MeetingFactory(slug="2017-05-berlin", start_date=datetime.date(2017, 5, 18))
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = meeting_data(
        **opened_at(meeting),
        title=meeting.title,
        slug=meeting.slug,
        **new_meeting_rows(DocumentTypeFactory()),
    )
    data["end_date"] = "2017-05-17"
    failed = secretariat_client.post(
        url,
        {
            **data,
            "documents-0-upload": SimpleUploadedFile("summary.pdf", PDF_BYTES),
            "photos-0-image": SimpleUploadedFile("opening.jpg", jpeg_bytes()),
        },
    )

    again = secretariat_client.post(url, {**data, **staged_references(failed)})

    content = again.content.decode()
    assert "File kept: summary.pdf" in content
    assert "File kept: opening.jpg" in content
    assert staged_references(again) == staged_references(failed)
    saved = secretariat_client.post(
        url, {**data, "end_date": "2017-05-19", **staged_references(again)}
    )
    assert saved.status_code == HTTPStatus.FOUND, saved.context["errors"]
    assert meeting.documents.get().files.get().original_name == "summary.pdf"
    assert meeting.photos.get().original_name == "opening.jpg"


def test_a_staged_file_that_has_gone_asks_to_be_chosen_again(secretariat_client):
    meeting = MeetingFactory()
    data = meeting_data(
        **opened_at(meeting),
        title=meeting.title,
        slug=meeting.slug,
        **new_meeting_rows(DocumentTypeFactory()),
    )
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    failed = secretariat_client.post(
        url,
        {
            **data,
            "end_date": "2017-05-17",
            "photos-0-image": SimpleUploadedFile("opening.jpg", jpeg_bytes()),
            "documents-0-upload": SimpleUploadedFile("summary.pdf", PDF_BYTES),
        },
    )
    for name in pending_files():
        default_storage.delete(f"pending/{name}")

    again = secretariat_client.post(url, {**data, **staged_references(failed)})

    assert again.status_code == HTTPStatus.OK
    assert again.content.decode().count("Choose it again.") == 2
    assert not Photo.objects.exists()


def test_a_forged_staged_reference_is_ignored(secretariat_client):
    meeting = MeetingFactory()
    data = meeting_data(
        **opened_at(meeting),
        title=meeting.title,
        slug=meeting.slug,
        **management_forms(photos=1),
        **{
            "photos-0-order": "0",
            "photos-0-caption": "Family photo",
            "photos-0-image-kept": "pending/../../settings.py",
        },
    )
    response = secretariat_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == HTTPStatus.OK
    assert "Choose the photo&#x27;s file, or delete this row." in response.content.decode()


def test_a_photo_row_without_a_file_says_so_and_stays(secretariat_client):
    meeting = MeetingFactory()
    data = meeting_data(
        **opened_at(meeting),
        title=meeting.title,
        slug=meeting.slug,
        **management_forms(photos=1),
        **{"photos-0-caption": "Family photo", "photos-0-order": "0"},
    )
    response = secretariat_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Choose the photo&#x27;s file, or delete this row." in content
    assert 'value="Family photo"' in content
    assert not Photo.objects.exists()


def test_a_new_language_version_is_staged_across_an_error_on_the_document_page(
    secretariat_client,
):
    english = DocumentFileFactory(language="en")
    document = english.document
    url = f"/admin/documents/document/{document.pk}/change/"
    data = document_change_data(
        document,
        [english],
        **{
            "files-TOTAL_FORMS": "2",
            "files-1-document": document.pk,
            "files-1-language": "fr",
            "files-1-public_name": "",
        },
    )
    failed = secretariat_client.post(
        url,
        {**data, "title": "", "files-1-upload": SimpleUploadedFile("conclusions.pdf", PDF_BYTES)},
    )
    assert failed.status_code == HTTPStatus.OK
    assert "File kept: conclusions.pdf" in failed.content.decode()

    saved = secretariat_client.post(url, {**data, **staged_references(failed)})

    assert saved.status_code == HTTPStatus.FOUND, saved.context["errors"]
    assert document.files.get(language="fr").original_name == "conclusions.pdf"


def test_bulk_upload_keeps_the_accepted_files_when_one_is_refused(secretariat_client):
    meeting = MeetingFactory()
    doctype = DocumentTypeFactory()
    url = f"/admin/meetings/meeting/{meeting.pk}/upload-documents/"
    fields = {"document_type": doctype.pk, "language": "en", "date": "", "status": Status.DRAFT}
    failed = secretariat_client.post(
        url,
        {
            **fields,
            "files": [
                SimpleUploadedFile("programme.pdf", PDF_BYTES),
                SimpleUploadedFile("evil.pdf", b"<html><script>alert(1)</script></html>"),
            ],
        },
    )
    content = failed.content.decode()
    assert "evil.pdf: " in content
    assert "File kept: programme.pdf" in content
    assert "File kept: evil.pdf" not in content

    saved = secretariat_client.post(url, {**fields, **staged_references(failed)})

    assert saved.status_code == HTTPStatus.FOUND
    assert [d.title for d in meeting.documents.all()] == ["Programme"]


def bulk_upload(client, meeting, *files, staged=None):
    """The meeting's bulk upload sent as the page sends it: files chosen, staged files ticked."""
    return client.post(
        f"/admin/meetings/meeting/{meeting.pk}/upload-documents/",
        {
            "document_type": DocumentTypeFactory(slug="report").pk,
            "language": "en",
            "date": "",
            "status": Status.DRAFT,
            "files": [SimpleUploadedFile(name, content) for name, content in files],
            **(staged or {}),
        },
    )


REFUSED = ("evil.pdf", b"<html><script>alert(1)</script></html>")


def test_choosing_the_staged_files_again_after_a_refusal_adds_each_document_once(editor_client):
    meeting = MeetingFactory()
    programme, conclusions = ("programme.pdf", pdf_bytes(1)), ("conclusions.pdf", pdf_bytes(2))
    failed = bulk_upload(editor_client, meeting, programme, conclusions, REFUSED)
    assert "File kept: programme.pdf" in failed.content.decode()

    # The officer picks the good files again, leaving the staged ones ticked.
    saved = bulk_upload(
        editor_client, meeting, programme, conclusions, staged=staged_references(failed)
    )

    assert saved.status_code == HTTPStatus.FOUND
    assert sorted(d.title for d in meeting.documents.all()) == ["Conclusions", "Programme"]
    assert DocumentFile.objects.count() == 2
    page = editor_client.get(saved.url)
    assert "2 documents added" in page.content.decode()


def test_a_staged_file_and_another_file_of_the_same_name_are_both_added(editor_client):
    meeting = MeetingFactory()
    failed = bulk_upload(editor_client, meeting, ("minutes.pdf", pdf_bytes(1)), REFUSED)
    saved = bulk_upload(
        editor_client, meeting, ("minutes.pdf", pdf_bytes(3)), staged=staged_references(failed)
    )
    assert saved.status_code == HTTPStatus.FOUND
    assert sorted(DocumentFile.objects.values_list("page_count", flat=True)) == [1, 3]


def test_a_staged_file_stays_when_its_bytes_come_again_under_a_refused_name(editor_client):
    meeting = MeetingFactory()
    failed = bulk_upload(editor_client, meeting, ("programme.pdf", PDF_BYTES), REFUSED)
    again = bulk_upload(
        editor_client, meeting, ("programme.txt", PDF_BYTES), staged=staged_references(failed)
    )
    content = again.content.decode()
    assert "programme.txt: The file is named “.txt” but its content is a PDF" in content
    assert "File kept: programme.pdf" in content


def test_a_file_stays_staged_when_the_batch_is_refused_again(editor_client):
    meeting = MeetingFactory()
    failed = bulk_upload(editor_client, meeting, ("programme.pdf", PDF_BYTES), REFUSED)
    again = bulk_upload(editor_client, meeting, REFUSED, staged=staged_references(failed))
    assert "File kept: programme.pdf" in again.content.decode()
    assert staged_references(again) == staged_references(failed)  # not stored a second time

    saved = bulk_upload(editor_client, meeting, staged=staged_references(again))

    assert saved.status_code == HTTPStatus.FOUND
    assert [d.title for d in meeting.documents.all()] == ["Programme"]


def test_identical_files_in_one_batch_are_named_and_the_officer_keeps_one(editor_client):
    meeting = MeetingFactory()
    failed = bulk_upload(
        editor_client,
        meeting,
        ("programme.pdf", PDF_BYTES),
        ("notes.txt", b"Notes of the session\n"),
        ("programme (1).pdf", PDF_BYTES),
    )
    assert failed.status_code == HTTPStatus.OK
    content = failed.content.decode()
    assert (
        "“programme.pdf” and “programme (1).pdf” are the same file: each would become a "
        "document. Keep only one (untick the others below) and save again."
    ) in content
    assert not Document.objects.exists()
    assert "File kept: programme (1).pdf" in content

    # The officer unticks the copy.
    staged = staged_references(failed)["files-kept"]
    saved = bulk_upload(editor_client, meeting, staged={"files-kept": [staged[0], staged[1]]})

    assert saved.status_code == HTTPStatus.FOUND
    assert sorted(d.title for d in meeting.documents.all()) == ["Notes", "Programme"]


def test_a_refused_upload_shows_only_the_reason(secretariat_client):
    data = meeting_data(
        **new_meeting_rows(
            DocumentTypeFactory(),
            **{"documents-0-upload": SimpleUploadedFile("evil.pdf", b"<html>x</html>")},
        )
    )
    data["photos-TOTAL_FORMS"] = "0"
    response = secretariat_client.post("/admin/meetings/meeting/add/", data)
    content = response.content.decode()
    assert "Web pages, SVG and XML files" in content
    assert "Choose the document&#x27;s file." not in content


# --- Public file names --------------------------------------------------------------------


def test_a_document_added_on_the_meeting_page_gets_a_clean_public_name(secretariat_client):
    meeting = MeetingFactory()
    data = meeting_data(
        **opened_at(meeting),
        title=meeting.title,
        slug=meeting.slug,
        **new_meeting_rows(
            DocumentTypeFactory(),
            **{"documents-0-upload": SimpleUploadedFile("Scan 0042 (final!).PDF", PDF_BYTES)},
        ),
    )
    data.update({"photos-TOTAL_FORMS": "0", "documents-0-title": "Joint conclusions"})
    response = secretariat_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    file = DocumentFile.objects.get()
    assert file.public_name == "joint-conclusions-en.pdf"
    assert file.get_absolute_url() == f"/documents/{file.document_id}/joint-conclusions-en.pdf"
    page = secretariat_client.get(f"/admin/documents/document/{file.document_id}/change/")
    assert "Scan 0042 (final!).pdf" in page.content.decode()  # as it was uploaded


def test_renaming_a_file_redirects_its_old_address(secretariat_client, client):
    file = DocumentFileFactory(original_name="libtasn1.pdf")
    document = file.document
    old_url = file.get_absolute_url()
    data = document_change_data(
        document, [file], **{"files-0-public_name": "joint-conclusions-rome-2018.pdf"}
    )
    response = secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    file.refresh_from_db()
    assert file.public_name == "joint-conclusions-rome-2018.pdf"

    redirect = client.get(old_url)
    assert redirect.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert redirect["Location"] == f"/documents/{document.pk}/joint-conclusions-rome-2018.pdf"
    assert client.get(redirect["Location"]).status_code == HTTPStatus.OK
    page = secretariat_client.get(f"/admin/documents/document/{document.pk}/change/")
    assert "Earlier addresses, which redirect here:" in page.content.decode()

    # Given back its old name, the version answers there again, without a redirect.
    data.update(opened_at(document), **{"files-0-public_name": "libtasn1.pdf"})
    secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert client.get(old_url).status_code == HTTPStatus.OK
    assert list(FormerFileName.objects.values_list("name", flat=True)) == [
        "joint-conclusions-rome-2018.pdf"
    ]


def test_an_emptied_public_name_takes_the_default_and_the_old_one_redirects(
    secretariat_client, client
):
    file = DocumentFileFactory(
        original_name="scan.pdf", document=DocumentFactory(title="Work plan 2017")
    )
    old_url = file.get_absolute_url()
    data = document_change_data(file.document, [file], **{"files-0-public_name": ""})
    response = secretariat_client.post(
        f"/admin/documents/document/{file.document_id}/change/", data
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    file.refresh_from_db()
    assert file.public_name == "work-plan-2017-en.pdf"
    assert client.get(old_url)["Location"] == file.get_absolute_url()


def test_replacing_a_file_keeps_the_public_name(secretariat_client, client):
    file = DocumentFileFactory(original_name="conclusions.pdf")
    document = file.document
    data = document_change_data(
        document,
        [file],
        **{
            "files-0-public_name": "conclusions.pdf",
            "files-0-upload": SimpleUploadedFile("conclusions-rev1.pdf", pdf_bytes(pages=2)),
        },
    )
    response = secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    file.refresh_from_db()
    assert (file.public_name, file.original_name) == ("conclusions.pdf", "conclusions-rev1.pdf")
    assert file.page_count == 2
    assert client.get(f"/documents/{document.pk}/conclusions.pdf").status_code == HTTPStatus.OK
    # The name the replacement was uploaded under was never public: no address there.
    response = client.get(f"/documents/{document.pk}/conclusions-rev1.pdf")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("joint conclusions.pdf", "no spaces or other signs"),
        ("../secret.pdf", "no spaces or other signs"),
        ("conclusions", "The name must end in “.pdf”"),
        ("conclusions.docx", "The name must end in “.pdf”, the file&#x27;s extension."),
        ("taken.pdf", "Another language version of this document has this file name."),
    ],
)
def test_a_bad_public_name_is_refused_with_a_reason(secretariat_client, name, message):
    english = DocumentFileFactory(language="en", original_name="mine.pdf")
    french = DocumentFileFactory(
        document=english.document, language="fr", original_name="taken.pdf"
    )
    document = english.document
    data = document_change_data(
        document,
        [english, french],
        **{"files-0-public_name": name, "files-1-public_name": "taken.pdf"},
    )
    response = secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    english.refresh_from_db()
    assert english.public_name == "mine.pdf"


def test_existing_files_get_a_public_name_that_keeps_their_links():
    from importlib import import_module

    from django.apps import apps

    name_files = import_module("documents.migrations.0006_officer_data").name_files
    safe = DocumentFileFactory(original_name="joint-conclusions.pdf")
    unsafe = DocumentFileFactory(
        original_name="Joint conclusions (FR).pdf",
        language="fr",
        document=DocumentFactory(title="Joint conclusions", reference="KP/SOM/2017/1"),
    )
    DocumentFile.objects.update(public_name="")

    name_files(apps, None)

    safe.refresh_from_db()
    unsafe.refresh_from_db()
    assert safe.public_name == "joint-conclusions.pdf"
    assert unsafe.public_name == "kp-som-2017-1-joint-conclusions-fr.pdf"


def test_the_old_unsafe_name_redirects_to_the_clean_one(client):
    file = DocumentFileFactory(
        original_name="Joint conclusions (FR).pdf", public_name="joint-conclusions-fr.pdf"
    )
    response = client.get(f"/documents/{file.document_id}/Joint conclusions (FR).pdf")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == file.get_absolute_url()


def test_a_photo_shows_the_name_it_was_uploaded_under(secretariat_client):
    photo = PhotoFactory(original_name="DSC_0042 opening.jpg")
    page = secretariat_client.get(f"/admin/meetings/meeting/{photo.meeting_id}/change/")
    assert "DSC_0042 opening.jpg" in page.content.decode()


# --- The order of a meeting's documents ---------------------------------------------------


def test_the_secretariat_orders_a_meetings_documents(secretariat_client, client):
    meeting = MeetingFactory(status=Status.PUBLISHED)
    programme = DocumentTypeFactory(slug="programme", name="Programme", order=3)
    conclusions = DocumentTypeFactory(slug="conclusions", name="Joint conclusions", order=1)
    report = DocumentFactory(
        meeting=meeting, title="Report", document_type=programme, date=datetime.date(2017, 2, 1)
    )
    final = DocumentFactory(
        meeting=meeting, title="Final", document_type=conclusions, date=datetime.date(2017, 2, 9)
    )
    agenda = DocumentFactory(
        meeting=meeting, title="Agenda", document_type=programme, date=datetime.date(2017, 1, 5)
    )

    def titles_on_the_page():
        content = client.get(meeting.get_absolute_url()).content.decode()
        return sorted(["Report", "Final", "Agenda"], key=lambda title: content.index(title))

    # By default: by type (in the type's order), then date.
    assert titles_on_the_page() == ["Final", "Agenda", "Report"]

    data = meeting_data(
        **opened_at(meeting), title=meeting.title, slug=meeting.slug, status=meeting.status
    )
    rows = {"documents-TOTAL_FORMS": "3", "documents-INITIAL_FORMS": "3"}
    for index, (document, order) in enumerate([(report, "1"), (final, ""), (agenda, "2")]):
        rows.update(
            {
                f"documents-{index}-id": document.pk,
                f"documents-{index}-meeting": meeting.pk,
                f"documents-{index}-title": document.title,
                f"documents-{index}-document_type": document.document_type_id,
                f"documents-{index}-date": document.date.isoformat(),
                f"documents-{index}-status": document.status,
                f"documents-{index}-language": "en",
                f"documents-{index}-meeting_order": order,
            }
        )
    response = secretariat_client.post(
        f"/admin/meetings/meeting/{meeting.pk}/change/", {**data, **rows}
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert titles_on_the_page() == ["Report", "Agenda", "Final"]


# --- Messages: slugs and long titles ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("የካርቱም ሂደት ከፍተኛ ባለስልጣናት ስብሰባ", "የካርቱም-ሂደት-ከፍተኛ-ባለስልጣናት-ስብሰባ"),
        ("اجتماع كبار المسؤولين", "اجتماع-كبار-المسؤولين"),
        ("★ ★ ★", "2017-05-thematic-meeting"),  # nothing to make it from: date and type
    ],
)
def test_a_meeting_gets_an_address_from_a_title_in_any_script(
    secretariat_client, client, title, slug
):
    data = meeting_data(title=title, slug="", status=Status.PUBLISHED)
    response = secretariat_client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    meeting = Meeting.objects.get()
    assert meeting.slug == slug
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert title in page.content.decode()


def test_a_meeting_address_that_cannot_be_made_says_what_to_do(secretariat_client):
    data = meeting_data(title="★", slug="", start_date="")
    response = secretariat_client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == HTTPStatus.OK
    assert "No address can be made from this title. Type one" in response.content.decode()


def test_a_made_address_never_takes_one_in_use(secretariat_client):
    MeetingFactory(slug="2017-05-thematic-meeting")
    response = secretariat_client.post(
        "/admin/meetings/meeting/add/", meeting_data(title="★", slug="")
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert Meeting.objects.filter(slug="2017-05-thematic-meeting-2").exists()


def test_long_titles_are_accepted_up_to_the_limit_the_form_states(secretariat_client):
    form = secretariat_client.get("/admin/meetings/meeting/add/").content.decode()
    assert 'maxlength="300"' in form
    assert "Up to 300 characters." in form
    title = "Joint Valletta Action Plan Senior Officials' Meeting " * 5  # 265 characters
    response = secretariat_client.post(
        "/admin/meetings/meeting/add/", meeting_data(title=title.strip())
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert Meeting.objects.get().title == title.strip()
    document_form = secretariat_client.get("/admin/documents/document/add/").content.decode()
    assert "Up to 300 characters." in document_form


# --- Dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2018-03-14", datetime.date(2018, 3, 14)),
        ("14/03/2018", datetime.date(2018, 3, 14)),
        ("03/04/2018", datetime.date(2018, 4, 3)),  # day first, as the officers write
    ],
)
def test_dates_are_typed_in_iso_or_day_first(secretariat_client, typed, day):
    data = meeting_data(start_date=typed, end_date=typed)
    response = secretariat_client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert Meeting.objects.get().start_date == day


def test_every_admin_date_field_shows_the_format(secretariat_client):
    meeting = MeetingFactory()
    pages = [
        "/admin/meetings/meeting/add/",
        "/admin/documents/document/add/",
        f"/admin/meetings/meeting/{meeting.pk}/upload-documents/",
    ]
    for url in pages:
        content = secretariat_client.get(url).content.decode()
        assert "YYYY-MM-DD, or DD/MM/YYYY." in content, url
    meeting_form = secretariat_client.get("/admin/meetings/meeting/add/").content.decode()
    # Start, end, and the date of a new document row.
    assert meeting_form.count("YYYY-MM-DD, or DD/MM/YYYY.") >= 3


def new_document_data(**fields):
    """The document's own add form as the admin would post it, with no language version."""
    return {
        "title": "Chair's conclusions",
        "document_type": DocumentTypeFactory().pk,
        "status": Status.DRAFT,
        "date": "",
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_a_document_of_a_meeting_left_without_a_date_takes_the_meetings_start_date(
    secretariat_client,
):
    meeting = MeetingFactory(start_date=datetime.date(2018, 10, 16))
    response = secretariat_client.post(
        "/admin/documents/document/add/", new_document_data(meeting=meeting.pk)
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    document = Document.objects.get()
    assert document.date == datetime.date(2018, 10, 16)

    document.status = Status.PUBLISHED
    document.save()
    assert "16 October 2018" in secretariat_client.get(document.get_absolute_url()).content.decode()
    form = secretariat_client.get("/admin/documents/document/add/").content.decode()
    assert "Empty for a document of a meeting: the meeting's start date." in form


def test_a_document_emptied_of_its_date_on_its_meetings_page_takes_the_meetings_date(
    secretariat_client,
):
    meeting = MeetingFactory(start_date=datetime.date(2018, 10, 16))
    document = DocumentFactory(meeting=meeting, date=datetime.date(2018, 10, 1))
    page = secretariat_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    data = form_data(page, "meeting_form")
    data["documents-0-date"] = ""
    response = secretariat_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    document.refresh_from_db()
    assert document.date == datetime.date(2018, 10, 16)


def test_a_document_standing_alone_needs_its_date(secretariat_client):
    response = secretariat_client.post("/admin/documents/document/add/", new_document_data())
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["date"] == [
        "Enter the date, or choose the meeting whose start date it takes."
    ]
    assert not Document.objects.exists()


def test_the_bulk_upload_takes_a_day_first_date(secretariat_client):
    meeting = MeetingFactory()
    response = secretariat_client.post(
        f"/admin/meetings/meeting/{meeting.pk}/upload-documents/",
        {
            "files": [SimpleUploadedFile("programme.pdf", PDF_BYTES)],
            "document_type": DocumentTypeFactory().pk,
            "language": "en",
            "date": "03/04/2018",
            "status": Status.DRAFT,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Document.objects.get().date == datetime.date(2018, 4, 3)


# --- A new language version's language ----------------------------------------------------


def selected_language(content, prefix):
    select = re.search(rf'<select name="{prefix}-language".*?</select>', content, re.S).group()
    return re.search(r'<option value="(\w+)" selected>', select).group(1)


def test_a_new_language_version_starts_in_a_language_not_yet_there(secretariat_client):
    english = DocumentFileFactory(language="en")
    DocumentFileFactory(document=english.document, language="fr")
    url = f"/admin/documents/document/{english.document_id}/change/"
    content = secretariat_client.get(url).content.decode()
    assert selected_language(content, "files-2") == "ar"
    assert selected_language(content, "files-__prefix__") != "ar"


def test_a_file_added_without_touching_the_language_is_saved(secretariat_client):
    english = DocumentFileFactory(language="en")
    document = english.document
    page = secretariat_client.get(f"/admin/documents/document/{document.pk}/change/")
    language = selected_language(page.content.decode(), "files-1")
    data = document_change_data(
        document,
        [english],
        **{
            "files-TOTAL_FORMS": "2",
            "files-1-document": document.pk,
            "files-1-language": language,
            "files-1-public_name": "",
            "files-1-upload": SimpleUploadedFile("conclusions-fr.pdf", PDF_BYTES),
        },
    )
    response = secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert sorted(document.files.values_list("language", flat=True)) == ["en", "fr"]


# --- Search -------------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["scan-0042", "joint-conclusions-rome", "KP/SOM/2018"])
def test_document_search_finds_file_names_and_references(secretariat_client, term):
    wanted = DocumentFileFactory(
        original_name="scan-0042.pdf",
        public_name="joint-conclusions-rome-en.pdf",
        document=DocumentFactory(title="Joint conclusions", reference="KP/SOM/2018/3"),
    )
    DocumentFileFactory(document=DocumentFactory(title="Other"))
    response = secretariat_client.get("/admin/documents/document/", {"q": term})
    assert list(response.context["cl"].result_list) == [wanted.document]


def test_staged_files_older_than_a_day_are_cleared():
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    old = default_storage.save("pending/old.pdf", ContentFile(PDF_BYTES))
    recent = default_storage.save("pending/recent.pdf", ContentFile(PDF_BYTES))
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(default_storage.path(old), (two_days_ago, two_days_ago))

    call_command("clear_staged_uploads")

    assert pending_files() == ["recent.pdf"]
    assert default_storage.exists(recent)


# --- Fitting a laptop's window ------------------------------------------------------------


def test_the_meeting_form_stacks_its_documents_and_narrows_its_tables(secretariat_client):
    meeting = DocumentFileFactory().document.meeting
    page = secretariat_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    content = page.content.decode()
    # The widths themselves are measured in a browser at 1280 px: no horizontal scrolling.
    assert "/static/css/admin.css" in content
    assert re.search(r'id="documents-group"\s+data-inline-type="stacked"', content)


def test_a_photo_without_a_text_alternative_or_decorative_mark_is_refused(secretariat_client):
    meeting = MeetingFactory()
    data = meeting_data(
        **opened_at(meeting),
        title=meeting.title,
        slug=meeting.slug,
        **management_forms(photos=1),
        **{
            "photos-0-caption": "Family photo",
            "photos-0-order": "0",
            "photos-0-image": SimpleUploadedFile("family.jpg", jpeg_bytes()),
        },
    )
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    response = secretariat_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "or tick “decorative” if it adds nothing" in response.content.decode()
    assert not Photo.objects.exists()

    data["photos-0-decorative"] = "on"
    data["photos-0-image"] = SimpleUploadedFile("family.jpg", jpeg_bytes())
    assert secretariat_client.post(url, data).status_code == HTTPStatus.FOUND
    assert Photo.objects.get().alt == ""
