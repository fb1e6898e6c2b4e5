"""The shared cache: with REDIS_URL the cache and the record's version live in Redis, where
every server process reads the same number; changes move it on, download counts do not."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache

from core import record_version as record
from core.publishing import Status
from core.redis_cache import ResilientRedisCache
from meetings.models import Meeting
from tests import shared_cache
from tests.documents.test_download_counts import BROWSER
from tests.factories import DocumentFileFactory, MeetingFactory
from tests.test_production_settings import manage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
redis_cache = shared_cache.redis_cache


def test_with_redis_url_the_cache_and_sessions_are_shared():
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, "
        "settings.RECORD_VERSION_IN_CACHE, settings.SESSION_CACHE_ALIAS)"
    )
    shared = manage("shell", "--no-imports", "-c", code, REDIS_URL="redis://cache.internal:6379/0")
    local = manage("shell", "--no-imports", "-c", code)
    assert shared.stdout.split() == [
        "core.redis_cache.ResilientRedisCache",
        "django.contrib.sessions.backends.cached_db",
        "True",
        "durable",
    ]
    assert local.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
        "False",
        "default",
    ]


def test_the_version_is_read_from_redis_not_from_the_database(
    redis_cache, django_assert_num_queries
):
    version = record.record_version()
    with django_assert_num_queries(0):
        assert record.record_version() == version


def test_a_change_made_by_another_process_is_seen_at_once(redis_cache):
    """Another server process (here a Python process of its own) moves the number on."""
    version = record.record_version()
    code = (
        "import django; django.setup(); from core import record_version as record; "
        "record.next_publication_after = lambda moment: None; record.record_changed()"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khartoum.settings",
        "DATABASE_URL": "sqlite:///:memory:",  # the version alone is written
        "REDIS_URL": shared_cache.REDIS_TEST_URL,
        "DJANGO_CACHE_KEY_PREFIX": redis_cache,
    }
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)
    assert record.record_version() == version + 1


def test_a_save_moves_the_version_on_once_committed(
    redis_cache, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    version = record.record_version()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title = "Khartoum Process Steering Committee"
        meeting.save()
        # Not before the commit: a request reading the new number must find the new content.
        assert record.record_version() == version
    assert record.record_version() == version + 1


def test_the_admin_list_actions_move_the_version_on(
    redis_cache, publisher_client, django_capture_on_commit_callbacks
):
    meetings = MeetingFactory.create_batch(2, status=Status.DRAFT)
    version = record.record_version()
    with django_capture_on_commit_callbacks(execute=True):
        publisher_client.post(
            "/admin/meetings/meeting/",
            {"action": "publish", "_selected_action": [m.pk for m in meetings]},
        )
    assert set(Meeting.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert record.record_version() > version


def test_a_download_does_not_move_the_version_on(
    redis_cache, client, django_capture_on_commit_callbacks
):
    document_file = DocumentFileFactory()
    version = record.record_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(document_file.get_absolute_url(), headers={"User-Agent": BROWSER})
        b"".join(response.streaming_content)
    assert document_file.tallies.get().count == 1
    assert record.record_version() == version


def test_a_scheduled_publication_moves_the_version_on_when_its_time_comes(redis_cache):
    moment = datetime.datetime(2030, 1, 1, 10, tzinfo=datetime.UTC)
    MeetingFactory(publish_at=moment)
    with time_machine.travel(moment - datetime.timedelta(seconds=1), tick=False) as clock:
        version = record.record_version()
        assert record.record_version() == version
        clock.move_to(moment)
        assert record.record_version() == version + 1
        assert record.record_version() == version + 1


def test_a_lost_version_starts_again_above_every_number_used(redis_cache):
    version = record.record_version()
    cache.delete(record.VERSION_KEY)
    assert record.record_version() > version


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The shared cache on a port where nothing answers."""
    monkeypatch.setattr(ResilientRedisCache, "_last_report", 0.0)
    away = {
        "BACKEND": "core.redis_cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    settings.CACHES = {**settings.CACHES, "default": away, "durable": away}
    settings.RECORD_VERSION_IN_CACHE = True
    settings.PAGE_CACHE_SECONDS = 600
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "durable"


def test_without_redis_the_site_serves_uncached(redis_down, client, caplog):
    meeting = MeetingFactory(title="Khartoum SOM in Asmara")
    for url in ["/", "/meetings/", meeting.get_absolute_url(), "/documents/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Khartoum SOM in Asmara" in client.get("/meetings/").content.decode()
    assert "The shared cache does not answer" in caplog.text


def test_without_redis_staff_stay_signed_in(redis_down, secretariat_user):
    from django.test import Client

    staff = Client()
    staff.force_login(secretariat_user)
    assert staff.get("/admin/").status_code == 200


def test_without_redis_health_says_so(redis_down, client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "unavailable"
