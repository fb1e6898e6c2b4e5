"""Signed links of the alerts' emails: confirm a subscription, stop it.

A link names the subscription by its id and a keyed digest of its address, never the
address itself (a signed value is readable by whoever has the link). The digest ties the
link to that address: an id given to another subscription later does not make it valid.
A confirmation link expires; a stop link lasts as long as the subscription.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Subscription

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


class InvalidLink(Exception):
    """Not a link this site made, or one that has expired: a 400."""


class NoSuchSubscription(Exception):
    """A link of a subscription that is gone (stopped, or never confirmed in time): a 404."""


def address_digest(subscription):
    return salted_hmac("alerts.address", subscription.email.lower()).hexdigest()[:24]


def confirm_max_age():
    return timedelta(days=settings.ALERTS_CONFIRM_DAYS)


def confirm_token(subscription, frequency, language):
    """What the confirmation email links to: the choices made, confirmed by following it."""
    payload = {"s": subscription.pk, "h": address_digest(subscription), "f": frequency}
    return signing.dumps({**payload, "l": language}, salt=CONFIRM_SALT)


def unsubscribe_token(subscription):
    payload = {"s": subscription.pk, "h": address_digest(subscription)}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def _subscription(payload):
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise InvalidLink
    subscription = Subscription.objects.filter(pk=payload["s"]).first()
    if subscription is None or not constant_time_compare(
        address_digest(subscription), str(payload.get("h", ""))
    ):
        raise NoSuchSubscription
    return subscription


def read_confirm_token(token):
    """(subscription, frequency, language) of a confirmation link."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
    except signing.BadSignature:  # SignatureExpired is one
        raise InvalidLink from None
    subscription = _subscription(payload)
    frequency, language = payload.get("f"), payload.get("l")
    if frequency not in Subscription.Frequency.values or not isinstance(language, str):
        raise InvalidLink
    return subscription, frequency, language


def read_unsubscribe_token(token):
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise InvalidLink from None
    return _subscription(payload)
