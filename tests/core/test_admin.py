"""The secretariat's admin: adding a meeting with everything on one page, and its guard rails."""

import datetime
from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.admin.edit_conflicts import latest_version_id
from core.publishing import Status
from documents.counting import record_download
from documents.models import Document, DocumentFile, DocumentFileRevision
from meetings.models import Meeting
from tests.factories import (
    PDF_BYTES,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    pdf_bytes,
)
from tests.images import jpeg_bytes

pytestmark = pytest.mark.django_db

INLINES = ["participants", "conclusions", "documents", "photos"]


def management_forms(**totals):
    data = {}
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = str(totals.get(prefix, 0))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    return data


def opened_at(item):
    """The version of `item` its change form carries (core/admin/edit_conflicts.py): a form
    made here is opened at the item as it is now."""
    return {"opened_version": latest_version_id(item)}


def meeting_data(**overrides):
    data = {
        "title": "Thematic Meeting on legal pathways",
        "slug": "2017-05-berlin-thematic-meeting",
        "meeting_type": MeetingTypeFactory(slug="thematic-meeting").pk,
        "ordinal": "",
        "status": Status.DRAFT,
        "start_date": "2017-05-18",
        "end_date": "2017-05-19",
        "city": "Berlin",
        "host_country": "DE",
        "thematic_focus": "legal-migration",
        "summary": "Hosted by Germany.",
        "body": "The meeting was opened by Commissioner Grzeski.",
        **management_forms(),
    }
    data.update(overrides)
    return data


def test_secretariat_adds_a_meeting_with_all_its_inlines(secretariat_client):
    unhcr = OrganisationFactory(name="UN Refugee Agency", acronym="UNHCR")
    doctype = DocumentTypeFactory(slug="report")
    data = meeting_data(
        **management_forms(participants=2, conclusions=1, documents=1, photos=1),
        **{
            "participants-0-role": "host",
            "participants-0-country": "DE",
            "participants-0-order": "0",
            "participants-1-role": "expert",
            "participants-1-organisation": unhcr.pk,
            "participants-1-person_name": "A. Expert",
            "participants-1-order": "1",
            "conclusions-0-kind": "key-observation",
            "conclusions-0-text": "Protection challenges are high.",
            "conclusions-0-attribution": "the Chair",
            "conclusions-0-order": "1",
            "documents-0-title": "Chair's summary",
            "documents-0-document_type": doctype.pk,
            "documents-0-date": "",
            "documents-0-status": Status.PUBLISHED,
            "documents-0-language": "en",
            "documents-0-upload": SimpleUploadedFile("summary.pdf", PDF_BYTES),
            "photos-0-image": SimpleUploadedFile("opening.jpg", jpeg_bytes()),
            "photos-0-caption": "Opening session",
            "photos-0-alt_text": "The Chair opens the meeting",
            "photos-0-credit": "Secretariat",
            "photos-0-order": "0",
        },
    )
    response = secretariat_client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    meeting = Meeting.objects.get()
    assert meeting.status == Status.DRAFT
    assert [p.delegation for p in meeting.participants.all()] == [
        "Germany",
        "UN Refugee Agency (UNHCR)",
    ]
    assert meeting.conclusions.get().attribution == "the Chair"
    document = meeting.documents.get()
    assert document.date == meeting.start_date  # an empty date takes the meeting's
    file = document.files.get()
    assert (file.original_name, file.content_type, file.page_count) == (
        "summary.pdf",
        "application/pdf",
        1,
    )
    photo = meeting.photos.get()
    assert (photo.width, photo.height) == (64, 48)


def test_organisations_are_picked_with_autocomplete(secretariat_client):
    OrganisationFactory(name="International Organization for Migration", acronym="IOM")
    response = secretariat_client.get(
        "/admin/autocomplete/",
        {
            "term": "IOM",
            "app_label": "meetings",
            "model_name": "participant",
            "field_name": "organisation",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert response.json()["results"][0]["text"].startswith("International Organization")
    form = secretariat_client.get("/admin/meetings/meeting/add/").content.decode()
    assert "admin-autocomplete" in form
    assert "add_id_participants-0-organisation" in form  # create one on the fly


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date": "2017-05-17"}, "The end date cannot be before the start date."),
        ({"title": ""}, "This field is required."),
        ({"start_date": "not a date"}, "Enter a valid date."),
    ],
)
def test_bad_meeting_input_gets_a_validation_message(secretariat_client, overrides, message):
    response = secretariat_client.post("/admin/meetings/meeting/add/", meeting_data(**overrides))
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_duplicate_slug_gets_a_validation_message(secretariat_client):
    MeetingFactory(slug="2017-05-berlin-thematic-meeting")
    response = secretariat_client.post("/admin/meetings/meeting/add/", meeting_data())
    assert response.status_code == HTTPStatus.OK
    assert "Meeting with this Slug already exists." in response.content.decode()


