"""How many failed sign-ins django-axes has counted, the two limits, and when a lockout ends.

Failures count twice: for the user name from one client address (the pair), and for the address
whatever the names. The pair's limit is the lower (settings.LOGIN_FAILURE_LIMIT): someone who
mistypes their password is told how many tries are left before a pause. The address's is higher
(settings.LOGIN_ADDRESS_FAILURE_LIMIT): it stops one address from trying many names. A user name
is never locked from every address, as OWASP advises: otherwise anyone could keep a member of
staff out by failing with their name.

django-axes keeps one record per user name, address and browser, with its number of failures
and the time of the latest; a record counts until LOGIN_LOCKOUT_MINUTES after that time.
"""

from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from core.http import client_address


def counted_attempts(**filters):
    """django-axes' records that still count: their latest failure is within the lockout time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=since, **filters)


def failures(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def lockout_end(attempts, limit):
    """When the failures still counted drop below the limit, or None if they are below it.

    Each record stops counting, all its failures at once, a lockout time after its latest.
    """
    total = failures(attempts)
    ends = None
    for attempt in attempts.order_by("attempt_time"):
        if total < limit:
            break
        total -= attempt.failures_since_start
        ends = attempt.attempt_time + settings.AXES_COOLOFF_TIME
    return ends


@dataclass
class Standing:
    """Where one user name from one address stands against both limits."""

    username: str
    address: str

    def pair_attempts(self):
        return counted_attempts(username=self.username, ip_address=self.address)

    def address_attempts(self):
        return counted_attempts(ip_address=self.address)

    def pair_locked(self):
        return failures(self.pair_attempts()) >= settings.LOGIN_FAILURE_LIMIT

    def tries_left(self):
        """How many more failures before a lockout: the fewer the two limits leave."""
        return max(
            0,
            min(
                settings.LOGIN_FAILURE_LIMIT - failures(self.pair_attempts()),
                settings.LOGIN_ADDRESS_FAILURE_LIMIT - failures(self.address_attempts()),
            ),
        )

    def lockout_ends(self):
        """When signing in is allowed again (None: it is now), and whether the whole address
        is refused rather than this user name from it."""
        pair = lockout_end(self.pair_attempts(), settings.LOGIN_FAILURE_LIMIT)
        address = lockout_end(self.address_attempts(), settings.LOGIN_ADDRESS_FAILURE_LIMIT)
        if address is not None and (pair is None or address >= pair):
            return address, True
        return pair, False


def standing(request, credentials=None):
    """The standing of the user name being signed in with, from the client's address."""
    return Standing(get_client_username(request, credentials), client_address(request))


def failure_limit(request, credentials=None):
    """settings.AXES_FAILURE_LIMIT: the number of failures at which django-axes refuses.

    django-axes compares one limit with the most failures counted for any of its lockout
    parameters (settings.AXES_LOCKOUT_PARAMETERS): the address's, as they include the pair's.
    So the address's limit stands, until the pair reaches its own: then the pair's does.
    """
    if standing(request, credentials).pair_locked():
        return settings.LOGIN_FAILURE_LIMIT
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT


def lockout_minutes():
    return int(settings.AXES_COOLOFF_TIME / timedelta(minutes=1))
