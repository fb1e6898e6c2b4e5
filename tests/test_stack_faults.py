"""Faults on the real serving stack: nginx in front of gunicorn, with PostgreSQL, Redis and the
object store each reached through a TCP proxy (tests/tcp_proxy.py). Cutting a proxy takes the
service away from the site as stopping it would (connections closed, new ones refused);
restoring it gives it back. The machine's services keep running for the other tests.

What visitors get: pages from the page cache while PostgreSQL is away, the site's 503 page
for the rest, and the site back by itself once PostgreSQL is; uncached pages while Redis is
away; pages, but the site's 503 page for downloads, while the object store is away; and the
site's 503 page, from nginx, while no app server answers.

Every request has a timeout, each test a deadline. Slow to set up (a database migrated, static
files collected, two servers started), so the stack is the module's. Skips, saying why,
without nginx, PostgreSQL or Redis.
"""

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest

from tests import object_storage, shared_cache
from tests.factories import PDF_BYTES
from tests.network import free_port
from tests.stack import forget, production_environment
from tests.tcp_proxy import TcpProxy
from tests.test_two_app_servers import POSTGRES, ROOT, postgres, wait_for

# One stack at a time, as in tests/test_two_app_servers.py.
pytestmark = pytest.mark.xdist_group("stack")

s3_endpoint = object_storage.s3_endpoint

REQUEST_SECONDS = 10
# A test with a service away and back, requests included: well inside CI's patience.
TEST_SECONDS = 45
# How soon the site must serve again once a service is back, without a restart.
RECOVERY_SECONDS = 10
UNAVAILABLE = "The site is unavailable for a moment"

SETUP = """
import json
from tests.factories import DocumentFileFactory, MeetingFactory
stored = DocumentFileFactory(original_name="conclusions.pdf")
kept_away = MeetingFactory(title="Ministerial conference in Rome")
print(json.dumps({
    "download": stored.get_absolute_url(),
    "sha256": stored.sha256,
    "document": stored.document.get_absolute_url(),
    "meeting": stored.document.meeting.get_absolute_url(),
    "meeting_title": stored.document.meeting.title,
    "uncached_meeting": kept_away.get_absolute_url(),
}))
"""


def get(url):
    """(status, headers, body) of a GET, errors included; never waits more than 10 s."""
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_SECONDS) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def until(url, status, seconds=RECOVERY_SECONDS):
    """Ask until the answer has this status; returns it and how long that took."""
    started = time.monotonic()
    while True:
        try:
            answer = get(url)
        except (urllib.error.URLError, OSError) as error:
            answer = (repr(error), None, b"")
        if answer[0] == status or time.monotonic() - started > seconds:
            return answer, time.monotonic() - started
        time.sleep(0.2)


def visit(url, seconds, statuses):
    """Ask again and again for a while, noting each answer's status (or error)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            statuses.append(get(url)[0])
        except (urllib.error.URLError, OSError) as error:
            statuses.append(repr(error))


def assert_sites_503(answer, language="en"):
    status, headers, body = answer
    assert status == HTTPStatus.SERVICE_UNAVAILABLE, (status, body[:300])
    assert headers["Retry-After"].isdigit()
    # A download's own Cache-Control stays beside it (nginx keeps it); no-store overrides it.
    assert "no-store" in headers.get_all("Cache-Control")
    page = body.decode()
    assert f'<html lang="{language}"' in page
    assert 'class="error-page' in page and "/static/css/site." in page  # the site's style
    if language == "en":
        assert UNAVAILABLE in page
    for leak in ["Traceback", "OperationalError", "nginx", "psycopg2"]:
        assert leak not in page


def through(url, proxy, **parts):
    """The address `url` with its host and port replaced by the proxy's."""
    credentials = url.netloc.rpartition("@")[0]
    netloc = f"{credentials}@{proxy.address}" if credentials else proxy.address
    return url._replace(netloc=netloc, **parts).geturl()


