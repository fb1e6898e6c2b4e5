"""End-to-end tests in headless Chromium, driven by Playwright against pytest-django's live
server.

The browser is Debian's `chromium` package, never Playwright's own download. Without it every
test here is skipped with one line saying how to install it.

One Chromium runs for the whole package and one page is reused from test to test: launching
is the slow part. Every test here is marked `browser` and put in one xdist group, so that
`make test` (`--dist loadgroup`) runs them one after the other on a single worker.

Two things make the live server and the sync API work together:

- The live server answers from its own thread and database connection, so a test's rows must
  be committed before the browser asks for them: pytest-django gives every test that uses
  `live_server` the `transactional_db` fixture (tables emptied after each test) rather than a
  rolled-back transaction.
- Playwright's sync API runs an asyncio event loop on this thread, parked in a greenlet
  whenever our code runs. Django's ORM sees a running loop and refuses to run
  (SynchronousOnlyOperation), a guard against blocking a loop that other coroutines share.
  Here nothing else ever runs on that loop while the test's own code does, so the guard is
  switched off with DJANGO_ALLOW_ASYNC_UNSAFE for exactly as long as the browser runs, and
  the loop is stopped with it: the tests that run on this worker afterwards keep the guard.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.browser.record import make_record

HERE = Path(__file__).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NO_CHROMIUM = "The browser tests need Chromium: apt-get install chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}

# The interface's languages: each public page is checked in every one of them.
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Every test skipped for want of Chromium is reported at one place, so `-rs` sums them
    up in one line rather than one per test."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and NO_CHROMIUM in report.longrepr[2]:
        report.longrepr = (__file__, None, NO_CHROMIUM)
    return report


@pytest.fixture(scope="package")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture(scope="package")
def browser_context(browser):
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """The package's one page, signed out, at 1280 px and without reduced motion."""
    browser_context.clear_cookies()
    page = browser_context.pages[0] if browser_context.pages else browser_context.new_page()
    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="screen", reduced_motion="no-preference")
    yield page
    page.goto("about:blank")


@pytest.fixture
def visitor(browser):
    """A second, signed-out browser: what the public sees while staff are signed in."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def site(live_server):
    """Addresses on the live server, built with reverse() in the language asked for."""

    class Site:
        url = live_server.url

        def __call__(self, name, *args, language=None, query="", **kwargs):
            with translation.override(language or settings.LANGUAGE_CODE):
                path = reverse(name, args=args, kwargs=kwargs)
            return f"{live_server.url}{path}{'?' + query if query else ''}"

    return Site()


def sign_in(page, site, user, password="a-long-test-password"):
    """Through the admin's own sign-in form, as an officer does."""
    page.goto(site("admin:login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site("admin:index"))


@pytest.fixture
def record(transactional_db):
    """The published meetings and documents the public pages are walked through with."""
    return make_record()
