"""Accounts: the lockout page, and two-factor sign-in with an authenticator app (django-otp).

Signing in stays the admin's own page (user name and password, counted by django-axes). A
user who has a second factor, or must have one (an administrator or a publisher when
settings.REQUIRE_2FA is on), is then asked for a code from the app, or sent to set the app up
first; until then the admin shows them nothing else and the rest of the site treats them as a
visitor. Setting up gives ten recovery codes, each good once, for a lost phone.
"""

import math
import re
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.sign_in_limits import lockout_minutes, standing
from core.logs import log_event
from core.roles import ADMINISTRATOR, PUBLISHER

RECOVERY_CODE_COUNT = 10
APP_CODE = re.compile(r"\d{6}")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in while locked out: when to try again, whom to ask."""
    until, whole_address = standing(request, credentials).lockout_ends()
    context = {
        **admin.site.each_context(request),
        "title": _("Signing in is paused"),
        # A lockout lifted a moment ago by an administrator: it ends now.
        "until": until or timezone.now(),
        "whole_address": whole_address,
        "minutes": lockout_minutes(),
    }
    # Rendered now: django-axes puts it in place of the response on the way out.
    return render(request, "admin/accounts/locked_out.html", context, status=429)


class SignInForm(AdminAuthenticationForm):
    """The admin's sign-in form, which says after a failure how many tries are left."""

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        # django-axes has counted this failure by now (Django's user_login_failed signal).
        left = standing(self.request, {"username": self.cleaned_data.get("username")}).tries_left()
        if not left:
            return error
        return ValidationError(
            [
                error,
                ValidationError(
                    ngettext(
                        "%(left)d try left before signing in with this user name from here is "
                        "paused for %(minutes)d minutes.",
                        "%(left)d tries left before signing in with this user name from here is "
                        "paused for %(minutes)d minutes.",
                        left,
                    )
                    % {"left": left, "minutes": lockout_minutes()},
                    code="tries_left",
                ),
            ]
        )


def has_app(user):
    """Whether the user has set up an authenticator app.

    Recovery codes alone do not count: they stand in for the app, and when an administrator
    removes a lost phone's app, its owner must be sent to set up the new one, not asked for a
    code from the old.
    """
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def second_factor_required(user):
    return settings.REQUIRE_2FA and (
        user.is_superuser or user.groups.filter(name__in=[ADMINISTRATOR, PUBLISHER]).exists()
    )


class SecondFactorMiddleware:
    """Hold a signed-in user who owes a second factor at the page that asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            has_device = has_app(user)
            if has_device or second_factor_required(user):
                held = self.hold(request, has_device)
                if held is not None:
                    return held
        return self.get_response(request)

    def hold(self, request, has_device):
        step = reverse("two-factor-verify" if has_device else "two-factor-setup")
        if request.path in {step, reverse("admin:logout")}:
            return None
        if request.path.startswith(reverse("admin:index")):
            return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
        # Elsewhere (the public site with its previews, staff media) they are a visitor.
        request.user = AnonymousUser()
        return None


def next_page(request):
    """Where to go once the code is given: only somewhere on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        # People type codes with spaces, as the app shows them.
        return self.cleaned_data["code"].replace(" ", "").replace("-", "").lower()


def verify(request):
    """Ask a signed-in user for a code from their app, or one of their recovery codes."""
    user = request.user
    if user.is_verified():
        return redirect(next_page(request))
    if not has_app(user):
        return redirect("two-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        # An app's code goes to the app's device, anything else to the recovery codes, so a
        # wrong code slows down (django-otp's throttling) only what it was meant for.
        kind = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
        candidates = list(kind.objects.devices_for_user(user))
        throttled = throttled_message(candidates)
        if throttled:
            form.add_error("code", throttled)
            return verify_page(request, form)
        device = None
        for candidate in candidates:
            device = verify_token(user, candidate.persistent_id, code)
            if device is not None:
                break
        if device is not None:
            signed_in_with_second_factor(request, device)
            log_event("login.second_factor.succeeded", user=user, kind=kind.__name__)
            if kind is StaticDevice:
                left = StaticToken.objects.filter(device__user=user).count()
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; it cannot be used again. "
                        "%(left)d are left: make new ones under “Two-factor sign-in”."
                    )
                    % {"left": left},
                )
            return redirect(next_page(request))
        log_event("login.second_factor.failed", user=user, kind=kind.__name__)
        form.add_error(
            "code",
            _(
                "That code is not right, has been used already, or came too late. Type the "
                "code your app shows now (check that the phone's clock is right), or one of "
                "your recovery codes. After several wrong codes, wait a little before the next."
            ),
        )
    return verify_page(request, form)


