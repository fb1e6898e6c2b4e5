"""The anonymous page cache is always right: a change to the record shows at once, staff pages
and drafts never reach the public, browsers revalidate, and a page from the cache costs no
query when the record's version is in Redis."""

import datetime
import gzip
import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core import page_cache
from core.publishing import Status
from meetings.models import Meeting
from tests import shared_cache
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
redis_cache = shared_cache.redis_cache


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the version moving on, in Redis) as it would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def meeting():
    return MeetingFactory(title="Senior Officials Meeting in Khartoum", slug="som-khartoum")


def text(response):
    return response.content.decode()


def test_a_second_visit_is_served_from_redis_without_a_query(
    redis_cache, client, meeting, django_assert_num_queries
):
    first = client.get("/meetings/")
    with django_assert_num_queries(0):
        second = client.get("/meetings/")
    assert second.status_code == HTTPStatus.OK
    assert text(second) == text(first)
    assert "Senior Officials Meeting in Khartoum" in text(second)
    assert second.context is None  # no view ran


def test_with_the_version_in_the_database_a_hit_costs_one_query(
    client, meeting, django_assert_num_queries
):
    client.get(meeting.get_absolute_url())
    with django_assert_num_queries(1):
        assert client.get(meeting.get_absolute_url()).status_code == HTTPStatus.OK