def test_a_participant_without_delegation_is_refused(secretariat_client):
    data = meeting_data(
        **management_forms(participants=1),
        **{"participants-0-role": "chair", "participants-0-order": "0"},
    )
    response = secretariat_client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == HTTPStatus.OK
    assert "Choose an organisation or a country." in response.content.decode()


def test_a_refused_photo_keeps_the_rest_of_the_form(secretariat_client):
    data = meeting_data(
        **management_forms(photos=1),
        **{"photos-0-image": SimpleUploadedFile("fake.jpg", b"<html>not an image</html>")},
    )
    response = secretariat_client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "not a readable image" in content
    assert 'value="Thematic Meeting on legal pathways"' in content
    assert not Meeting.objects.exists()


def test_secretariat_cannot_reach_user_management(secretariat_client):
    assert secretariat_client.get("/admin/auth/user/").status_code == HTTPStatus.FORBIDDEN
    assert secretariat_client.get("/admin/auth/group/").status_code == HTTPStatus.FORBIDDEN
    assert "/admin/auth/" not in secretariat_client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/meetings/meeting/?q=IOM",
        "/admin/meetings/meeting/?start_date__year=2017&status=draft&host_country=ET",
        "/admin/meetings/meeting/?start_date__year=2017",
        "/admin/documents/document/?language=fr",
        "/admin/documents/downloadtally/",
    ],
)
def test_changelists_search_and_filter(secretariat_client, url):
    MeetingFactory()
    DocumentFileFactory()
    assert secretariat_client.get(url).status_code == HTTPStatus.OK


def date_hierarchy_lists():
    """(change list address, date hierarchy field) of every registered admin that has one."""
    lists = []
    for model in apps.get_models():
        if admin.site.is_registered(model):
            field = admin.site.get_model_admin(model).date_hierarchy
            if field:
                lists.append((reverse(admin_urlname(model._meta, "changelist")), field))
    return lists


def test_the_meetings_and_documents_lists_have_a_date_hierarchy():
    assert {"/admin/meetings/meeting/", "/admin/documents/document/"} <= {
        url for url, _field in date_hierarchy_lists()
    }


@pytest.mark.parametrize(
    "dates",
    [
        {"year": "99999999999"},
        {"year": "9999"},
        {"year": "9999", "month": "12", "day": "31"},
        {"year": "2017", "month": "99999999999"},
        {"year": "2017", "month": "5", "day": "99999999999999"},
        {"year": "abc"},
    ],
)
def test_a_date_hierarchy_beyond_the_calendar_is_an_invalid_filter(admin_client, dates):
    MeetingFactory(start_date=datetime.date(2017, 5, 18))
    for url, field in date_hierarchy_lists():
        query = {f"{field}__{part}": value for part, value in dates.items()}
        response = admin_client.get(url, query)
        # Django's answer to a filter it cannot apply: the list, unfiltered, with a message.
        assert response.status_code == HTTPStatus.FOUND, (url, query)
        assert response["Location"] == f"{url}?e=1"
        assert admin_client.get(response["Location"]).status_code == HTTPStatus.OK


def test_the_documents_language_filter_offers_the_languages_in_use(secretariat_client):
    english = DocumentFileFactory(language="en").document
    DocumentFileFactory(document=english, language="fr")
    DocumentFileFactory(language="ar")
    listing = secretariat_client.get("/admin/documents/document/", {"language": "fr"})
    assert list(listing.context["cl"].result_list) == [english]
    language = next(spec for spec in listing.context["cl"].filter_specs if spec.title == "language")
    assert [title for code, title in language.lookup_choices] == ["Arabic", "English", "French"]


