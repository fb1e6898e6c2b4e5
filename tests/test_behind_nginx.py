"""The site behind the nginx that `manage.py nginx_config` renders (deploy/nginx.conf), as a
visitor reaches it on a port of its own: absolute addresses keep that port, downloads carry
the same headers whichever way nginx sends them (media folder or object store), and the API
and the exports are compressed for clients that accept it.

nginx runs in front of pytest-django's live server, with the test's own settings, media folder
and bucket (a local S3 API); it skips, saying why, without nginx.
"""

import gzip
import hashlib
import http.client
import json
import os
import pwd
import re
import shutil
import subprocess
import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from core.publishing import Status
from documents.services import attach_file
from tests import object_storage
from tests.factories import (
    PDF_BYTES,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    pdf_bytes,
)
from tests.network import free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("nginx")]
s3_endpoint = object_storage.s3_endpoint
s3_client = object_storage.s3_client
s3_bucket = object_storage.s3_bucket

# What the site sends with every file, and nginx must send again with it.
SECURITY_HEADERS = [
    "X-Content-Type-Options",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
]
# What a HEAD must answer as its GET does.
FILE_HEADERS = [
    "Content-Type",
    "Content-Length",
    "Content-Disposition",
    "ETag",
    "Last-Modified",
    "Accept-Ranges",
    "Cache-Control",
    *SECURITY_HEADERS,
]


