"""Accounts: lockout after repeated failures, two-factor sign-in, sessions, `next` on site.

Every rule is exercised through the admin's real sign-in page with the test client."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignIn
from core.publishing import Status
from tests.factories import MeetingFactory

PASSWORD = "a-long-test-password"


def sign_in(client, username, password=PASSWORD, address="198.51.100.7", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, username, times, **kwargs):
    for _ in range(times):
        response = sign_in(client, username, "not-the-password", **kwargs)
        assert response.status_code in {HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS}


def app_code(device):
    """The code the user's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def reaches_admin(client):
    return client.get(reverse("admin:index")).status_code == HTTPStatus.OK


# Lockout

HERE, ELSEWHERE = "198.51.100.7", "203.0.113.50"


def test_failures_for_a_user_name_lock_it_out_from_that_address_only(client, secretariat_user):
    fail(client, "publisher", settings.LOGIN_FAILURE_LIMIT - 1)
    locked = sign_in(client, "publisher", "not-the-password")
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    page = " ".join(locked.content.decode().split())
    assert "Signing in is paused" in page
    assert "too many failed sign-ins with this user name from this address" in page
    assert "a pause lasts 30 minutes" in page and "UTC" in page
    assert "ask an administrator" in page
    # Even the right password is refused from there…
    assert sign_in(client, "publisher").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not reaches_admin(client)
    # …but not from elsewhere: failing with a name does not keep its owner out.
    elsewhere = Client()
    assert sign_in(elsewhere, "publisher", address=ELSEWHERE).status_code == HTTPStatus.FOUND
    assert reaches_admin(elsewhere)


def test_variants_of_a_user_name_count_as_that_name_from_that_address_only(
    client, secretariat_user
):
    variants = [
        " publisher",
        "publisher ",
        "\uff50\uff55\uff42\uff4c\uff49\uff53\uff48\uff45\uff52",
    ]
    for name in variants + ["publisher", " publisher\t"]:
        sign_in(client, name, "not-the-password")
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"publisher"}
    assert sign_in(client, "publisher").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert sign_in(Client(), "publisher", address=ELSEWHERE).status_code == HTTPStatus.FOUND


def test_the_sign_in_page_says_how_many_tries_are_left(client, secretariat_user):
    response = sign_in(client, "publisher", "not-the-password")
    assert response.status_code == HTTPStatus.OK
    page = " ".join(response.content.decode().split())
    assert "Please enter the correct username and password" in page
    assert (
        "4 tries left before signing in with this user name from here is paused for 30 minutes"
        in page
    )
    fail(client, "publisher", 2)
    page = " ".join(sign_in(client, "publisher", "not-the-password").content.decode().split())
    assert "1 try left before signing in" in page
    # Another address has all its tries.
    page = sign_in(Client(), "publisher", "not-the-password", address=ELSEWHERE).content.decode()
    assert "4 tries left" in page


def test_failures_from_one_address_lock_out_every_user_name_from_it(client, secretariat_user):
    responses = [
        sign_in(client, f"guess-{number}", "not-the-password").status_code for number in range(12)
    ]
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit <= 12
    assert responses[: limit - 1] == [HTTPStatus.OK] * (limit - 1)
    assert set(responses[limit - 1 :]) == {HTTPStatus.TOO_MANY_REQUESTS}
    # The address-wide limit is the higher: every name had all its own tries.
    assert limit > settings.LOGIN_FAILURE_LIMIT
    locked = sign_in(client, "publisher")
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "whatever the user name" in " ".join(locked.content.decode().split())
    # From elsewhere, the user name is not locked: the publisher signs in.
    assert sign_in(Client(), "publisher", address=ELSEWHERE).status_code == HTTPStatus.FOUND


def test_the_tries_left_are_the_fewer_the_address_leaves(client, secretariat_user):
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 2):
        sign_in(client, f"guess-{number}", "not-the-password")
    page = " ".join(sign_in(client, "publisher", "not-the-password").content.decode().split())
    assert "1 try left before signing in" in page