@pytest.fixture(scope="module")
def stack(s3_endpoint):
    import boto3

    if not shutil.which("nginx"):
        pytest.skip("nginx is not installed (the CI installs Debian's package)")
    if not shared_cache.redis_reachable():
        pytest.skip(f"no Redis at {shared_cache.REDIS_TEST_URL} (CI has one)")
    connection = postgres()
    connection.autocommit = True
    name = f"stack_faults_{uuid.uuid4().hex[:10]}"
    bucket = f"stack-faults-{uuid.uuid4().hex[:10]}"
    boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", **object_storage.ACCESS
    ).create_bucket(Bucket=bucket)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    database, redis, s3 = (
        urlsplit(url) for url in [POSTGRES, shared_cache.REDIS_TEST_URL, s3_endpoint]
    )
    proxies = {
        "database": TcpProxy(database.hostname, database.port or 5432).start(),
        "cache": TcpProxy(redis.hostname, redis.port or 6379).start(),
        "storage": TcpProxy(s3.hostname, s3.port).start(),
    }
    run = tempfile.mkdtemp(prefix="stack-faults-")
    env = {
        **production_environment(
            name,
            database_url=through(database, proxies["database"], path=f"/{name}"),
            redis_url=through(redis, proxies["cache"]),
            bucket=bucket,
            s3_endpoint=f"http://{proxies['storage'].address}",
            static_root=f"{run}/static",
        ),
        # Behind nginx, which hands downloads to its internal location.
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_DOWNLOADS_X_ACCEL_PREFIX": "/protected-media/",
    }
    servers = []
    try:
        manage = [sys.executable, "manage.py"]
        for command in [["migrate", "--no-input"], ["collectstatic", "--no-input"]]:
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True,
                           capture_output=True, timeout=600)  # fmt: skip
        made = subprocess.run([*manage, "shell", "--no-imports", "-c", SETUP], cwd=ROOT, env=env,
                              check=True, capture_output=True, text=True, timeout=120)  # fmt: skip
        urls = json.loads(made.stdout.strip().splitlines()[-1])

        app_port = free_port()
        log = open(f"{run}/gunicorn.log", "w+")  # noqa: SIM115 (open while the server runs)
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "khartoum.wsgi", "--bind", f"127.0.0.1:{app_port}",
             "--worker-class", "gthread", "--workers", "1", "--threads", "4", "--timeout", "30"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        servers.append(gunicorn)
        wait_for(f"http://127.0.0.1:{app_port}/health/", gunicorn, log)
        proxies["app"] = TcpProxy("127.0.0.1", app_port).start()

        listen = f"127.0.0.1:{free_port()}"
        subprocess.run(
            [*manage, "nginx_config", "--listen", listen, "--app", proxies["app"].address,
             "--run-dir", run, "--user", pwd.getpwuid(os.getuid()).pw_name,
             "--output", f"{run}/nginx.conf"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        nginx_log = open(f"{run}/nginx.out", "w+")  # noqa: SIM115
        nginx = subprocess.Popen(
            [shutil.which("nginx"), "-c", f"{run}/nginx.conf", "-e", f"{run}/error.log",
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=nginx_log,
        )  # fmt: skip
        servers.append(nginx)
        site = f"http://{listen}"
        wait_for(f"{site}/health/", nginx, nginx_log)
        yield {"site": site, "proxies": proxies, **urls}
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for proxy in proxies.values():
            proxy.stop()
        shutil.rmtree(run, ignore_errors=True)
        forget(connection, name)


@pytest.fixture
def deadline():
    started = time.monotonic()
    yield
    assert time.monotonic() - started < TEST_SECONDS


@pytest.fixture
def away(stack):
    """Cut a service's proxy for the test; always restored after it."""
    cut = []

    def take_away(service):
        stack["proxies"][service].cut()
        cut.append(service)

    yield take_away
    for service in cut:
        if not stack["proxies"][service].running:
            stack["proxies"][service].restore()


def test_without_the_object_store_pages_serve_and_downloads_get_the_sites_503(
    stack, away, deadline
):
    site = stack["site"]
    status, headers, body = get(site + stack["download"])
    assert (status, body) == (HTTPStatus.OK, PDF_BYTES)
    assert headers.get_all("Content-Disposition") == ['inline; filename="conclusions.pdf"']
    assert headers["Accept-Ranges"] == "bytes"
    # The site's validator and security headers, not the object store's.
    assert headers.get_all("ETag") == [f'"{stack["sha256"]}"']
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"

    away("storage")
    for page in [stack["meeting"], stack["document"], "/documents/"]:
        assert get(site + page)[0] == HTTPStatus.OK, page
    unavailable = get(site + stack["download"])
    assert_sites_503(unavailable)
    # Nothing of the file's answer that would make a browser save the page as the file.
    assert "Content-Disposition" not in unavailable[1]
    assert_sites_503(get(f"{site}/fr{stack['download']}"), language="fr")
    assert_sites_503(get(f"{site}/ar{stack['download']}"), language="ar")
    status, _, body = get(f"{site}/health/")
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert json.loads(body)["checks"] == {
        "database": "ok",
        "cache": "ok",
        "storage": "unavailable",
    }

    stack["proxies"]["storage"].restore()
    (status, _, body), _ = until(site + stack["download"], HTTPStatus.OK)
    assert (status, body) == (HTTPStatus.OK, PDF_BYTES)


def test_without_an_app_server_nginx_answers_with_the_sites_503(stack, away, deadline):
    site = stack["site"]
    away("app")
    assert_sites_503(get(f"{site}/meetings/"))
    assert_sites_503(get(f"{site}/fr/meetings/"), language="fr")
    arabic = get(f"{site}/ar/")
    assert_sites_503(arabic, language="ar")
    assert 'dir="rtl"' in arabic[2].decode()
    # The page's stylesheet comes from nginx, which has it without the app servers.
    stylesheet = re.search(r'href="(/static/css/site[^"]*\.css)"', arabic[2].decode()).group(1)
    assert get(site + stylesheet)[0] == HTTPStatus.OK

    stack["proxies"]["app"].restore()
    (status, _, _), _ = until(f"{site}/meetings/", HTTPStatus.OK)
    assert status == HTTPStatus.OK


def test_without_postgresql_cached_pages_serve_others_get_a_503_and_the_site_comes_back(
    stack, away, deadline
):
    site = stack["site"]
    for _ in range(2):  # rendered, then served from the page cache
        status, _, page = get(f"{site}/meetings/")
        assert status == HTTPStatus.OK

    away("database")
    status, _, page = get(f"{site}/meetings/")
    assert status == HTTPStatus.OK
    assert stack["meeting_title"].encode() in page
    # Pages never rendered before, so in no cache.
    assert_sites_503(get(site + stack["uncached_meeting"]))
    assert_sites_503(get(f"{site}/documents/?sort=title&outage=database"))
    assert_sites_503(get(f"{site}/fr{stack['uncached_meeting']}"), language="fr")
    status, _, body = get(f"{site}/health/")
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert json.loads(body)["checks"]["database"] == "unavailable"
    # Visitors side by side, for a moment: the cached page every time, the others a 503,
    # never a server error.
    results = {}
    visitors = [
        threading.Thread(target=visit, args=(site + page, 2, results.setdefault(page, [])))
        for page in ["/meetings/", stack["uncached_meeting"]]
        for _ in range(3)
    ]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join(timeout=REQUEST_SECONDS + 5)
    assert set(results["/meetings/"]) == {HTTPStatus.OK}
    assert set(results[stack["uncached_meeting"]]) == {HTTPStatus.SERVICE_UNAVAILABLE}

    stack["proxies"]["database"].restore()
    (status, _, page), waited = until(site + stack["uncached_meeting"], HTTPStatus.OK)
    assert status == HTTPStatus.OK, f"still {status} {waited:.1f} s after PostgreSQL came back"
    assert b"Ministerial conference in Rome" in page
    assert get(f"{site}/health/")[0] == HTTPStatus.OK


def test_without_redis_pages_are_rendered_afresh_and_the_cache_comes_back(stack, away, deadline):
    site = stack["site"]
    away("cache")
    for page in ["/meetings/", stack["document"], "/documents/?outage=cache"]:
        status, _, body = get(site + page)
        assert status == HTTPStatus.OK, (page, body[:300])
    status, _, body = get(f"{site}/health/")
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert json.loads(body)["checks"] == {"database": "ok", "cache": "unavailable", "storage": "ok"}

    stack["proxies"]["cache"].restore()
    (status, _, _), waited = until(f"{site}/health/", HTTPStatus.OK)
    assert status == HTTPStatus.OK, f"still {status} {waited:.1f} s after Redis came back"
