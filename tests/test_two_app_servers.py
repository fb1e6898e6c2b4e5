"""Two app servers share everything: two gunicorn processes on different ports, one PostgreSQL
database, one Redis, one object store. A file uploaded through one downloads through the
other; a publication made on one shows on the other's cached pages at once.

Slow for a test (a database of its own, migrated, and two servers started: tens of seconds),
so it is one test doing the whole visit. It skips, saying why, without PostgreSQL or Redis.
"""

import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests import object_storage, shared_cache
from tests.factories import PDF_BYTES
from tests.network import free_port
from tests.stack import forget, production_environment

# With tests/test_stack_faults.py, one module at a time: on a CI machine's few cores, two
# stacks starting side by side would slow each other past their timeouts.
pytestmark = pytest.mark.xdist_group("stack")

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("TWO_SERVERS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "a-long-test-password-for-two-servers"
s3_endpoint = object_storage.s3_endpoint

SETUP = f"""
import json
from django.contrib.auth import get_user_model
from documents.models import DocumentType
from meetings.models import Meeting, MeetingType
get_user_model().objects.create_superuser("secretariat", "s@example.org", {PASSWORD!r})
kind = MeetingType.objects.create(name="Senior Officials' Meeting", slug="som")
Meeting.objects.create(
    title="Khartoum SOM in Asmara", slug="som-asmara", meeting_type=kind,
    start_date="2016-10-12", end_date="2016-10-12", city="Asmara", host_country="ER",
    status="draft",
)
document_type = DocumentType.objects.create(name="Conclusions", slug="conclusions")
print(json.dumps({{"draft": Meeting.objects.get().pk, "document_type": document_type.pk}}))
"""


def postgres():
    import psycopg2

    try:
        return psycopg2.connect(f"{POSTGRES}/postgres", connect_timeout=2)
    except psycopg2.OperationalError:
        pytest.skip(f"no PostgreSQL at {POSTGRES} (CI has one)")


def wait_for(url, process, log):
    for _ in range(300):
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the app server stopped: {log.read()}")
        try:
            urllib.request.urlopen(url, timeout=10)
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered at {url}")


@pytest.fixture(scope="module")
def stack(s3_endpoint):
    """The two servers, for the module's tests (starting them is the slow part)."""
    import boto3

    s3_client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", **object_storage.ACCESS
    )
    if not shared_cache.redis_reachable():
        pytest.skip(f"no Redis at {shared_cache.REDIS_TEST_URL} (CI has one)")
    connection = postgres()
    connection.autocommit = True
    name = f"two_servers_{uuid.uuid4().hex[:10]}"
    bucket = f"two-servers-{uuid.uuid4().hex[:10]}"
    s3_client.create_bucket(Bucket=bucket)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    env = production_environment(
        name,
        database_url=f"{POSTGRES}/{name}",
        redis_url=shared_cache.REDIS_TEST_URL,
        bucket=bucket,
        s3_endpoint=s3_endpoint,
        static_root=tempfile.mkdtemp(prefix="two-servers-static-"),
    )
    servers = []
    try:
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--no-input"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=600)  # fmt: skip
        subprocess.run([*manage, "collectstatic", "--no-input"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=600)  # fmt: skip
        made = subprocess.run([*manage, "shell", "--no-imports", "-c", SETUP], cwd=ROOT, env=env,
                              check=True, capture_output=True, text=True, timeout=120)  # fmt: skip
        ids = json.loads(made.stdout.strip().splitlines()[-1])
        for _ in range(2):
            port = free_port()
            # A file, not a pipe: nobody reads a pipe while the test runs, and a server whose
            # log fills it (64 KB) blocks on its next line, mid-request.
            log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (open while the server runs)
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "khartoum.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--worker-class", "gthread", "--workers", "1", "--threads", "2"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True,
            )  # fmt: skip
            servers.append(process)
            wait_for(f"http://127.0.0.1:{port}/health/", process, log)
            ids.setdefault("servers", []).append(f"http://127.0.0.1:{port}")
            ids.setdefault("processes", []).append(process)
        yield ids
    finally:
        shutil.rmtree(env["DJANGO_STATIC_ROOT"], ignore_errors=True)
        for process in servers:
            process.terminate()
        for process in servers:
            process.wait(timeout=30)
        forget(connection, name)