def verify_page(request, form):
    context = {
        **admin.site.each_context(request),
        "title": _("Two-factor sign-in"),
        "form": form,
        "next": next_page(request),
    }
    return TemplateResponse(request, "admin/accounts/verify.html", context)


def throttled_until(devices):
    """When django-otp's throttling lets a code be tried again, if it holds back every device.

    After a wrong code it refuses any code, the right one too, for a while that doubles with
    each further wrong one: the person must be told to wait, not that the code is wrong.
    """
    until = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed:
            return None
        if details and details.get("locked_until"):
            until.append(details["locked_until"])
    return min(until) if until else None


def throttled_message(devices):
    """What to tell someone whose next code django-otp would refuse unread, or None."""
    until = throttled_until(devices)
    if until is None:
        return None
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes in a row: wait %(seconds)d second, then type the code your app "
        "shows then. Each wrong code makes the next wait longer.",
        "Too many wrong codes in a row: wait %(seconds)d seconds, then type the code your app "
        "shows then. Each wrong code makes the next wait longer.",
        seconds,
    ) % {"seconds": seconds}


def signed_in_with_second_factor(request, device):
    """Mark the session as having passed the second factor, under a new session key.

    Django's login gives a new key after the password; the second step deserves its own, so
    that a key seen before it (on a shared computer, in a log) is worthless after it.
    """
    otp_login(request, device)
    request.session.cycle_key()


def new_recovery_codes(user):
    """Replace the user's recovery codes with new ones and return them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Recovery codes"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def qr_code_svg(text):
    # segno writes the SVG itself, with nothing taken from the user but the key's address.
    return mark_safe(segno.make(text, error="m").svg_inline(scale=5, dark="#1a1a1a"))


@transaction.atomic
def confirm_app(device, code):
    """Turn the app on if the code is its own, with a first set of recovery codes."""
    if not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    new_recovery_codes(device.user)
    return True


def setup(request):
    """Add an authenticator app: show its key as a QR code, confirm it with a first code."""
    user = request.user
    if has_app(user):
        return redirect("two-factor-recovery-codes")
    # The same key until it is confirmed, so reloading the page keeps the QR code already scanned.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = throttled_message([device])
        if throttled:
            form.add_error("code", throttled)
        elif confirm_app(device, form.cleaned_data["code"]):
            signed_in_with_second_factor(request, device)
            log_event("two_factor.set_up", user=user)
            messages.success(
                request,
                _("Two-factor sign-in is on. Keep your recovery codes somewhere safe."),
            )
            codes_page = reverse("two-factor-recovery-codes")
            return redirect(f"{codes_page}?{urlencode({'next': next_page(request)})}")
        else:
            form.add_error(
                "code",
                _(
                    "That code does not match. Type the six digits your app shows now for "
                    "“Khartoum Process” (check that the phone's clock is right)."
                ),
            )
    # The key as the apps take it when typed in: base32, in groups of four.
    key = b32encode(device.bin_key).decode()
    context = {
        **admin.site.each_context(request),
        "title": _("Set up two-factor sign-in"),
        "form": form,
        "qr_code": qr_code_svg(device.config_url),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        "required": second_factor_required(user),
        "next": next_page(request),
    }
    return TemplateResponse(request, "admin/accounts/setup.html", context)


def recovery_codes(request):
    """The user's unused recovery codes, and a button that replaces them all."""
    user = request.user
    if not has_app(user):
        return redirect("two-factor-setup")
    if request.method == "POST":
        codes = new_recovery_codes(user)
        log_event("two_factor.recovery_codes_replaced", user=user)
        messages.success(request, _("New recovery codes made; the earlier ones no longer work."))
    else:
        codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    context = {
        **admin.site.each_context(request),
        "title": _("Recovery codes"),
        "codes": codes,
        "next": next_page(request),
    }
    return TemplateResponse(request, "admin/accounts/recovery_codes.html", context)
