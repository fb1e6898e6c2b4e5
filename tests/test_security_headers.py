"""Security headers and the Content Security Policy on every kind of response.

Public pages carry no inline script or style at all (the policy allows none there); the admin's
inline bits carry the request's nonce; downloads carry a policy of their own that allows nothing.
"""

import datetime
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from core.publishing import Status
from meetings.models import Conclusion, Participant
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
# Types of <script> that browsers never run: data blocks, which no policy needs to allow.
DATA_BLOCKS = {"application/json", "application/ld+json"}


class InlineContent(HTMLParser):
    """What a strict policy would block in a page: inline scripts and styles without a nonce,
    style attributes, event handler attributes and javascript: links."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.nonces = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        line = self.getpos()[0]
        if "style" in attrs:
            self.problems.append(f"line {line}: style attribute on <{tag}>")
        for name in attrs:
            if name.startswith("on"):
                self.problems.append(f"line {line}: event handler {name} on <{tag}>")
        if (attrs.get("href") or "").strip().lower().startswith("javascript:"):
            self.problems.append(f"line {line}: javascript: link")
        inline_script = tag == "script" and "src" not in attrs
        if (inline_script and attrs.get("type") not in DATA_BLOCKS) or tag == "style":
            if attrs.get("nonce"):
                self.nonces.add(attrs["nonce"])
            else:
                self.problems.append(f"line {line}: inline <{tag}> without a nonce")


def inline_content(response):
    reader = InlineContent()
    reader.feed(response.content.decode())
    return reader


def directives(policy):
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )


def assert_security_headers(response):
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def assert_strict_public_page(response):
    """The page has nothing inline, and its policy allows nothing inline."""
    assert_security_headers(response)
    assert response["Content-Type"].startswith("text/html")
    policy = directives(response[CSP])
    for directive in ("script-src", "style-src"):
        assert policy[directive] == "'self'", policy
    assert "'unsafe-inline'" not in response[CSP]
    assert "'unsafe-eval'" not in response[CSP]
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert inline_content(response).problems == []


@pytest.fixture
def record():
    thematic = MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    berlin = MeetingFactory(
        title="Thematic Meeting",
        slug="berlin-2017",
        meeting_type=thematic,
        start_date=datetime.date(2017, 5, 18),
        host_country="DE",
        body="<p>Opened by a <strong>Commissioner</strong>.</p><h2>Sessions</h2>",
    )
    ParticipantFactory(
        meeting=berlin, role=Participant.Role.CHAIR, organisation=OrganisationFactory()
    )
    ConclusionFactory(meeting=berlin, kind=Conclusion.Kind.NEXT_STEP)
    PhotoFactory(meeting=berlin)
    joint = DocumentFactory(title="Joint conclusions", meeting=berlin)
    file = DocumentFileFactory(document=joint, original_name="Joint conclusions.pdf")
    draft = MeetingFactory(title="Unannounced", slug="draft-meeting", status=Status.DRAFT)
    return {"meeting": berlin, "document": joint, "file": file, "draft": draft}


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "meetings",
        "meetings filtered",
        "meetings with a bad filter",
        "meetings searched",
        "search",
        "search results",
        "meeting",
        "documents",
        "documents filtered",
        "document",
        "not found",
        "missing meeting",
        "at a glance",
    ],
)
@pytest.mark.parametrize("prefix", ["", "/fr", "/ar"])
def test_each_public_page_type_has_the_headers_and_nothing_inline(client, record, name, prefix):
    url = {
        "home": "/",
        "meetings": "/meetings/",
        "meetings filtered": "/meetings/?type=thematic-meeting&year=2017&country=DE",
        "meetings with a bad filter": "/meetings/?year=abc",
        "meetings searched": "/meetings/?q=smuggling",
        "search": "/search/",
        "search results": "/search/?q=smuggling",
        "meeting": record["meeting"].get_absolute_url(),
        "documents": "/documents/",
        "documents filtered": f"/documents/?meeting={record['meeting'].slug}",
        "document": record["document"].get_absolute_url(),
        "not found": "/no-such-page/",
        "missing meeting": "/meetings/no-such-meeting/",
        "at a glance": "/at-a-glance/",
    }[name]

    response = client.get(prefix + url)

    assert response.status_code in {HTTPStatus.OK, HTTPStatus.NOT_FOUND}
    assert_strict_public_page(response)


def test_staff_see_drafts_with_nothing_inline_either(admin_client, record):
    response = admin_client.get(record["draft"].get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert_strict_public_page(response)


# Error pages: in the site's style, strict, and saying nothing of the server.


def test_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"This page could not be found" in response.content
    assert b'class="site-header"' in response.content
    assert_strict_public_page(response)


@pytest.mark.urls("tests.error_urls")
def test_server_error_page_tells_nothing_of_the_failure(settings):
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'class="site-header"' in page
    assert "/static/css/site.css" in page
    for secret in ("SECRET-DETAIL", "RuntimeError", "Traceback", settings.SECRET_KEY, "DATABASES"):
        assert secret not in page
    assert_strict_public_page(response)


def test_bad_request_page_for_a_host_the_site_does_not_serve(client):
    response = client.get("/", HTTP_HOST="attacker.example.net")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert "This request could not be understood" in page
    assert 'class="site-header"' in page
    assert "attacker.example.net" not in page
    assert "ALLOWED_HOSTS" not in page
    assert_strict_public_page(response)


def test_forbidden_page(editor_client):
    # Users are the administrators' business; an editor may not even see the list.
    response = editor_client.get(reverse("admin:auth_user_changelist"))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"You may not do this" in response.content
    assert b'class="site-header"' in response.content
    assert_strict_public_page(response)


def test_csrf_failure_page_explains_and_tells_nothing_technical(client, editor_user):
    checked = Client(enforce_csrf_checks=True)
    checked.get(reverse("admin:login"))  # sets the CSRF cookie, as a browser would

    response = checked.post(
        reverse("admin:login"), {"username": "editor", "password": "a-long-test-password"}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    page = response.content.decode()
    assert "The form could not be sent" in page
    assert "security check did not match" in page
    assert 'class="site-header"' in page
    for technical in ("CSRF token", "CSRF_", "Help", "reason"):
        assert technical not in page
    assert_strict_public_page(response)


def test_csrf_failure_without_the_cookie_says_to_allow_cookies():
    response = Client(enforce_csrf_checks=True).post(reverse("admin:login"), {})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"Allow cookies for this site" in response.content


# The admin: its inline bits carry the nonce of the request's policy.


def page_html(response):
    return response.content.decode()


def nonce_of(response):
    match = re.search(r"'nonce-([^']+)'", response[CSP])
    return match and match.group(1)


def test_admin_login_has_the_headers_and_nothing_inline(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == HTTPStatus.OK
    assert_security_headers(response)
    assert "'unsafe-inline'" not in response[CSP]
    assert inline_content(response).problems == []


def test_admin_change_form_with_the_editor_gives_its_import_map_the_nonce(
    secretariat_client, record
):
    meeting = record["meeting"]

    response = secretariat_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))

    assert response.status_code == HTTPStatus.OK
    assert_security_headers(response)
    assert "'unsafe-inline'" not in response[CSP]
    nonce = nonce_of(response)
    assert nonce
    page = inline_content(response)
    assert page.problems == []
    assert page.nonces == {nonce}
    # The editor finds its base style's marker, nonced, and injects no style of its own.
    assert re.search(
        rf'<style data-tiptap-style="" nonce="{re.escape(nonce)}">', page_html(response)
    )
    assert re.search(
        rf'<script[^>]* nonce="{re.escape(nonce)}"[^>]* type="importmap"', response.content.decode()
    ) or re.search(
        rf'<script[^>]* type="importmap"[^>]* nonce="{re.escape(nonce)}"', response.content.decode()
    )


def test_each_request_gets_a_new_nonce(secretariat_client, record):
    url = reverse("admin:meetings_meeting_change", args=[record["meeting"].pk])

    first, second = (nonce_of(secretariat_client.get(url)) for _ in range(2))

    assert first and second and first != second


@pytest.mark.parametrize(
    "url_name", ["admin:meetings_meeting_add", "admin:documents_document_add", "admin:index"]
)
def test_other_admin_pages_have_nothing_inline_without_a_nonce(secretariat_client, url_name):
    response = secretariat_client.get(reverse(url_name))

    assert response.status_code == HTTPStatus.OK
    assert_security_headers(response)
    assert "'unsafe-inline'" not in response[CSP]
    assert inline_content(response).problems == []


def test_history_pages_have_nothing_inline(secretariat_client, record):
    meeting = record["meeting"]
    url = reverse("admin:meetings_meeting_history", args=[meeting.pk])

    response = secretariat_client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert inline_content(response).problems == []


def test_audit_log_has_nothing_inline(admin_client):
    response = admin_client.get(reverse("admin:secretariat_auditlog_changelist"))

    assert response.status_code == HTTPStatus.OK
    assert inline_content(response).problems == []


# Downloads and photos: nothing in them may run or load anything.


def test_download_has_a_policy_that_allows_nothing(client, record):
    response = client.get(record["file"].get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response[CSP] == "default-src 'none'"
    assert_security_headers(response)


def test_staff_media_has_a_policy_that_allows_nothing(admin_client, record):
    response = admin_client.get(record["file"].file.url)

    assert response.status_code == HTTPStatus.OK
    assert response[CSP] == "default-src 'none'"


# Report-only mode: the same policy, reported and not enforced.


def test_report_only_mode_reports_the_same_policy_without_enforcing_it(client, settings):
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = policy

    response = client.get("/")

    assert CSP not in response
    assert directives(response[f"{CSP}-Report-Only"])["script-src"] == "'self'"


def test_the_site_is_served_over_plain_http_in_development(client, settings):
    settings.DEBUG = True

    response = client.get("/")

    assert response.status_code == HTTPStatus.OK
    assert "Strict-Transport-Security" not in response