def test_publish_action(secretariat_client):
    draft = MeetingFactory(status=Status.DRAFT)
    secretariat_client.post(
        "/admin/meetings/meeting/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def document_change_data(document, files, **fields):
    """The document's change form as the admin would post it, with its language versions."""
    data = {
        "title": document.title,
        "document_type": document.document_type.pk,
        "meeting": document.meeting.pk,
        "status": document.status,
        "date": "2017-02-09",
        "files-TOTAL_FORMS": str(len(files)),
        "files-INITIAL_FORMS": str(len(files)),
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        **opened_at(document),
    }
    for index, file in enumerate(files):
        data[f"files-{index}-id"] = file.pk
        data[f"files-{index}-document"] = document.pk
        data[f"files-{index}-language"] = file.language
    data.update(fields)
    return data


def test_replacing_a_file_in_the_admin_keeps_the_earlier_version(secretariat_client):
    current = DocumentFileFactory(original_name="conclusions.pdf")
    document = current.document
    data = document_change_data(
        document,
        [current],
        **{"files-0-upload": SimpleUploadedFile("conclusions-final.pdf", pdf_bytes(pages=2))},
    )
    response = secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    current.refresh_from_db()
    assert current.original_name == "conclusions-final.pdf"
    revision = DocumentFileRevision.objects.get()
    assert revision.original_name == "conclusions.pdf"
    page = secretariat_client.get(f"/admin/documents/document/{document.pk}/change/")
    assert "conclusions.pdf" in page.content.decode()


def test_bulk_upload_makes_one_document_per_file(secretariat_client):
    meeting = MeetingFactory()
    doctype = DocumentTypeFactory(slug="presentation")
    url = f"/admin/meetings/meeting/{meeting.pk}/upload-documents/"
    assert secretariat_client.get(url).status_code == HTTPStatus.OK
    response = secretariat_client.post(
        url,
        {
            "files": [
                SimpleUploadedFile("session_1-presentation.pdf", PDF_BYTES),
                SimpleUploadedFile("session-2-notes.txt", b"Notes of session 2\n"),
            ],
            "document_type": doctype.pk,
            "language": "fr",
            "date": "",
            "status": Status.DRAFT,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    documents = Document.objects.filter(meeting=meeting).order_by("title")
    assert [d.title for d in documents] == ["Session 1 presentation", "Session 2 notes"]
    assert {f.language for f in DocumentFile.objects.all()} == {"fr"}
    assert all(d.date == meeting.start_date for d in documents)


def test_bulk_upload_saves_nothing_when_one_file_is_refused(secretariat_client):
    meeting = MeetingFactory()
    response = secretariat_client.post(
        f"/admin/meetings/meeting/{meeting.pk}/upload-documents/",
        {
            "files": [
                SimpleUploadedFile("good.pdf", PDF_BYTES),
                SimpleUploadedFile("evil.pdf", b"<html><script>alert(1)</script></html>"),
            ],
            "document_type": DocumentTypeFactory().pk,
            "language": "en",
            "status": Status.DRAFT,
        },
    )
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "evil.pdf" in content
    assert "Nothing was saved" in content
    assert not Document.objects.exists()


def test_document_admin_shows_downloads_by_month(secretariat_client):
    file = DocumentFileFactory()
    record_download(file, today=datetime.date(2017, 2, 10))
    record_download(file, today=datetime.date(2017, 3, 1))
    record_download(file, today=datetime.date(2017, 3, 2))
    page = secretariat_client.get(f"/admin/documents/document/{file.document.pk}/change/")
    content = page.content.decode()
    assert "March 2017: 2" in content
    assert "February 2017: 1" in content
    listing = secretariat_client.get("/admin/meetings/meeting/")
    assert listing.context["cl"].result_list[0].download_count == 3


def test_staff_media_is_closed_to_visitors(client, secretariat_user):
    file = DocumentFileFactory(document=DocumentFactory(status=Status.DRAFT))
    assert client.get(file.file.url).status_code != HTTPStatus.OK
    client.force_login(secretariat_user)
    assert client.get(file.file.url).status_code == HTTPStatus.OK


def change_meeting_data(meeting, document, **fields):
    """The meeting's change form as the admin would post it, with its one document."""
    data = meeting_data(
        title=meeting.title,
        slug=meeting.slug,
        meeting_type=meeting.meeting_type.pk,
        status=meeting.status,
        **management_forms(documents=1),
        **opened_at(meeting),
    )
    data.update(
        {
            "documents-INITIAL_FORMS": "1",
            "documents-0-id": document.pk,
            "documents-0-meeting": meeting.pk,
            "documents-0-title": document.title,
            "documents-0-document_type": document.document_type.pk,
            "documents-0-date": "2017-02-09",
            "documents-0-status": document.status,
            "documents-0-language": "en",
            **fields,
        }
    )
    return data


def test_a_language_version_is_added_from_the_meeting_page(secretariat_client):
    english = DocumentFileFactory(original_name="conclusions.pdf")
    document, meeting = english.document, english.document.meeting
    data = change_meeting_data(
        meeting,
        document,
        **{
            "documents-0-language": "fr",
            "documents-0-upload": SimpleUploadedFile("conclusions-fr.pdf", PDF_BYTES),
        },
    )
    response = secretariat_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert sorted(document.files.values_list("language", flat=True)) == ["en", "fr"]


def test_two_versions_cannot_share_a_language(secretariat_client):
    english = DocumentFileFactory(language="en")
    french = DocumentFileFactory(document=english.document, language="fr")
    document = english.document
    data = document_change_data(document, [english, french], **{"files-1-language": "en"})
    response = secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == HTTPStatus.OK
    assert "Please correct the duplicate data for language" in response.content.decode()
    french.refresh_from_db()
    assert french.language == "fr"