class Browser:
    """A visitor with cookies, who does not follow redirects."""

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self.NoRedirects
        )

    def request(self, url, data=None, content_type=None):
        headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
        csrf = {cookie.name: cookie.value for cookie in self.cookies}.get("csrftoken")
        if csrf:
            headers["X-CSRFToken"] = csrf
        if content_type:
            headers["Content-Type"] = content_type
        try:
            with self.opener.open(urllib.request.Request(url, data, headers), timeout=30) as answer:
                return answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def post(self, url, fields):
        body = encode_multipart(BOUNDARY, fields)
        return self.request(url, body, MULTIPART_CONTENT)

    def sign_in(self, server):
        self.request(f"{server}/admin/login/")
        status, _, _ = self.post(
            f"{server}/admin/login/?next=/admin/",
            {"username": "secretariat", "password": PASSWORD, "next": "/admin/"},
        )
        assert status == HTTPStatus.FOUND


def test_two_app_servers_share_the_record_the_files_and_the_cache(stack):
    one, other = stack["servers"]
    visitor, staff = Browser(), Browser()
    staff.sign_in(one)

    # The other server caches the list for the public, without the draft.
    for _ in range(2):
        status, headers, page = visitor.request(f"{other}/meetings/")
        assert status == HTTPStatus.OK
        assert b"Khartoum SOM in Asmara" not in page
    assert headers["ETag"]

    # Published through the first server: the other's cached list shows it at once.
    status, _, _ = staff.post(
        f"{one}/admin/meetings/meeting/",
        {"action": "publish", "_selected_action": str(stack["draft"]), "index": "0"},
    )
    assert status == HTTPStatus.FOUND
    status, _, page = visitor.request(f"{other}/meetings/")
    assert b"Khartoum SOM in Asmara" in page

    # A document uploaded through the first server downloads through the other.
    status, headers, _ = staff.post(
        f"{one}/admin/documents/document/add/",
        {
            "title": "Joint conclusions of the Asmara SOM",
            "document_type": str(stack["document_type"]),
            "meeting": str(stack["draft"]),
            "status": "published",
            "date": "2016-10-12",
            "files-TOTAL_FORMS": "1",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
            "files-0-language": "en",
            "files-0-upload": SimpleUploadedFile("conclusions.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert status == HTTPStatus.FOUND
    status, _, page = visitor.request(f"{other}/documents/")
    assert b"Joint conclusions of the Asmara SOM" in page
    document = re.search(rb'href="(/documents/\d+/)"', page).group(1).decode()
    status, _, page = visitor.request(f"{other}{document}")
    download = re.search(rb'href="(/documents/\d+/[^"]+\.pdf)"', page).group(1).decode()
    status, headers, body = visitor.request(f"{other}{download}")
    assert (status, body) == (HTTPStatus.OK, PDF_BYTES)
    assert headers["ETag"] == f'"{hashlib.sha256(PDF_BYTES).hexdigest()}"'


def load(url, seconds, results):
    """Ask for the page again and again for a while, noting each answer's status or error."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:
                answer.read()
                results.append(answer.status)
        except (urllib.error.URLError, OSError) as error:
            results.append(repr(error))


def test_a_graceful_reload_drops_no_request(stack):
    """gunicorn reloads (SIGHUP: new workers, the old ones finish what they serve) during a
    load run: every request gets its page."""
    import signal
    import threading

    server, process = stack["servers"][0], stack["processes"][0]
    results = []
    visitors = [
        threading.Thread(target=load, args=(f"{server}/meetings/", 6, results)) for _ in range(4)
    ]
    for visitor in visitors:
        visitor.start()
    time.sleep(1.5)
    process.send_signal(signal.SIGHUP)
    for visitor in visitors:
        visitor.join()
    assert results
    assert set(results) == {HTTPStatus.OK}, [r for r in results if r != HTTPStatus.OK][:3]