def test_browsers_revalidate_and_an_unchanged_page_is_a_304(
    redis_cache, client, meeting, django_assert_num_queries
):
    first = client.get("/meetings/")
    assert first["Cache-Control"] == "no-cache"
    assert first["ETag"].startswith('W/"')
    assert first.has_header("Last-Modified")
    with django_assert_num_queries(0):
        again = client.get("/meetings/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert again.content == b""


@pytest.mark.parametrize("version_in", ["redis", "database"])
def test_a_save_shows_at_once(request, client, meeting, committed, version_in):
    if version_in == "redis":
        request.getfixturevalue("redis_cache")
    client.get(meeting.get_absolute_url())
    client.get("/meetings/")
    with committed():
        meeting.title = "Khartoum Process Steering Committee"
        meeting.save()
    assert "Khartoum Process Steering Committee" in text(client.get(meeting.get_absolute_url()))
    assert "Khartoum Process Steering Committee" in text(client.get("/meetings/"))


def test_publishing_with_the_admin_list_action_shows_at_once(
    redis_cache, client, committed, publisher_client_of_its_own
):
    draft = MeetingFactory(title="Regional Operational Centre launch", status=Status.DRAFT)
    assert "Regional Operational Centre launch" not in text(client.get("/meetings/"))
    with committed():
        publisher_client_of_its_own.post(
            "/admin/meetings/meeting/", {"action": "publish", "_selected_action": [draft.pk]}
        )
    assert "Regional Operational Centre launch" in text(client.get("/meetings/"))


def test_unpublishing_and_deleting_show_at_once(redis_cache, client, meeting, committed):
    document = DocumentFactory(title="Joint conclusions of the Khartoum SOM")
    assert client.get(meeting.get_absolute_url()).status_code == HTTPStatus.OK
    assert client.get(document.get_absolute_url()).status_code == HTTPStatus.OK
    with committed():
        meeting.status = Status.DRAFT
        meeting.save()
    assert client.get(meeting.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    address = document.get_absolute_url()
    with committed():
        document.delete()
    assert client.get(address).status_code == HTTPStatus.NOT_FOUND


def test_a_scheduled_publication_shows_at_its_second(redis_cache, client):
    moment = datetime.datetime(2030, 3, 2, 9, tzinfo=datetime.UTC)
    MeetingFactory(title="Thematic meeting on smuggling", publish_at=moment)
    with time_machine.travel(moment - datetime.timedelta(seconds=1), tick=False) as clock:
        assert "Thematic meeting on smuggling" not in text(client.get("/meetings/"))
        assert "Thematic meeting on smuggling" not in text(client.get("/meetings/"))
        clock.move_to(moment)
        assert "Thematic meeting on smuggling" in text(client.get("/meetings/"))


def test_a_change_made_through_another_server_process_shows_at_once(redis_cache, client, meeting):
    """The version is in Redis, not in a process's memory: another process moves it on."""
    client.get(meeting.get_absolute_url())
    # Written without a signal: the page stays as cached until the version moves on.
    Meeting.objects.filter(pk=meeting.pk).update(title="Renamed without a signal")
    assert "Renamed without a signal" not in text(client.get(meeting.get_absolute_url()))
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
    assert "Renamed without a signal" in text(client.get(meeting.get_absolute_url()))


# Staff and sessions: the staff bar and drafts never reach the public.


@pytest.fixture
def publisher_client_of_its_own(secretariat_user):
    staff = Client()
    staff.force_login(secretariat_user)
    return staff


def test_a_page_rendered_for_staff_is_never_served_to_the_public(
    redis_cache, publisher_client_of_its_own, meeting
):
    draft = MeetingFactory(title="Draft: Khartoum SOM in Asmara", status=Status.DRAFT)
    for _ in range(2):
        staff_draft = publisher_client_of_its_own.get(draft.get_absolute_url())
        staff_page = publisher_client_of_its_own.get(meeting.get_absolute_url())
    assert "Draft: Khartoum SOM in Asmara" in text(staff_draft)
    assert "staff-bar" in text(staff_page)
    assert "private" in staff_page["Cache-Control"]
    public = Client()
    assert public.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert "staff-bar" not in text(public.get(meeting.get_absolute_url()))


def test_staff_never_get_the_public_cached_page(redis_cache, publisher_client_of_its_own, meeting):
    Client().get(meeting.get_absolute_url())
    Client().get(meeting.get_absolute_url())
    staff = publisher_client_of_its_own.get(meeting.get_absolute_url())
    assert "staff-bar" in text(staff)
    assert staff.context is not None  # rendered for them


def test_a_response_that_sets_a_cookie_or_varies_on_it_is_never_stored():
    page = HttpResponse("<p>A page</p>")
    assert page_cache.storable(page)
    with_cookie = HttpResponse("<p>A page</p>")
    with_cookie.set_cookie("csrftoken", "secret")
    varies = HttpResponse("<p>A page</p>")
    varies["Vary"] = "Accept-Language, Cookie"
    private = HttpResponse("<p>A page</p>")
    private["Cache-Control"] = "private"
    handed_to_nginx = HttpResponse()
    handed_to_nginx["X-Accel-Redirect"] = "/protected-media/report.pdf"
    photo = HttpResponse(b"RIFF", content_type="image/webp")
    assert not any(
        page_cache.storable(response)
        for response in [with_cookie, varies, private, handed_to_nginx, photo]
    )


def test_no_public_page_sets_a_cookie(redis_cache, client, meeting):
    document = DocumentFactory()
    for url in [
        "/",
        "/meetings/",
        meeting.get_absolute_url(),
        "/documents/",
        document.get_absolute_url(),
        "/search/?q=Khartoum",
        "/meetings/feed.atom",
        "/meetings/calendar.ics",
        "/sitemap.xml",
    ]:
        for _ in range(2):  # rendered, then from the cache
            response = client.get(url)
            assert response.status_code == HTTPStatus.OK, url
            assert not response.cookies, url
            assert "Set-Cookie" not in response, url


def test_pages_are_compressed_for_clients_that_accept_it(redis_cache, client, meeting):
    plain = client.get("/meetings/")
    compressed = client.get("/meetings/", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    for response in (plain, compressed):
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Length"] == str(len(response.content))


@pytest.mark.parametrize(
    "accept_encoding", ["gzip;q=0", "gzip; q=0.0, br", "identity", "*;q=0", "br, gzip;q=oops"]
)
def test_a_client_that_refuses_gzip_gets_the_page_uncompressed(
    redis_cache, client, meeting, accept_encoding
):
    client.get("/meetings/")  # stored
    response = client.get("/meetings/", headers={"Accept-Encoding": accept_encoding})
    assert "Content-Encoding" not in response
    assert b"<html" in response.content


@pytest.mark.parametrize("accept_encoding", ["gzip;q=0.5", "*", "br;q=1, *;q=0.1", "GZIP"])
def test_gzip_allowed_by_weight_or_by_a_star_is_used(redis_cache, client, meeting, accept_encoding):
    client.get("/meetings/")
    response = client.get("/meetings/", headers={"Accept-Encoding": accept_encoding})
    assert response["Content-Encoding"] == "gzip"


def test_the_key_names_the_day_and_the_address(rf):
    request = rf.get("/meetings/?page=2")
    with time_machine.travel(datetime.datetime(2030, 3, 2, 23, 59, tzinfo=datetime.UTC)):
        today = page_cache.page_key(request)
    with time_machine.travel(datetime.datetime(2030, 3, 3, 0, 1, tzinfo=datetime.UTC)):
        tomorrow = page_cache.page_key(request)
        other_page = page_cache.page_key(rf.get("/meetings/?page=3"))
    assert len({today, tomorrow, other_page}) == 3


def test_a_head_request_is_answered_from_the_cached_page(redis_cache, client, meeting):
    client.get("/meetings/")
    head = client.head("/meetings/")
    assert head.status_code == HTTPStatus.OK
    assert head["ETag"]


def test_without_redis_pages_are_served_uncached(client, meeting, monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(page_cache, "read", unreachable)
    response = client.get("/meetings/")
    assert response.status_code == HTTPStatus.OK
    assert "Senior Officials Meeting in Khartoum" in text(response)
    assert "Page cache unavailable" in caplog.text


def test_the_admin_and_the_api_are_never_cached(redis_cache, client, meeting):
    for url in ["/api/meetings/", "/admin/login/"]:
        client.get(url)
        assert "ETag" not in client.get(url) or url.startswith("/api/")
        assert not any(key.startswith("page:") for key in cached_keys(redis_cache))


def cached_keys(prefix):
    """The keys of the test's entries, without the prefix, Django's version and the release."""
    connection = shared_cache.redis_client()
    return [key.decode().split(":", 3)[3] for key in connection.scan_iter(match=f"{prefix}:*:*:*")]


def test_each_language_has_its_own_entry_and_english_ignores_the_browser(redis_cache, meeting):
    french_browser = Client(headers={"accept-language": "fr"})
    english = text(french_browser.get("/meetings/"))
    assert '<html lang="en"' in english
    # The French browser's visit stored the English page, which is what an English browser
    # is given, from the cache: one entry for the unprefixed address, whatever the browser.
    assert Client().get("/meetings/").context is None
    assert text(Client().get("/meetings/")) == english
    french = Client().get("/fr/meetings/")
    assert french.context is not None  # not the English entry
    assert '<html lang="fr"' in text(french)
    assert '<html lang="ar"' in text(Client(headers={"accept-language": "fr"}).get("/ar/meetings/"))
    assert page_cache.page_key(RequestFactory().get("/meetings/", HTTP_ACCEPT_LANGUAGE="fr")) == (
        page_cache.page_key(RequestFactory().get("/meetings/", HTTP_ACCEPT_LANGUAGE="en"))
    )


def test_a_visitor_who_chose_french_is_redirected_not_served_the_cached_english(
    redis_cache, meeting
):
    assert Client().get("/meetings/").status_code == HTTPStatus.OK  # now in the cache
    chose_french = Client()
    chose_french.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = chose_french.get("/meetings/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/fr/meetings/"
    # Nor is the redirect stored for others.
    assert Client().get("/meetings/").status_code == HTTPStatus.OK
    chose_english = Client()
    chose_english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert chose_english.get("/meetings/").status_code == HTTPStatus.OK