class Site:
    """nginx's address, and requests to it with exactly the headers given."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.root = f"http://{host}:{port}"

    def request(self, path, method="GET", **headers):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            # Keyword arguments name headers with underscores: If_Range is If-Range.
            sent = {name.replace("_", "-"): value for name, value in headers.items()}
            connection.request(method, path, headers=sent)
            answer = connection.getresponse()
            return answer.status, answer.headers, answer.read()
        finally:
            connection.close()


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """nginx on a free port in front of the live server, configured from the settings in
    force when it starts (the test's storage), downloads handed to it."""
    if not shutil.which("nginx"):
        pytest.skip("nginx is not installed (the CI installs Debian's package)")
    settings.DOWNLOADS_X_ACCEL_PREFIX = "/protected-media/"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    port = free_port()
    run = tmp_path / "nginx"
    run.mkdir()
    call_command(
        "nginx_config",
        listen=f"127.0.0.1:{port}",
        app=[live_server.url.removeprefix("http://")],
        run_dir=str(run),
        user=pwd.getpwuid(os.getuid()).pw_name,
        output=str(run / "nginx.conf"),
    )
    process = subprocess.Popen(
        [shutil.which("nginx"), "-c", str(run / "nginx.conf"), "-e", str(run / "error.log"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    site = Site("127.0.0.1", port)
    try:
        for _ in range(100):
            try:
                site.request("/health/")
                break
            except OSError:
                time.sleep(0.1)
        yield site
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(params=["media folder", "object store"])
def storage(request):
    """Each download test runs with files on disk and in a bucket."""
    if request.param == "object store":
        request.getfixturevalue("s3_bucket")
    return request.param


# --- Absolute addresses -------------------------------------------------------------------


def test_absolute_addresses_keep_the_port_the_visitor_used(nginx):
    document_file = DocumentFileFactory()
    meeting = document_file.document.meeting
    MeetingFactory()  # a second meeting, so that the API's first page has a next one
    pages = {
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "feed": "/meetings/feed.atom",
        "calendar": meeting.get_absolute_url() + "calendar.ics",
        "meeting page": meeting.get_absolute_url(),
        "document page": document_file.document.get_absolute_url(),
        "API": "/api/meetings/?page_size=1",
    }
    for name, path in pages.items():
        status, _, body = nginx.request(path)
        text = body.decode()
        assert status == HTTPStatus.OK, (name, text[:300])
        assert nginx.root + "/" in text, name
        assert "http://127.0.0.1/" not in text, name
    _, _, body = nginx.request("/meetings/feed.atom")
    assert f'<link href="{nginx.root}/meetings/feed.atom" rel="self"' in body.decode()
    _, _, body = nginx.request(meeting.get_absolute_url())
    page = body.decode()
    for tag in [
        f'<link rel="canonical" href="{nginx.root}{meeting.get_absolute_url()}">',
        f'<meta property="og:url" content="{nginx.root}{meeting.get_absolute_url()}">',
        f'hreflang="fr" href="{nginx.root}/fr{meeting.get_absolute_url()}"',
    ]:
        assert tag in page
    _, _, body = nginx.request("/api/meetings/?page_size=1")
    assert json.loads(body)["next"].startswith(f"{nginx.root}/api/meetings/?")


def test_a_host_the_site_does_not_serve_is_refused(nginx):
    status, _, _ = nginx.request("/meetings/", Host="attacker.example:8080")
    assert status == HTTPStatus.BAD_REQUEST


# --- Downloads ----------------------------------------------------------------------------


def test_a_download_has_the_sites_validators_name_and_security_headers(storage, nginx):
    document_file = DocumentFileFactory(original_name="conclusions.pdf")
    status, headers, body = nginx.request(document_file.get_absolute_url())
    assert (status, body) == (HTTPStatus.OK, PDF_BYTES)
    assert headers["ETag"] == f'"{document_file.sha256}"'
    assert headers["Content-Disposition"] == 'inline; filename="conclusions.pdf"'
    assert headers["Cache-Control"] == "public, max-age=60, must-revalidate"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Content-Security-Policy"] == "default-src 'none'"
    assert not [name for name in headers if name.lower().startswith("x-amz")]
    for name in ["ETag", "Last-Modified", "Cache-Control"]:
        assert len(headers.get_all(name)) == 1, name


def test_a_head_has_the_headers_of_the_get(storage, nginx):
    document_file = DocumentFileFactory(original_name="conclusions.pdf")
    _, got, _ = nginx.request(document_file.get_absolute_url())
    status, head, body = nginx.request(document_file.get_absolute_url(), method="HEAD")
    assert (status, body) == (HTTPStatus.OK, b"")
    assert {name: head[name] for name in FILE_HEADERS} == {name: got[name] for name in FILE_HEADERS}


def test_a_range_of_the_current_file_is_sent(storage, nginx):
    document_file = DocumentFileFactory()
    status, headers, body = nginx.request(
        document_file.get_absolute_url(), Range="bytes=0-3", If_Range=f'"{document_file.sha256}"'
    )
    assert (status, body) == (HTTPStatus.PARTIAL_CONTENT, PDF_BYTES[:4])
    assert headers["Content-Range"] == f"bytes 0-3/{len(PDF_BYTES)}"
    assert headers["ETag"] == f'"{document_file.sha256}"'


def test_resuming_a_replaced_file_gets_the_whole_new_file(storage, nginx):
    document_file = DocumentFileFactory(uploaded_at=timezone.now() - timedelta(minutes=5))
    first = nginx.request(document_file.get_absolute_url(), Range="bytes=0-99")
    assert first[0] == HTTPStatus.PARTIAL_CONTENT
    new = pdf_bytes(2)
    attach_file(document_file.document, "en", SimpleUploadedFile("new.pdf", new))

    for validator in [first[1]["ETag"], first[1]["Last-Modified"]]:
        status, headers, body = nginx.request(
            document_file.get_absolute_url(), Range="bytes=100-", If_Range=validator
        )
        assert (status, body) == (HTTPStatus.OK, new), validator
        assert headers["ETag"] == f'"{hashlib.sha256(new).hexdigest()}"'


def test_if_match_is_checked_against_the_sites_etag(storage, nginx):
    document_file = DocumentFileFactory()
    address = document_file.get_absolute_url()
    status, _, body = nginx.request(address, If_Match=f'"{document_file.sha256}"')
    assert (status, body) == (HTTPStatus.OK, PDF_BYTES)
    assert nginx.request(address, If_Match='"an-older-file"')[0] == HTTPStatus.PRECONDITION_FAILED


def test_a_revalidation_after_unpublishing_gets_a_404(storage, nginx):
    document_file = DocumentFileFactory()
    _, headers, _ = nginx.request(document_file.get_absolute_url())
    assert nginx.request(document_file.get_absolute_url(), If_None_Match=headers["ETag"])[0] == (
        HTTPStatus.NOT_MODIFIED
    )
    document = document_file.document
    document.status = Status.DRAFT
    document.save()
    status, _, _ = nginx.request(document_file.get_absolute_url(), If_None_Match=headers["ETag"])
    assert status == HTTPStatus.NOT_FOUND


# --- Compression --------------------------------------------------------------------------


COMPRESSED = ["/api/meetings/", "/meetings/export.csv", "/documents/export.csv"]


@pytest.mark.parametrize("path", COMPRESSED)
def test_the_api_and_the_exports_are_compressed_for_clients_that_accept_it(nginx, path):
    for _ in range(3):
        DocumentFactory()
    status, headers, body = nginx.request(path, Accept_Encoding="gzip, deflate")
    assert status == HTTPStatus.OK
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    plain = gzip.decompress(body)
    for refusal in ["gzip;q=0", "identity", "gzip;q=0, *;q=0.5"]:
        status, headers, body = nginx.request(path, Accept_Encoding=refusal)
        assert "Content-Encoding" not in headers, refusal
        assert body == plain, refusal


def test_staff_pages_are_not_compressed(nginx, admin_client):
    session = admin_client.cookies["sessionid"].value
    status, headers, body = nginx.request(
        "/admin/", Accept_Encoding="gzip", Cookie=f"sessionid={session}"
    )
    assert status == HTTPStatus.OK
    assert "Content-Encoding" not in headers
    assert re.search(rb"csrfmiddlewaretoken|<html", body)
