"""Subscribing to a list's filter by email, confirming it, stopping it.

Every answer is the same whether the address was subscribed before or not, so the form
tells nobody who follows what; the address itself is never written into an address bar or
shown on a page.
"""

import logging
import smtplib
from http import HTTPStatus

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.channels import BadFilter, filtered
from core.http import client_address
from core.logs import log_event

from .emails import send_confirmation
from .forms import SubscribeForm
from .lists import LISTS, QUERY_MAX_LENGTH, filter_description
from .models import Subscription
from .throttling import RequestThrottle
from .tokens import (
    InvalidLink,
    NoSuchSubscription,
    confirm_max_age,
    read_confirm_token,
    read_unsubscribe_token,
)

INVALID_LINK = _(
    "This link is not one this site made, or it has expired. A confirmation link works for "
    "a few days: ask for the alerts again to receive a new one."
)
NO_SUCH_SUBSCRIPTION = _(
    "There is no such alert any more: it was stopped, or never confirmed in time. No email "
    "of it will be sent."
)


def link_problem(request, error):
    if isinstance(error, NoSuchSubscription):
        message, status = NO_SUCH_SUBSCRIPTION, HTTPStatus.NOT_FOUND
    else:
        message, status = INVALID_LINK, HTTPStatus.BAD_REQUEST
    return TemplateResponse(
        request, "alerts/link_problem.html", {"message": message}, status=status
    )


def too_many(request, throttle):
    response = TemplateResponse(
        request, "alerts/too_many.html", status=HTTPStatus.TOO_MANY_REQUESTS
    )
    wait = throttle.wait()
    if wait:
        response["Retry-After"] = str(int(wait) + 1)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request, kind):
    """The form to follow the list's current filter (the query string) by email."""
    alert_list = LISTS[kind]
    query = alert_list.normalised_query(request.GET)
    try:
        filterset, _items = filtered(alert_list.filterset_class, request, alert_list.public_items())
        errors = []
    except BadFilter as error:
        filterset, errors = None, list(error.messages)
    if len(query) > QUERY_MAX_LENGTH:
        errors.append(_("This filter is too long to follow by email."))
    context = {
        "kind": kind,
        "list_title": alert_list.title,
        "list_url": f"{alert_list.list_path()}?{query}" if query else alert_list.list_path(),
        "filters": filter_description(filterset) if filterset else "",
        "filter_errors": errors,
    }
    if errors:
        return TemplateResponse(
            request, "alerts/subscribe.html", context, status=HTTPStatus.BAD_REQUEST
        )
    if request.method != "POST":
        return TemplateResponse(
            request, "alerts/subscribe.html", {**context, "form": SubscribeForm()}
        )

    by_address = RequestThrottle(
        "alerts-address", settings.ALERTS_RATE_PER_ADDRESS, client_address(request)
    )
    if not by_address.allow():
        return too_many(request, by_address)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "alerts/subscribe.html", {**context, "form": form})
    email = form.cleaned_data["email"]
    by_email = RequestThrottle("alerts-email", settings.ALERTS_RATE_PER_EMAIL, email)
    if not by_email.allow():
        return too_many(request, by_email)
    subscription = requested_subscription(email, kind, query, get_language())
    try:
        send_confirmation(subscription, form.cleaned_data["frequency"], get_language())
    except (smtplib.SMTPException, OSError) as error:
        # The mail server is away: say so, rather than a server error; the visitor retries.
        log_event("alerts.confirmation_not_sent", level=logging.ERROR, error=repr(error))
        return TemplateResponse(
            request, "alerts/not_sent.html", status=HTTPStatus.SERVICE_UNAVAILABLE
        )
    return redirect("alerts:sent")


def requested_subscription(email, kind, query, language):
    """The address's subscription to the filter: as it is, or a new one awaiting confirmation.

    An existing one is left as it is (confirmed or not): only following the emailed link
    changes it, so that nobody changes another's alerts by typing their address.
    """
    lookup = {"email__iexact": email, "kind": kind, "query": query}
    try:
        with transaction.atomic():
            return Subscription.objects.get_or_create(
                **lookup, defaults={"email": email, "language": language}
            )[0]
    except IntegrityError:  # the same request, twice at once
        return Subscription.objects.get(**lookup)


def sent(request):
    return TemplateResponse(request, "alerts/sent.html", {"days": confirm_max_age().days})


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The emailed link shows a button; pressing it confirms. A link opened by a mail
    scanner confirms nothing."""
    try:
        subscription, frequency, language = read_confirm_token(token)
    except (InvalidLink, NoSuchSubscription) as error:
        return link_problem(request, error)
    subscription.language = language
    context = {"subscription": subscription, **subscription_context(subscription)}
    if request.method != "POST":
        context["frequency"] = Subscription.Frequency(frequency).label
        return TemplateResponse(request, "alerts/confirm.html", context)
    subscription.frequency = frequency
    if subscription.confirmed_at is None:
        # Told from now on: what was public before is not news to it.
        subscription.confirmed_at = subscription.last_sent_at = timezone.now()
    subscription.save(update_fields=["frequency", "language", "confirmed_at", "last_sent_at"])
    return TemplateResponse(request, "alerts/confirmed.html", context)


def subscription_context(subscription):
    alert_list = LISTS[subscription.kind]
    return {
        "list_title": alert_list.title,
        "list_url": subscription.list_path(),
        "filters": filter_description(alert_list.filterset(QueryDict(subscription.query))),
    }


# A mail client's one-click unsubscribe (RFC 8058) POSTs with no token of the site's forms:
# the signed link itself is the proof.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST (the button, or a mail client's one click) stops the alerts."""
    try:
        subscription = read_unsubscribe_token(token)
    except (InvalidLink, NoSuchSubscription) as error:
        return link_problem(request, error)
    context = subscription_context(subscription)
    if request.method != "POST":
        return TemplateResponse(request, "alerts/unsubscribe.html", context)
    subscription.delete()
    return TemplateResponse(request, "alerts/unsubscribed.html", context)
