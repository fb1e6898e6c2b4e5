"""Uploads on S3-compatible object storage: files stay private, every download passes the
site's access check first, then goes through a short-lived signed link or nginx; an upload
never replaces an object already stored."""

import json
import urllib.request
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from storages.backends.s3 import S3Storage

from core.publishing import Status
from tests import object_storage
from tests.documents.test_download_counts import BROWSER, downloads
from tests.factories import PDF_BYTES, DocumentFactory, DocumentFileFactory, PhotoFactory

pytestmark = pytest.mark.django_db
s3_endpoint = object_storage.s3_endpoint
s3_client = object_storage.s3_client
s3_bucket = object_storage.s3_bucket


def fetch(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:
        return answer.status, answer.headers, answer.read()


def test_an_upload_is_stored_in_the_bucket_not_on_disk(s3_bucket, s3_client, media_root):
    document_file = DocumentFileFactory(original_name="joint-conclusions.pdf")
    assert object_storage.object_names(s3_client, s3_bucket) == [document_file.file.name]
    assert not media_root.exists()


def test_a_download_is_checked_then_streamed_from_the_bucket_with_the_sites_headers(
    s3_bucket, client, media_root
):
    """Without nginx, the app server sends the object itself: a link to the store would
    answer with the store's ETag (an MD5) and ignore If-Range."""
    document_file = DocumentFileFactory(
        original_name="joint-conclusions.pdf", public_name="Joint conclusions.pdf"
    )
    response = client.get(document_file.get_absolute_url(), headers={"User-Agent": BROWSER})
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Joint conclusions.pdf"'
    assert response["ETag"] == f'"{document_file.sha256}"'
    assert response["Content-Length"] == str(len(PDF_BYTES))
    assert downloads(document_file) == 1
    assert not media_root.exists()


def test_ranges_are_read_from_the_object_store(s3_bucket, client):
    document_file = DocumentFileFactory()
    response = client.get(document_file.get_absolute_url(), headers={"Range": "bytes=2-5"})
    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert b"".join(response.streaming_content) == PDF_BYTES[2:6]
    assert response["Content-Range"] == f"bytes 2-5/{len(PDF_BYTES)}"
    assert downloads(document_file) == 0  # a part is not a download


def test_a_stale_if_range_gets_the_whole_object(s3_bucket, client):
    document_file = DocumentFileFactory()
    response = client.get(
        document_file.get_absolute_url(), headers={"Range": "bytes=2-5", "If-Range": '"other"'}
    )
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_draft_gets_no_link(s3_bucket, client):
    draft = DocumentFileFactory(document=DocumentFactory(status=Status.DRAFT))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "X-Accel-Redirect" not in response


def test_an_unchanged_file_is_a_304_without_asking_the_object_store(s3_bucket, client, monkeypatch):
    document_file = DocumentFileFactory()
    monkeypatch.setattr(S3Storage, "url", None)  # any call would fail
    response = client.get(
        document_file.get_absolute_url(), headers={"If-None-Match": f'"{document_file.sha256}"'}
    )
    assert response.status_code == HTTPStatus.NOT_MODIFIED


def test_nginx_proxies_the_signed_link_when_asked_to(s3_bucket, client, settings):
    settings.DOWNLOADS_X_ACCEL_PREFIX = "/protected-s3/"
    document_file = DocumentFileFactory()
    response = client.get(document_file.get_absolute_url(), headers={"User-Agent": BROWSER})
    target = urlsplit(response["X-Accel-Redirect"])
    assert target.path == f"/protected-s3/{s3_bucket}/{document_file.file.name}"
    assert "X-Amz-Signature" in parse_qs(target.query)
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["ETag"] == f'"{document_file.sha256}"'  # nginx sends it with the file
    # The store's answer names the file: nginx would keep this one's on a 503 page too.
    assert "Content-Disposition" not in response
    disposition = parse_qs(target.query)["response-content-disposition"]
    assert disposition == [f'inline; filename="{document_file.public_name}"']
    assert downloads(document_file) == 1


def test_an_upload_never_replaces_an_object(s3_bucket, s3_client):
    first = default_storage.save("documents/report.pdf", ContentFile(b"first"))
    second = default_storage.save("documents/report.pdf", ContentFile(b"second"))
    assert first == "documents/report.pdf"
    assert second != first
    stored = s3_client.get_object(Bucket=s3_bucket, Key=first)["Body"].read()
    assert stored == b"first"


def test_objects_are_private(s3_bucket, s3_client, s3_endpoint):
    document_file = DocumentFileFactory()
    grants = s3_client.get_object_acl(Bucket=s3_bucket, Key=document_file.file.name)["Grants"]
    assert not any("AllUsers" in json.dumps(grant) for grant in grants)
    policy = s3_client.get_bucket_acl(Bucket=s3_bucket)["Grants"]
    assert not any("AllUsers" in json.dumps(grant) for grant in policy)


def test_photo_renditions_are_made_from_and_stored_in_the_bucket(s3_bucket, s3_client, client):
    photo = PhotoFactory()
    response = client.get(f"/photos/{photo.pk}/thumb.webp")
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    assert any(
        name.startswith("photos/renditions/")
        for name in object_storage.object_names(s3_client, s3_bucket)
    )


def test_staff_reach_uploads_in_the_bucket(s3_bucket, admin_client):
    document_file = DocumentFileFactory()
    response = admin_client.get(f"/media/{document_file.file.name}")
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert admin_client.get("/media/documents/missing.pdf").status_code == HTTPStatus.NOT_FOUND


def test_health_checks_the_object_store(s3_bucket, client, settings):
    assert client.get("/health/").json()["checks"]["storage"] == "ok"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "no-such"},
        },
    }
    response = client.get("/health/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["checks"]["storage"] == "unavailable"


def test_no_object_store_is_touched_for_a_head_request(s3_bucket, client):
    document_file = DocumentFileFactory()
    response = client.head(document_file.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Length"] == str(len(PDF_BYTES))
