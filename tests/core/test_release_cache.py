"""A deploy shows its own templates at once: nothing rendered by the release before it is
served, neither whole pages nor the rows, filter forms, search results and header cached
inside them."""

from http import HTTPStatus

import pytest
from django.conf import settings

from core import record_version as record
from core.redis_cache import release
from tests import shared_cache
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db
redis_cache = shared_cache.redis_cache

# Each rendered part of a page that a cache keeps, and an anchor in it to mark (base.html:
# inside the site's header, a fragment cached apart).
MARKED = {
    "includes/meeting_card.html": "{% load i18n site_tags %}",
    "includes/document_row.html": "{% load i18n site_tags %}",
    "includes/filter_form.html": "{% load i18n %}",
    "includes/search_results.html": "{% load i18n %}",
    "base.html": 'using="fragments" %}',
}


def marker(name):
    return f"<!-- next release: {name} -->"


@pytest.fixture
def deployed(settings):
    """deploy(name, template folders): another release, as a deploy would bring."""

    def deploy(name, template_dirs=None):
        settings.PAGE_CACHE_RELEASE = name
        release.cache_clear()
        if template_dirs:
            settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": template_dirs}]

    yield deploy
    release.cache_clear()


@pytest.fixture
def next_templates(tmp_path):
    """A copy of the site's templates whose cached parts each say they are the next release's."""
    folder = tmp_path / "templates"
    for name, anchor in MARKED.items():
        text = (settings.BASE_DIR / "templates" / name).read_text()
        assert anchor in text, name
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text.replace(anchor, anchor + marker(name), 1))
    return folder


@pytest.fixture
def production_caches(settings):
    """Pages, and the header cached apart, as in production (both off while developing)."""
    settings.PAGE_CACHE_SECONDS = 600
    fragments = {
        **settings.CACHES["fragments"],
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    }
    settings.CACHES = {**settings.CACHES, "fragments": fragments}


@pytest.fixture(params=["memory", "redis"])
def store(request):
    """Each process's memory, as on a laptop, or Redis, as in production."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")


def test_a_new_release_shows_its_templates_on_every_cached_page(
    store, client, deployed, next_templates, production_caches
):
    meeting = MeetingFactory(title="Senior Officials Meeting in Khartoum")
    DocumentFactory(title="Khartoum Declaration", meeting=meeting)
    pages = {
        "/meetings/": ["meeting_card", "filter_form"],
        "/meetings/?q=Khartoum": ["meeting_card", "filter_form"],
        "/documents/": ["document_row", "filter_form"],
        "/documents/?q=Declaration": ["document_row", "filter_form"],
        "/search/?q=Khartoum": ["search_results"],
        meeting.get_absolute_url(): [],
    }
    deployed("one", [settings.BASE_DIR / "templates"])
    for url in pages:
        # Rendered twice: the second from every cache the first filled.
        for _ in range(2):
            page = client.get(url).content.decode()
            assert "Khartoum" in page, url
            assert "next release" not in page, url

    deployed("two", [next_templates, settings.BASE_DIR / "templates"])
    stale = []
    for url, parts in pages.items():
        page = client.get(url).content.decode()
        for part in ["base", *parts]:
            name = next(name for name in MARKED if part in name)
            if marker(name) not in page:
                stale.append((url, name))
    assert stale == []


def test_a_new_release_keeps_the_record_version_and_the_throttles_counts(
    store, client, deployed, settings
):
    settings.RECORD_VERSION_IN_CACHE = True
    settings.API_THROTTLE_RATE = "2/minute"
    deployed("one")
    version = record.record_version()
    for _ in range(2):
        assert client.get("/api/meetings/").status_code == HTTPStatus.OK
    deployed("two")
    # Servers of both releases see the same changes while both run.
    assert record.record_version() == version
    # Nor does a deploy give anyone a fresh allowance.
    assert client.get("/api/meetings/").status_code == HTTPStatus.TOO_MANY_REQUESTS
