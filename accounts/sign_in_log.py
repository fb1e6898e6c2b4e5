"""Sign-ins for the audit log and the event log, from Django's and django-axes' signals."""

import logging

from axes.utils import reset as reset_attempts
from django.contrib.auth import get_user_model

from accounts.models import SignIn
from core.http import client_address
from core.logs import log_event


def record_sign_in(sender, request, user, **kwargs):
    address = client_address(request)
    SignIn.objects.create(username=user.get_username(), user=user, successful=True, address=address)
    log_event("login.succeeded", user=user, address=address)
    # The user's own failures from here are forgiven; the address's others still count, so a
    # sign-in to one's own account does not buy more guesses at another's.
    if address is not None:
        reset_attempts(ip=address, username=user.get_username())


def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))[:150]
    # django-axes has counted the failure already and marked the request if it is locked out.
    locked_out = getattr(request, "axes_locked_out", False)
    address = client_address(request)
    SignIn.objects.create(
        username=username, successful=False, locked_out=locked_out, address=address
    )
    log_event(
        "login.failed",
        level=logging.WARNING,
        username=username,
        address=address,
        locked_out=locked_out,
    )


def record_lockout(sender, request, username, ip_address, **kwargs):
    log_event(
        "login.locked_out",
        level=logging.WARNING,
        username=str(username or "")[:150],
        address=ip_address,
    )


def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        log_event("logout", user=user)
