"""Production settings: Django's deployment check passes, and each security setting does what
the README says. Each case starts the settings afresh in a process of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "khartoumprocess.example.org",
}
SHOWN = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_REPORT_ONLY",
]


def environment(**env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return {**clean, **env}


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_with(**env):
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SHOWN!r}}}, default=str))"
    )
    result = manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_deploy_check_passes_without_a_warning_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr + result.stdout


def test_production_defaults_turn_every_protection_on():
    settings = settings_with(**PRODUCTION)

    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31536000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SECURE_HSTS_PRELOAD"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_HTTPONLY"] is True
    assert settings["SECURE_REFERRER_POLICY"] == "same-origin"
    assert settings["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert settings["X_FRAME_OPTIONS"] == "DENY"
    # X-Forwarded-Proto is trusted only when the operator says the proxy sets it.
    assert settings["SECURE_PROXY_SSL_HEADER"] is None
    assert settings["CONTENT_SECURITY_POLICY"]
    assert settings["CONTENT_SECURITY_POLICY_REPORT_ONLY"] is None


def test_a_proxy_that_sets_x_forwarded_proto_is_trusted_when_the_setting_says_so():
    settings = settings_with(**PRODUCTION, DJANGO_TRUST_X_FORWARDED_PROTO="1")

    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(
    "variable",
    ["DJANGO_SECURE_SSL_REDIRECT", "DJANGO_HSTS_INCLUDE_SUBDOMAINS"],
)
def test_a_protection_turned_off_on_purpose_leaves_the_deploy_check_clean(variable):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **{variable: "0"})

    assert result.returncode == 0, result.stdout + result.stderr


def test_hsts_preload_and_max_age_are_settings():
    settings = settings_with(**PRODUCTION, DJANGO_HSTS_SECONDS="3600", DJANGO_HSTS_PRELOAD="1")

    assert settings["SECURE_HSTS_SECONDS"] == 3600
    assert settings["SECURE_HSTS_PRELOAD"] is True


def test_no_hsts_at_all_is_a_warning_of_the_deploy_check():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, DJANGO_HSTS_SECONDS="0"
    )

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_report_only_mode_is_a_setting():
    settings = settings_with(**PRODUCTION, DJANGO_CSP_REPORT_ONLY="1")

    assert settings["CONTENT_SECURITY_POLICY"] is None
    assert settings["CONTENT_SECURITY_POLICY_REPORT_ONLY"]


def test_development_serves_plain_http_with_ordinary_cookies():
    settings = settings_with(DJANGO_DEBUG="1")

    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["CONTENT_SECURITY_POLICY"]
