"""Downloading a file at /documents/<id>/<file name>: headers, caching, ranges, access."""

import datetime
import io
from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.http import http_date
from pypdf import PdfWriter

from core.publishing import Status
from documents.models import DocumentFileRevision
from tests.factories import (
    PDF_BYTES,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db

# Long enough for every range below; starts like a PDF, which is all serving looks at.
CONTENT = PDF_BYTES + bytes(range(256))
SIZE = len(CONTENT)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def real_pdf(title):
    """A one-page PDF that passes upload validation; the title makes each one different."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def pdf():
    return DocumentFileFactory(original_name="Joint conclusions.pdf", content=CONTENT)


@pytest.fixture
def draft_pdf():
    return DocumentFileFactory(
        document=DocumentFactory(status=Status.DRAFT), original_name="draft.pdf"
    )


@pytest.fixture
def x_accel(settings):
    settings.DOWNLOADS_X_ACCEL_PREFIX = "/protected-media/"


# Full downloads


def test_pdf_is_sent_inline_with_its_name_and_headers(client, pdf):
    response = client.get(pdf.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(SIZE)
    assert response["Content-Disposition"] == 'inline; filename="Joint conclusions.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{pdf.sha256}"'
    assert response["Last-Modified"] == http_date(pdf.uploaded_at.timestamp())
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("Mapping table 1.docx", DOCX),
        ("Mapping table 2.xlsx", XLSX),
        ("participants.csv", "text/csv"),
        ("Final programme.html", "text/html"),
    ],
)
def test_other_formats_are_always_downloaded(client, name, content_type):
    content = b"col1,col2\nKhartoum,Rome\n"
    document_file = DocumentFileFactory(
        original_name=name, content_type=content_type, content=content
    )

    response = client.get(document_file.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Content-Length"] == str(len(content))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == content


@pytest.mark.parametrize(
    "name",
    ["Conclusions conjointes – Malte.pdf", "الاستنتاجات المشتركة - مالطا.pdf", "Å.pdf"],
)
def test_a_name_in_any_script_gets_a_well_formed_header(client, name):
    document_file = DocumentFileFactory(original_name=name, content=CONTENT)

    response = client.get(document_file.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    disposition = response["Content-Disposition"]
    assert disposition == f"inline; filename*=utf-8''{quote(name)}"
    disposition.encode("ascii")  # nothing a proxy could mangle
    assert body(response) == CONTENT


# Conditional requests


def test_if_none_match_with_the_etag_is_not_modified(client, pdf):
    response = client.get(pdf.get_absolute_url(), headers={"If-None-Match": f'"{pdf.sha256}"'})

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert body(response) == b""
    assert response["ETag"] == f'"{pdf.sha256}"'


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("validator", ["If-None-Match", "If-Modified-Since"])
def test_not_modified_has_no_length_and_no_type(client, pdf, method, validator):
    """A Content-Length on a 304 would have to be the whole file's (RFC 9110, 8.6)."""
    value = (
        f'"{pdf.sha256}"'
        if validator == "If-None-Match"
        else http_date(pdf.uploaded_at.timestamp())
    )

    response = getattr(client, method)(pdf.get_absolute_url(), headers={validator: value})

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert "Content-Length" not in response
    assert "Content-Type" not in response
    assert response["Last-Modified"] == http_date(pdf.uploaded_at.timestamp())


def test_if_none_match_with_another_etag_sends_the_file(client, pdf):
    response = client.get(pdf.get_absolute_url(), headers={"If-None-Match": '"0000"'})

    assert response.status_code == HTTPStatus.OK
    assert body(response) == CONTENT


@pytest.mark.parametrize("offset", [datetime.timedelta(0), datetime.timedelta(days=30)])
def test_if_modified_since_now_or_later_is_not_modified(client, pdf, offset):
    since = http_date((pdf.uploaded_at + offset).timestamp())

    response = client.get(pdf.get_absolute_url(), headers={"If-Modified-Since": since})

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert body(response) == b""


def test_if_modified_since_before_the_upload_sends_the_file(client, pdf):
    since = http_date((pdf.uploaded_at - datetime.timedelta(days=1)).timestamp())

    response = client.get(pdf.get_absolute_url(), headers={"If-Modified-Since": since})

    assert response.status_code == HTTPStatus.OK
    assert body(response) == CONTENT


def test_if_match_mismatch_fails_the_precondition(client, pdf):
    response = client.get(pdf.get_absolute_url(), headers={"If-Match": '"something-else"'})

    assert response.status_code == HTTPStatus.PRECONDITION_FAILED
    assert body(response) == b""
    assert "Content-Type" not in response


def test_if_match_with_the_etag_sends_the_file(client, pdf):
    response = client.get(pdf.get_absolute_url(), headers={"If-Match": f'"{pdf.sha256}"'})

    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("method", ["get", "head"])
def test_the_etag_of_a_draft_never_confirms_it_exists(client, draft_pdf, method):
    response = getattr(client, method)(
        draft_pdf.get_absolute_url(), headers={"If-None-Match": f'"{draft_pdf.sha256}"'}
    )

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "ETag" not in response


def test_the_etag_of_a_file_in_a_draft_meeting_never_confirms_it_exists(client):
    meeting = MeetingFactory(status=Status.DRAFT)
    document_file = DocumentFileFactory(document=DocumentFactory(meeting=meeting))

    response = client.get(
        document_file.get_absolute_url(), headers={"If-None-Match": f'"{document_file.sha256}"'}
    )

    assert response.status_code == HTTPStatus.NOT_FOUND


# Byte ranges


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=10-", 10, SIZE - 1),
        ("bytes=-5", SIZE - 5, SIZE - 1),
        ("bytes=0-999999", 0, SIZE - 1),
        (f"bytes={SIZE - 1}-{SIZE - 1}", SIZE - 1, SIZE - 1),
        (f"bytes=-{SIZE * 2}", 0, SIZE - 1),
        ("bytes=0-99999999999999999999999", 0, SIZE - 1),
    ],
)
def test_a_satisfiable_range_is_partial_content(client, pdf, header, start, end):
    response = client.get(pdf.get_absolute_url(), headers={"Range": header})

    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert response["Content-Range"] == f"bytes {start}-{end}/{SIZE}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Joint conclusions.pdf"'
    assert response["ETag"] == f'"{pdf.sha256}"'
    assert body(response) == CONTENT[start : end + 1]


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 10}-{SIZE + 20}", "bytes=-0"])
def test_a_range_outside_the_file_is_not_satisfiable(client, pdf, header):
    response = client.get(pdf.get_absolute_url(), headers={"Range": header})

    assert response.status_code == HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert body(response) == b""
    assert "Content-Type" not in response  # an empty answer is no HTML page