def test_attempts_during_a_lockout_do_not_make_it_longer(client, secretariat_user):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        fail(client, "publisher", settings.LOGIN_FAILURE_LIMIT)
        for _ in range(6):
            clock.shift(datetime.timedelta(minutes=4))
            response = sign_in(client, "publisher", "not-the-password")
            assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
            page = " ".join(response.content.decode().split())
            assert "Try again after <strong>09:30 UTC</strong> on 2 March 2026" in page
            assert "Trying before then does not make it longer" in page
        clock.move_to(start + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
        assert sign_in(client, "publisher").status_code == HTTPStatus.FOUND


def test_the_lockout_ends_by_itself_after_its_time(client, secretariat_user):
    fail(client, "publisher", settings.LOGIN_FAILURE_LIMIT)
    later = datetime.datetime.now(datetime.UTC) + settings.AXES_COOLOFF_TIME
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        assert sign_in(client, "publisher").status_code == HTTPStatus.FOUND


def test_signing_in_to_ones_own_account_forgives_only_ones_own_failures(
    client, secretariat_user, editor_user
):
    fail(client, "publisher", settings.LOGIN_FAILURE_LIMIT - 1)
    fail(client, "editor", 2)
    assert sign_in(client, "editor").status_code == HTTPStatus.FOUND
    # The editor's failures are forgiven, the publisher's name still has one try from here.
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"publisher"}
    other = Client()
    locked = sign_in(other, "publisher", "not-the-password")
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, secretariat_user):
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "publisher", "not-the-password", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    response = sign_in(client, "publisher", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert set(SignIn.objects.values_list("address", flat=True)) == {"198.51.100.7"}


def test_behind_a_trusted_proxy_only_the_address_it_adds_counts(settings, client, secretariat_user):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        # What the client wrote stands left of what the proxy appended.
        forwarded = f"10.0.0.{number}, 192.0.2.44"
        sign_in(client, "publisher", "not-the-password", HTTP_X_FORWARDED_FOR=forwarded)
    locked = sign_in(client, "publisher", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.44")
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert set(SignIn.objects.values_list("address", flat=True)) == {"192.0.2.44"}
    # Another client behind the same proxy is not locked out.
    other = sign_in(Client(), "publisher", HTTP_X_FORWARDED_FOR="192.0.2.45")
    assert other.status_code == HTTPStatus.FOUND


def test_failures_and_the_lockout_are_recorded_among_sign_ins(client, secretariat_user):
    fail(client, "publisher", settings.LOGIN_FAILURE_LIMIT + 1)
    records = list(SignIn.objects.order_by("id").values_list("successful", "locked_out"))
    assert records[0] == (False, False)
    assert records[-1] == (False, True)
    assert all(not successful for successful, _ in records)


def test_an_administrator_sees_and_lifts_a_lockout(client, secretariat_user, administrator_user):
    fail(client, "publisher", settings.LOGIN_FAILURE_LIMIT)
    assert sign_in(client, "publisher").status_code == HTTPStatus.TOO_MANY_REQUESTS

    administrator = Client()
    administrator.force_login(administrator_user)
    listing = administrator.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == HTTPStatus.OK
    assert "publisher" in listing.content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = administrator.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not AccessAttempt.objects.exists()

    assert sign_in(client, "publisher").status_code == HTTPStatus.FOUND
    assert reaches_admin(client)


def test_an_editor_cannot_see_or_lift_lockouts(editor_client):
    response = editor_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == HTTPStatus.FORBIDDEN


# Two-factor sign-in


@pytest.fixture
def second_factor_required(settings):
    settings.REQUIRE_2FA = True


@pytest.fixture
def publisher_app(secretariat_user):
    return TOTPDevice.objects.create(user=secretariat_user, name="Phone", confirmed=True)


def test_a_publishers_password_alone_does_not_reach_the_admin(
    second_factor_required, client, publisher_app
):
    response = sign_in(client, "publisher")
    assert response.status_code == HTTPStatus.FOUND
    response = client.get(reverse("admin:index"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("two-factor-verify"))
    meetings = client.get(reverse("admin:meetings_meeting_changelist"))
    assert meetings.url.startswith(reverse("two-factor-verify"))
    page = client.get(response.url)
    assert "six-digit code" in page.content.decode()


def test_with_the_apps_code_the_publisher_reaches_the_admin(
    second_factor_required, client, publisher_app
):
    sign_in(client, "publisher")
    response = client.post(
        reverse("two-factor-verify"), {"code": app_code(publisher_app), "next": "/admin/"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/admin/"
    assert reaches_admin(client)


def test_a_wrong_code_is_refused_with_a_clear_message(
    second_factor_required, client, publisher_app
):
    sign_in(client, "publisher")
    wrong = f"{(int(app_code(publisher_app)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two-factor-verify"), {"code": wrong})
    assert response.status_code == HTTPStatus.OK
    assert "That code is not right" in response.content.decode()
    assert not reaches_admin(client)


def test_the_second_step_gives_the_session_a_new_key(second_factor_required, client, publisher_app):
    sign_in(client, "publisher")
    after_password = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("two-factor-verify"), {"code": app_code(publisher_app)})
    after_code = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after_code != after_password
    assert reaches_admin(client)
    # The key known before the second step no longer reaches the admin.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = after_password
    assert not reaches_admin(replay)


def test_setting_up_the_app_gives_the_session_a_new_key(
    second_factor_required, client, secretariat_user
):
    sign_in(client, "publisher")
    client.get(reverse("two-factor-setup"))
    after_password = client.cookies[settings.SESSION_COOKIE_NAME].value
    device = TOTPDevice.objects.get(user=secretariat_user)
    client.post(reverse("two-factor-setup"), {"code": app_code(device)})
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != after_password
    assert reaches_admin(client)


def wrong_code(device):
    return f"{(int(app_code(device)) + 1) % 1_000_000:06d}"


def test_after_a_wrong_code_the_right_one_too_soon_is_told_to_wait(
    second_factor_required, client, publisher_app
):
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        sign_in(client, "publisher")
        client.post(reverse("two-factor-verify"), {"code": wrong_code(publisher_app)})
        response = client.post(reverse("two-factor-verify"), {"code": app_code(publisher_app)})
        page = " ".join(response.content.decode().split())
        assert "Too many wrong codes in a row: wait 1 second" in page
        assert "not right" not in page
        assert not reaches_admin(client)
        clock.shift(datetime.timedelta(seconds=1))
        client.post(reverse("two-factor-verify"), {"code": app_code(publisher_app)})
        assert reaches_admin(client)


def test_setting_up_after_a_wrong_first_code_the_right_one_too_soon_is_told_to_wait(
    second_factor_required, client, secretariat_user
):
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        sign_in(client, "publisher")
        client.get(reverse("two-factor-setup"))
        device = TOTPDevice.objects.get(user=secretariat_user)
        client.post(reverse("two-factor-setup"), {"code": wrong_code(device)})
        response = client.post(reverse("two-factor-setup"), {"code": app_code(device)})
        page = " ".join(response.content.decode().split())
        assert "wait 1 second" in page
        assert "does not match" not in page
        clock.shift(datetime.timedelta(seconds=1))
        client.post(reverse("two-factor-setup"), {"code": app_code(device)})
        assert reaches_admin(client)


def test_a_recovery_code_works_once(second_factor_required, secretariat_user, publisher_app):
    recovery = StaticDevice.objects.create(user=secretariat_user, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="abcd2345")
    StaticToken.objects.create(device=recovery, token="efgh6723")

    first = Client()
    sign_in(first, "publisher")
    response = first.post(reverse("two-factor-verify"), {"code": "ABCD 2345"}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "You signed in with a recovery code" in response.content.decode()
    assert reaches_admin(first)

    second = Client()
    sign_in(second, "publisher")
    response = second.post(reverse("two-factor-verify"), {"code": "abcd2345"})
    assert "That code is not right" in response.content.decode()
    assert not reaches_admin(second)


def test_a_publisher_without_an_app_sets_one_up_before_using_the_admin(
    second_factor_required, client, secretariat_user
):
    sign_in(client, "publisher")
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.url.startswith(reverse("two-factor-setup"))
    page = client.get(response.url).content.decode()
    assert "<svg" in page and "Scan this code" in page
    assert client.get(reverse("two-factor-verify")).url.startswith(reverse("two-factor-setup"))

    device = TOTPDevice.objects.get(user=secretariat_user, confirmed=False)
    # Reloading the page keeps the key already scanned.
    client.get(reverse("two-factor-setup"))
    assert TOTPDevice.objects.get(user=secretariat_user).pk == device.pk

    response = client.post(
        reverse("two-factor-setup"), {"code": app_code(device), "next": "/admin/"}, follow=True
    )
    assert response.status_code == HTTPStatus.OK
    codes = list(
        StaticToken.objects.filter(device__user=secretariat_user).values_list("token", flat=True)
    )
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)
    assert reaches_admin(client)


def test_a_wrong_first_code_keeps_the_setup_page(second_factor_required, client, secretariat_user):
    sign_in(client, "publisher")
    client.get(reverse("two-factor-setup"))
    response = client.post(reverse("two-factor-setup"), {"code": "12345"})
    assert "That code does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert not reaches_admin(client)


def test_an_administrator_is_asked_for_a_second_factor_too(
    second_factor_required, client, administrator_user
):
    sign_in(client, "administrator")
    assert client.get(reverse("admin:index")).url.startswith(reverse("two-factor-setup"))


def test_an_editor_may_sign_in_without_a_second_factor(second_factor_required, client, editor_user):
    sign_in(client, "editor")
    assert reaches_admin(client)


def test_an_editor_setting_up_an_app_of_their_own_choice_may_go_back(
    second_factor_required, editor_client
):
    page = editor_client.get(reverse("two-factor-setup")).content.decode()
    assert "Scan this code" in page
    assert '<a href="/admin/">Not now: back to the admin</a>' in page
    assert "needs a second step" not in page


def test_a_publisher_made_to_set_up_an_app_has_no_way_round_it(
    second_factor_required, client, secretariat_user
):
    sign_in(client, "publisher")
    page = client.get(reverse("two-factor-setup")).content.decode()
    assert "needs a second step" in page
    assert "Not now" not in page


def test_an_editor_who_set_up_an_app_is_asked_for_its_code(client, editor_user):
    device = TOTPDevice.objects.create(user=editor_user, name="Phone", confirmed=True)
    sign_in(client, "editor")
    assert not reaches_admin(client)
    client.post(reverse("two-factor-verify"), {"code": app_code(device)})
    assert reaches_admin(client)


def test_a_lost_phones_app_removed_by_an_administrator_is_set_up_again(
    second_factor_required,
    settings,
    caplog,
    client,
    secretariat_user,
    publisher_app,
    administrator_user,
):
    # Recovery codes are left over from the old app; they do not stand in for one.
    recovery = StaticDevice.objects.create(user=secretariat_user, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="abcd2345")
    # The administrator's own second factor is not what is tested here.
    settings.REQUIRE_2FA = False
    administrator = Client()
    administrator.force_login(administrator_user)
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[publisher_app.pk])
    assert administrator.post(delete, {"post": "yes"}).status_code == HTTPStatus.FOUND
    assert not TOTPDevice.objects.filter(pk=publisher_app.pk).exists()
    [removed] = [record for record in caplog.records if record.msg == "two_factor.removed"]
    assert removed.user_id == administrator_user.pk
    assert removed.owner_id == secretariat_user.pk
    settings.REQUIRE_2FA = True

    sign_in(client, "publisher")
    response = client.get(reverse("admin:index"))
    assert response.url.startswith(reverse("two-factor-setup"))
    assert "Scan this code" in client.get(response.url).content.decode()


def test_administrators_see_whose_second_factors_but_never_their_keys_or_codes(
    administrator_client, secretariat_user, publisher_app
):
    recovery = StaticDevice.objects.create(user=secretariat_user, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="abcd2345")
    pages = [
        reverse("admin:index"),
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[publisher_app.pk]),
        reverse("admin:otp_static_staticdevice_changelist"),
        reverse("admin:otp_static_staticdevice_change", args=[recovery.pk]),
    ]
    for page in pages:
        response = administrator_client.get(page)
        assert response.status_code == HTTPStatus.OK, page
        content = response.content.decode()
        assert publisher_app.key not in content and "abcd2345" not in content, page
    index = administrator_client.get(pages[0]).content.decode()
    assert "Two-factor sign-in: authenticator apps" in index
    assert "Two-factor sign-in: recovery codes" in index
    assert "publisher" in administrator_client.get(pages[1]).content.decode()
    # Neither made nor changed in the admin: a second factor is the user's own to set up.
    for name in ["otp_totp_totpdevice_add", "otp_static_staticdevice_add"]:
        response = administrator_client.get(reverse(f"admin:{name}"))
        assert response.status_code == HTTPStatus.FORBIDDEN
    response = administrator_client.post(pages[2], {"key": "00" * 20, "user": 1, "name": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    # django-otp's page of the key as a QR code is not there.
    config = administrator_client.get(f"{pages[2].removesuffix('change/')}config/", follow=True)
    assert publisher_app.key not in config.content.decode()


def test_without_the_setting_a_publisher_signs_in_with_a_password(client, secretariat_user):
    sign_in(client, "publisher")
    assert reaches_admin(client)


def test_before_the_second_factor_the_public_site_shows_no_drafts(
    second_factor_required, client, publisher_app
):
    draft = MeetingFactory(status=Status.DRAFT)
    sign_in(client, "publisher")
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.post(reverse("two-factor-verify"), {"code": app_code(publisher_app)})
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK


def test_recovery_codes_are_replaced_on_request(
    second_factor_required, client, secretariat_user, publisher_app
):
    sign_in(client, "publisher")
    client.post(reverse("two-factor-verify"), {"code": app_code(publisher_app)})
    response = client.post(reverse("two-factor-recovery-codes"))
    assert response.status_code == HTTPStatus.OK
    codes = set(
        StaticToken.objects.filter(device__user=secretariat_user).values_list("token", flat=True)
    )
    assert len(codes) == 10
    client.post(reverse("two-factor-recovery-codes"))
    assert codes.isdisjoint(
        StaticToken.objects.filter(device__user=secretariat_user).values_list("token", flat=True)
    )


# Sessions


def test_a_session_ends_after_the_idle_time(client, secretariat_user):
    start = datetime.datetime.now(datetime.UTC)
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, "publisher")
        # Each request starts the idle time again.
        clock.shift(idle - datetime.timedelta(minutes=5))
        assert reaches_admin(client)
        clock.shift(idle - datetime.timedelta(minutes=5))
        assert reaches_admin(client)
        clock.shift(idle + datetime.timedelta(minutes=1))
        response = client.get(reverse("admin:index"))
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("admin:login"))


