"""The alerts' emails: the confirmation of a subscription and the digest of new items.

Each is plain text with an HTML alternative, written in the subscription's language, with
absolute links made from settings.SITE_URL (an email has no request to take a host from).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .lists import LISTS, filter_description
from .tokens import confirm_max_age, confirm_token, unsubscribe_token

# A digest lists this many items at most, then links to the list for the others.
DIGEST_SIZE = 50


def absolute(path):
    if not settings.SITE_URL:
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL must be set (e.g. https://khartoumprocess.example.org) for the "
            "links of email alerts."
        )
    return settings.SITE_URL.rstrip("/") + path


def send(subscription, template, context, headers=None, connection=None):
    with translation.override(subscription.language):
        subject = render_to_string(f"alerts/email/{template}_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"alerts/email/{template}.txt", context),
            to=[subscription.email],
            headers=headers,
            connection=connection,
        )
        message.attach_alternative(
            render_to_string(f"alerts/email/{template}.html", context), "text/html"
        )
    message.send()


def filter_context(subscription):
    alert_list = LISTS[subscription.kind]
    with translation.override(subscription.language):
        filters = filter_description(alert_list.filterset(QueryDict(subscription.query)))
    return {
        "list_title": alert_list.title,
        "kind": subscription.kind,
        "filters": filters,
        "list_url": absolute(subscription.list_path()),
    }


def send_confirmation(subscription, frequency, language):
    """Ask the address to confirm: nothing else is sent to it until it does.

    Written in the visitor's language of now, which the subscription takes when confirmed
    (the row itself is not changed before that).
    """
    subscription.language = language
    with translation.override(language):
        path = reverse(
            "alerts:confirm", kwargs={"token": confirm_token(subscription, frequency, language)}
        )
    context = {
        **filter_context(subscription),
        "confirm_url": absolute(path),
        "frequency": subscription.Frequency(frequency).label,
        "days": confirm_max_age().days,
    }
    send(subscription, "confirm", context)


def unsubscribe_url(subscription):
    with translation.override(subscription.language):
        path = reverse("alerts:unsubscribe", kwargs={"token": unsubscribe_token(subscription)})
    return absolute(path)


def send_digest(subscription, items, connection=None):
    """One email of the new items (model instances, newest first) the subscription follows.

    It carries the headers of a one-click unsubscribe (RFC 8058): a mail client offers
    “Unsubscribe” and POSTs to the link, which stops the alerts with no further step.
    """
    alert_list = LISTS[subscription.kind]
    stop = unsubscribe_url(subscription)
    with translation.override(subscription.language):
        shown = [
            {
                "title": title,
                "details": details,
                "url": absolute(item.get_absolute_url()),
            }
            for item in items[:DIGEST_SIZE]
            for title, details in [alert_list.summary(item)]
        ]
    context = {
        **filter_context(subscription),
        "items": shown,
        "count": len(items),
        "more": max(len(items) - DIGEST_SIZE, 0),
        "unsubscribe_url": stop,
    }
    headers = {
        "List-Unsubscribe": f"<{stop}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # Not a person's message: out-of-office replies stay away.
        "Auto-Submitted": "auto-generated",
    }
    send(subscription, "digest", context, headers=headers, connection=connection)