def test_several_ranges_are_answered_with_the_whole_file(client, pdf):
    response = client.get(pdf.get_absolute_url(), headers={"Range": "bytes=0-1,5-6"})

    assert response.status_code == HTTPStatus.OK
    assert "Content-Range" not in response
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    "header",
    [
        "bytes=abc",
        "bytes=5-2",
        "items=0-1",
        "bytes=--1",
        "bytes=-",
        "bytes=",
        "",
        "bytes=0-1-2",
        pytest.param("bytes=1" + "0" * 10_000 + "-", id="10-KB-start"),
        pytest.param("bytes=0-" + "9" * 10_000, id="10-KB-end"),
        pytest.param("bytes=-" + "9" * 10_000, id="10-KB-suffix"),
        pytest.param("bytes=" + "0-1," * 2_500, id="2500-ranges"),
        "bytes=99999999999999999999999-",
    ],
)
def test_a_malformed_range_never_fails(client, pdf, header):
    response = client.get(pdf.get_absolute_url(), headers={"Range": header})

    assert response.status_code in {HTTPStatus.OK, HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE}
    if response.status_code == HTTPStatus.OK:
        assert body(response) == CONTENT
    else:
        assert response["Content-Range"] == f"bytes */{SIZE}"


def test_if_range_with_the_current_etag_honours_the_range(client, pdf):
    response = client.get(
        pdf.get_absolute_url(), headers={"Range": "bytes=0-9", "If-Range": f'"{pdf.sha256}"'}
    )

    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert body(response) == CONTENT[:10]