def test_signing_out_ends_the_session_on_the_server(client, secretariat_user):
    sign_in(client, "publisher")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("admin:logout"))

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = replay.get(reverse("admin:index"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("admin:login"))


def test_changing_the_password_signs_out_the_other_sessions(secretariat_user):
    here, elsewhere = Client(), Client()
    sign_in(here, "publisher")
    sign_in(elsewhere, "publisher", address="203.0.113.50")
    new_password = "another-long-password-2026"
    response = here.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert reaches_admin(here)
    assert not reaches_admin(elsewhere)


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "http://evil.example/admin/",
        "/\\evil.example",
        "\\\\evil.example",
        "///evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "https://testserver@evil.example",
    ],
)
def test_the_sign_in_page_never_sends_off_site(client, secretariat_user, target):
    response = client.post(
        reverse("admin:login"), {"username": "publisher", "password": PASSWORD, "next": target}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("admin:index")


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example"])
def test_the_code_page_never_sends_off_site(second_factor_required, client, publisher_app, target):
    sign_in(client, "publisher")
    response = client.post(
        reverse("two-factor-verify"), {"code": app_code(publisher_app), "next": target}
    )
    assert response.url == reverse("admin:index")


def test_the_sign_in_page_follows_next_on_the_site(client, secretariat_user):
    target = reverse("admin:meetings_meeting_changelist")
    response = client.post(
        reverse("admin:login"), {"username": "publisher", "password": PASSWORD, "next": target}
    )
    assert response.url == target
