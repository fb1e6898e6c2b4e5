"""Logs are JSON lines, each with the request's id; events carry the user and the path, and
nothing secret: no password, no one-time code, no session key."""

import io
import json
import logging
import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.logs import JsonFormatter, RequestFilter
from core.publishing import Status
from tests.factories import MeetingFactory

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def log_lines():
    """What the production handler writes, as the list of its parsed lines and its raw text."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    handler.setFormatter(JsonFormatter(**options))
    handler.addFilter(RequestFilter())
    root = logging.getLogger()
    root.addHandler(handler)

    def read():
        text = stream.getvalue()
        return [json.loads(line) for line in text.splitlines()], text

    yield read
    root.removeHandler(handler)


def events(lines, name):
    return [line for line in lines if line.get("event") == name]


def test_a_failed_sign_in_is_one_json_line_without_the_password(client, log_lines, editor_user):
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "Secret-Guess-0417", "next": "/admin/"},
    )
    lines, text = log_lines()
    (failed,) = events(lines, "login.failed")
    assert failed["username"] == "editor"
    assert failed["level"] == "WARNING"
    assert failed["path"] == reverse("admin:login")
    assert failed["request_id"] == response["X-Request-ID"]
    assert "Secret-Guess-0417" not in text


def test_a_sign_in_is_logged_with_the_user_and_no_session_key(client, log_lines, editor_user):
    client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "a-long-test-password", "next": "/admin/"},
    )
    lines, text = log_lines()
    (signed_in,) = events(lines, "login.succeeded")
    assert signed_in["user_id"] == editor_user.pk
    assert client.cookies[settings.SESSION_COOKIE_NAME].value not in text
    assert "a-long-test-password" not in text


def test_a_lockout_is_logged(db, client, log_lines):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "someone", "password": "wrong-guess-9"})
    lines, text = log_lines()
    (locked,) = events(lines, "login.locked_out")
    assert locked["username"] == "someone"
    assert "wrong-guess-9" not in text


def test_a_second_factor_code_is_never_logged(settings, client, log_lines, secretariat_user):
    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code straight after a wrong one
    device = TOTPDevice.objects.create(user=secretariat_user, name="Phone", confirmed=True)
    client.post(
        reverse("admin:login"), {"username": "publisher", "password": "a-long-test-password"}
    )
    code = f"{TOTP(device.bin_key).token():06d}"
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    client.post(reverse("two-factor-verify"), {"code": wrong})
    client.post(reverse("two-factor-verify"), {"code": code})
    lines, text = log_lines()
    assert [line["event"] for line in lines if line.get("event", "").startswith("login.sec")] == [
        "login.second_factor.failed",
        "login.second_factor.succeeded",
    ]
    assert code not in text and wrong not in text


def test_a_request_error_is_logged_with_its_status_path_and_id(db, client, log_lines):
    response = client.get("/meetings/no-such-meeting/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    lines, _ = log_lines()
    (error,) = [line for line in lines if line["logger"] == "django.request"]
    assert error["status"] == HTTPStatus.NOT_FOUND
    assert error["path"] == "/meetings/no-such-meeting/"
    assert error["request_id"] == response["X-Request-ID"]
    assert error["user_id"] is None


def test_a_host_the_site_does_not_serve_is_a_warning_without_a_traceback(db, client, log_lines):
    response = client.get("/meetings/", HTTP_HOST="attacker.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    lines, text = log_lines()
    (line,) = [line for line in lines if line["logger"] == "django.security.DisallowedHost"]
    assert line["level"] == "WARNING"
    assert "attacker.example" in line["message"]
    assert line["request_id"] == response["X-Request-ID"]
    assert "Traceback" not in text
    assert not [line for line in lines if line["level"] in {"ERROR", "CRITICAL"}]


def test_publishing_unpublishing_and_deleting_are_logged(publisher_client, log_lines):
    meeting = MeetingFactory(status=Status.DRAFT)
    changelist = reverse("admin:meetings_meeting_changelist")
    for action in ["publish", "unpublish"]:
        publisher_client.post(changelist, {"action": action, "_selected_action": [meeting.pk]})
    publisher_client.post(
        reverse("admin:meetings_meeting_delete", args=[meeting.pk]),
        {"post": "yes", "documents": "delete"},
    )
    lines, _ = log_lines()
    logged = [
        (line["event"], line["object_id"], line["user_id"])
        for line in lines
        if line.get("event", "").startswith("content.")
    ]
    user_id = publisher_client.session["_auth_user_id"]
    assert logged == [
        ("content.published", meeting.pk, int(user_id)),
        ("content.unpublished", meeting.pk, int(user_id)),
        ("content.deleted", meeting.pk, int(user_id)),
    ]


def test_scheduling_on_the_change_form_is_logged(publisher_client, log_lines):
    from tests.core.test_workflow import form_data, meeting_url

    meeting = MeetingFactory(status=Status.DRAFT)
    data = form_data(publisher_client.get(meeting_url(meeting)), "meeting_form")
    data.update({"status": Status.PUBLISHED, "publish_at_0": "01/01/2099", "publish_at_1": "09:00"})
    response = publisher_client.post(meeting_url(meeting), data)
    assert response.status_code == HTTPStatus.FOUND
    lines, _ = log_lines()
    (scheduled,) = events(lines, "content.scheduled")
    assert scheduled["model"] == "meetings.meeting"
    assert scheduled["publish_at"].startswith("2099-01-01T09:00")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("3f2a9c1e-77b1-4c3e-9d8a-0c1b2a3d4e5f", True),
        ("nginx-0123456789abcdef", True),
        ("evil\ninjected", False),
        ("x" * 300, False),
        ('"}{"level":"ERROR', False),
    ],
)
def test_a_sane_incoming_request_id_is_kept_and_any_other_replaced(client, given, kept):
    response = client.get("/", HTTP_X_REQUEST_ID=given)
    assert (response["X-Request-ID"] == given) is kept
    assert len(response["X-Request-ID"]) <= 128


def test_production_logs_json_and_requires_a_second_factor():
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k" * 50)
    script = (
        "import django, logging; django.setup();"
        "from django.conf import settings as s;"
        "print(s.LOGGING['handlers']['console']['formatter'], s.REQUIRE_2FA);"
        "logging.getLogger('khartoum.events').warning('hello', extra={'event': 'x'})"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "khartoum.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["json", "True"], result.stderr
    # Every line is JSON, the libraries' own included.
    lines = [json.loads(text) for text in result.stderr.splitlines()]
    (line,) = [line for line in lines if line["logger"] == "khartoum.events"]
    assert (line["logger"], line["level"], line["message"]) == (
        "khartoum.events",
        "WARNING",
        "hello",
    )