def test_if_range_with_the_current_date_honours_the_range(client, pdf):
    last_modified = http_date(pdf.uploaded_at.timestamp())

    response = client.get(
        pdf.get_absolute_url(), headers={"Range": "bytes=0-9", "If-Range": last_modified}
    )

    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert body(response) == CONTENT[:10]


@pytest.mark.parametrize(
    "if_range", ['"a-stale-etag"', 'W/"weak"', "Sat, 01 Jan 2000 00:00:00 GMT", "garbage"]
)
def test_if_range_naming_another_file_sends_the_whole_file(client, pdf, if_range):
    response = client.get(
        pdf.get_absolute_url(), headers={"Range": "bytes=0-9", "If-Range": if_range}
    )

    assert response.status_code == HTTPStatus.OK
    assert "Content-Range" not in response
    assert body(response) == CONTENT


# HEAD


def test_head_has_the_headers_of_get_and_no_body(client, pdf):
    get = client.get(pdf.get_absolute_url())
    head = client.head(pdf.get_absolute_url())

    assert head.status_code == HTTPStatus.OK
    for header in [
        "Content-Type",
        "Content-Length",
        "Content-Disposition",
        "Accept-Ranges",
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "X-Content-Type-Options",
        "Content-Security-Policy",
    ]:
        assert head[header] == get[header], header
    assert head["Content-Length"] == str(SIZE)
    assert body(head) == b""


def test_head_with_a_range_has_the_partial_headers(client, pdf):
    response = client.head(pdf.get_absolute_url(), headers={"Range": "bytes=0-9"})

    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert response["Content-Range"] == f"bytes 0-9/{SIZE}"
    assert response["Content-Length"] == "10"
    assert body(response) == b""


def test_head_of_a_draft_is_not_found(client, draft_pdf):
    assert client.head(draft_pdf.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


# Who may download what


def test_a_draft_document_is_not_found(client, draft_pdf):
    assert client.get(draft_pdf.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_published_document_of_a_draft_meeting_is_not_found(client):
    meeting = MeetingFactory(status=Status.DRAFT)
    document_file = DocumentFileFactory(document=DocumentFactory(meeting=meeting))

    assert client.get(document_file.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_guessed_id_is_not_found(client, pdf):
    url = f"/documents/{pdf.document_id + 1000}/{pdf.original_name}"

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "filename",
    ["guess.pdf", "joint conclusions.pdf", "Joint conclusions.PDF", "Joint conclusions"],
)
def test_a_guessed_name_is_not_found(client, pdf, filename):
    url = f"/documents/{pdf.document_id}/{quote(filename)}"

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_storage_name_is_not_a_download_name(client, pdf):
    # The name the file has on disk (documents/<random>.pdf) is no way in.
    url = f"/documents/{pdf.document_id}/{pdf.file.name}"

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_name_of_another_documents_file_is_not_found(client, pdf):
    other = DocumentFileFactory(original_name="other.pdf")

    response = client.get(f"/documents/{pdf.document_id}/{other.original_name}")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_name_of_a_draft_documents_file_under_a_published_id_is_not_found(
    client, pdf, draft_pdf
):
    response = client.get(f"/documents/{pdf.document_id}/{draft_pdf.original_name}")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_public_file_may_be_cached_by_anyone_for_a_minute(client, pdf):
    cache_control = client.get(pdf.get_absolute_url())["Cache-Control"]

    # Then asked again, never served stale: an unpublished file is gone within the minute.
    assert cache_control == "public, max-age=60, must-revalidate"


def test_after_unpublishing_a_revalidation_gets_a_404(client, pdf):
    first = client.get(pdf.get_absolute_url())
    pdf.document.status = Status.DRAFT
    pdf.document.save()

    again = client.get(pdf.get_absolute_url(), headers={"If-None-Match": first["ETag"]})

    assert again.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("user", ["admin_client", "secretariat_client"])
def test_staff_download_drafts_which_are_never_stored(request, draft_pdf, user):
    staff_client = request.getfixturevalue(user)

    response = staff_client.get(draft_pdf.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert body(response) == PDF_BYTES
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
    assert "public" not in cache_control
    assert "max-age" not in cache_control


def test_staff_download_a_file_of_a_draft_meeting_which_is_never_stored(admin_client):
    meeting = MeetingFactory(status=Status.DRAFT)
    document_file = DocumentFileFactory(document=DocumentFactory(meeting=meeting))

    response = admin_client.get(document_file.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]


def test_a_not_modified_draft_for_staff_is_never_stored(admin_client, draft_pdf):
    response = admin_client.get(
        draft_pdf.get_absolute_url(), headers={"If-None-Match": f'"{draft_pdf.sha256}"'}
    )

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert "no-store" in response["Cache-Control"]


def test_a_logged_in_visitor_who_is_not_staff_sees_no_drafts(client, django_user_model, draft_pdf):
    client.force_login(django_user_model.objects.create_user(username="visitor"))

    assert client.get(draft_pdf.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_only_get_and_head_are_allowed(client, pdf, method):
    response = getattr(client, method)(pdf.get_absolute_url())

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_raw_media_path_is_closed_to_visitors(client, pdf):
    response = client.get(f"/media/{pdf.file.name}")

    assert response.status_code in {HTTPStatus.FOUND, HTTPStatus.NOT_FOUND}
    if response.status_code == HTTPStatus.FOUND:
        assert response["Location"].startswith("/admin/login/")
    assert b"%PDF" not in body(response)


def test_the_raw_media_path_is_closed_to_visitors_even_for_drafts(client, draft_pdf):
    response = client.get(f"/media/{draft_pdf.file.name}")

    assert response.status_code in {HTTPStatus.FOUND, HTTPStatus.NOT_FOUND}
    assert b"%PDF" not in body(response)


def test_the_raw_media_path_serves_staff(admin_client, pdf):
    response = admin_client.get(f"/media/{pdf.file.name}")

    assert response.status_code == HTTPStatus.OK
    assert body(response) == CONTENT
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_raw_media_path_does_not_leave_the_media_folder(admin_client, media_root):
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root.parent / "secret.txt").write_bytes(b"not an upload")

    response = admin_client.get("/media/../secret.txt")

    assert response.status_code in {HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}
    assert b"not an upload" not in body(response)


# Language versions and replaced files


def test_each_language_version_downloads_under_its_own_name(client):
    document = DocumentFactory()
    english = DocumentFileFactory(
        document=document, language="en", original_name="Joint conclusions.pdf"
    )
    french = DocumentFileFactory(
        document=document,
        language="fr",
        original_name="Conclusions conjointes.pdf",
        content=PDF_BYTES + b"% version francaise\n",
    )

    for version, content in [(english, PDF_BYTES), (french, PDF_BYTES + b"% version francaise\n")]:
        response = client.get(version.get_absolute_url())
        assert response.status_code == HTTPStatus.OK
        assert f'filename="{version.original_name}"' in response["Content-Disposition"]
        assert response["ETag"] == f'"{version.sha256}"'
        assert body(response) == content


def test_a_replaced_file_keeps_its_address_and_serves_the_new_file(client):
    from documents.services import attach_file

    document = DocumentFactory(title="Joint conclusions")
    first, corrected = real_pdf("Joint conclusions"), real_pdf("Joint conclusions, corrected")
    english = attach_file(
        document, "en", SimpleUploadedFile("Joint conclusions.pdf", first, "application/pdf")
    )
    attach_file(
        document,
        "fr",
        SimpleUploadedFile("Conclusions conjointes.pdf", real_pdf("Fr"), "application/pdf"),
    )
    old_url, old_etag = english.get_absolute_url(), f'"{english.sha256}"'
    assert body(client.get(old_url)) == first

    english = attach_file(
        document,
        "en",
        SimpleUploadedFile("Joint conclusions (corrected).pdf", corrected, "application/pdf"),
    )

    assert english.get_absolute_url() == old_url
    assert old_url == f"/documents/{document.pk}/joint-conclusions-en.pdf"
    response = client.get(old_url)
    assert response.status_code == HTTPStatus.OK
    assert body(response) == corrected
    assert response["Content-Disposition"] == 'inline; filename="joint-conclusions-en.pdf"'
    assert english.original_name == "Joint conclusions (corrected).pdf"
    assert response["ETag"] == f'"{english.sha256}"' != old_etag
    assert response["Content-Length"] == str(len(corrected))
    # A copy of the old file cached by its ETag is not "fresh".
    response = client.get(old_url, headers={"If-None-Match": old_etag})
    assert response.status_code == HTTPStatus.OK
    assert body(response) == corrected
    # Resuming an interrupted download of the old file starts over with the new one.
    response = client.get(old_url, headers={"Range": "bytes=100-", "If-Range": old_etag})
    assert response.status_code == HTTPStatus.OK
    assert body(response) == corrected


def test_a_current_name_wins_over_the_same_name_replaced_in_another_language(client):
    # English "report.pdf" was replaced; later the French version was uploaded as "report.pdf".
    document = DocumentFactory()
    english = DocumentFileFactory(document=document, language="en", original_name="report-v2.pdf")
    DocumentFileRevision.objects.create(
        document_file=english,
        file=english.file.name,
        original_name="report.pdf",
        size=english.size,
        content_type=english.content_type,
        sha256="0" * 64,
        uploaded_at=timezone.now(),
        replaced_at=timezone.now(),
    )
    french_bytes = PDF_BYTES + b"% version francaise\n"
    french = DocumentFileFactory(
        document=document, language="fr", original_name="report.pdf", content=french_bytes
    )

    response = client.get(french.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert body(response) == french_bytes
    assert response["ETag"] == f'"{french.sha256}"'


# Handing the bytes to nginx


def test_x_accel_hands_the_file_to_nginx(client, pdf, x_accel):
    response = client.get(pdf.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert pdf.file.name.startswith("documents/")
    assert response["X-Accel-Redirect"] == f"/protected-media/{pdf.file.name}"
    assert body(response) == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Joint conclusions.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Accept-Ranges"] == "bytes"
    assert "public" in response["Cache-Control"]


def test_x_accel_keeps_the_attachment_name_of_other_formats(client, x_accel):
    document_file = DocumentFileFactory(
        original_name="Mapping table 1.docx", content_type=DOCX, content=b"PK\x03\x04"
    )

    response = client.get(document_file.get_absolute_url())

    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="Mapping table 1.docx"'


def test_x_accel_still_hides_drafts(client, draft_pdf, x_accel):
    response = client.get(draft_pdf.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "X-Accel-Redirect" not in response


def test_x_accel_for_staff_drafts_is_never_stored(admin_client, draft_pdf, x_accel):
    response = admin_client.get(draft_pdf.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response["X-Accel-Redirect"] == f"/protected-media/{draft_pdf.file.name}"
    assert "no-store" in response["Cache-Control"]


def test_x_accel_answers_conditional_requests_itself(client, pdf, x_accel):
    response = client.get(pdf.get_absolute_url(), headers={"If-None-Match": f'"{pdf.sha256}"'})

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert "X-Accel-Redirect" not in response


# Photo renditions revalidate the same way


def test_a_not_modified_rendition_keeps_its_etag_and_has_no_length(client):
    photo = PhotoFactory()
    first = client.get(photo.large_url)

    response = client.get(photo.large_url, headers={"If-None-Match": first["ETag"]})

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response["ETag"] == first["ETag"]
    assert "Content-Length" not in response
    assert "Content-Type" not in response


def test_a_public_download_checked_once_per_record_version(
    client, pdf, settings, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.RECORD_VERSION_IN_CACHE = True  # as in production, the version in the cache
    url = pdf.get_absolute_url()
    assert body(client.get(url)) == CONTENT
    with CaptureQueriesContext(connection) as again:
        assert body(client.get(url)) == CONTENT
    # Nothing is read again (a count may be written): the check's answer was cached.
    assert [q for q in again.captured_queries if "documents_downloadtally" not in q["sql"]] == []
    # Unpublishing the document moves the record's version on: the file is gone at once.
    pdf.document.status = Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        pdf.document.save()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
