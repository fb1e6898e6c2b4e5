"""The review's emails: publishers are told what waits for them, editors what became of it.

When an editor submits an item for review, every active publisher of its model with an email
address is told who submitted what, with the editor's note if there is one and a link to the
item in the admin. When a publisher publishes it or sends it back, the editor who submitted it is
told, with the publisher's note. Each email is plain text with an HTML alternative, in the
recipient's language (the admin's language when they last signed in: StaffLanguage; the site's
default before their first sign-in), sent once the transaction commits, through Django's email
backend. A mail server that does not answer is logged; it never undoes or fails the change.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.logs import log_event
from core.models import StaffLanguage
from core.publishing import Status

logger = logging.getLogger(__name__)

PUBLISHED = "published"
SENT_BACK = "sent_back"


def status_changed(obj, user, was_status, note=""):
    """After an item's status was saved: record a submission and tell whom it concerns.

    `was_status` is the status before the save (None for a new item); `note` is the editor's,
    for a submission. A publisher's note on sending back is the item's `review_note`.
    """
    if obj.status == was_status or user is None:
        return
    if obj.status == Status.REVIEW:
        record_submission(obj, user)
        tell_publishers_of_submission(obj, user, note)
    elif was_status == Status.REVIEW:
        decision = PUBLISHED if obj.status == Status.PUBLISHED else SENT_BACK
        tell_editor_of_decision(obj, user, decision, obj.review_note)


def record_submission(obj, editor):
    """Keep who submitted the item and when, without a change to its history or `updated_at`."""
    obj.submitted_by = editor
    obj.submitted_at = timezone.now()
    type(obj)._base_manager.filter(pk=obj.pk).update(
        submitted_by=obj.submitted_by, submitted_at=obj.submitted_at
    )


def publishers_of(model):
    """The active users who may publish items of this model and have an email address."""
    opts = model._meta
    return (
        get_user_model()
        .objects.with_perm(
            f"{opts.app_label}.publish_{opts.model_name}",
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .exclude(email="")
        .order_by("pk")
    )


def tell_publishers_of_submission(obj, editor, note=""):
    """Once committed, email the item's publishers (the editor excepted) that it waits."""
    recipients = [user for user in publishers_of(type(obj)) if user.pk != editor.pk]
    context = {"editor": display_name(editor), "note": note, "submitted_at": obj.submitted_at}
    for recipient in recipients:
        send_on_commit(obj, recipient, "submitted", context)


def tell_publishers_of_change(obj, editor):
    """Once committed, email the item's publishers (the editor excepted) that an editor's
    change to it waits, the public still seeing it as it is live; the link opens the two
    versions side by side."""
    recipients = [
        user for user in publishers_of(type(obj)) if editor is None or user.pk != editor.pk
    ]
    context = {
        "editor": display_name(editor) if editor else "—",
        "change": True,
        "submitted_at": timezone.now(),
    }
    for recipient in recipients:
        send_on_commit(obj, recipient, "submitted", context, view="pending")


def tell_editor_of_decision(obj, publisher, decision, note="", *, editor=None, change=False):
    """Once committed, email the editor who submitted the item (or, for a pending `change`,
    wrote it) what the publisher decided: `decision` is PUBLISHED or SENT_BACK, `note` the
    publisher's."""
    editor = editor or obj.submitted_by
    if editor is None or not editor.is_active or not editor.email or editor.pk == publisher.pk:
        return
    context = {
        "publisher": display_name(publisher),
        "note": note,
        "change": change,
        "sent_back": decision == SENT_BACK,
        "scheduled_for": obj.publish_at if decision == PUBLISHED and not obj.is_published else None,
    }
    send_on_commit(obj, editor, decision, context)


def display_name(user):
    return user.get_full_name() or user.get_username()


def language_of(user):
    recorded = StaffLanguage.objects.filter(user=user).values_list("language", flat=True)
    return next(iter(recorded), settings.LANGUAGE_CODE)


def admin_url(model, pk, view="change"):
    """The item's page in the admin: its change form, or (`view="pending"`) its live and
    pending versions side by side."""
    if not settings.SITE_URL:
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL must be set (e.g. https://khartoumprocess.example.org) for the "
            "links of the review's emails."
        )
    opts = model._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[pk])
    return settings.SITE_URL.rstrip("/") + path


def send_on_commit(obj, recipient, template, context, view="change"):
    # The item's title as it is now: the email tells of this change.
    model, pk, title = type(obj), obj.pk, str(obj)
    transaction.on_commit(lambda: send(model, pk, title, recipient, template, context, view))


def send(model, pk, title, recipient, template, context, view="change"):
    try:
        with translation.override(language_of(recipient)):
            context = {
                **context,
                "recipient": display_name(recipient),
                "title": title,
                "kind": model._meta.verbose_name,
                "admin_url": admin_url(model, pk, view),
            }
            subject = render_to_string(f"admin/review_mail/{template}_subject.txt", context)
            message = EmailMultiAlternatives(
                subject=" ".join(subject.split()),
                body=render_to_string(f"admin/review_mail/{template}.txt", context),
                to=[recipient.email],
            )
            message.attach_alternative(
                render_to_string(f"admin/review_mail/{template}.html", context), "text/html"
            )
        message.send()
    # The change is saved already: an email that cannot go is logged, never a server error.
    except Exception:
        logger.exception("A review email could not be sent")
        log_event(
            "review_mail.not_sent",
            level=logging.ERROR,
            model=model._meta.label_lower,
            object_id=pk,
            recipient_id=recipient.pk,
        )
    else:
        log_event(
            "review_mail.sent",
            template=template,
            model=model._meta.label_lower,
            object_id=pk,
            recipient_id=recipient.pk,
        )


def remember_language(sender, request, user, **kwargs):
    """user_logged_in: keep the language the admin speaks to this user in, for their emails."""
    language = translation.get_language()
    if request is None or language not in dict(settings.LANGUAGES):
        return
    StaffLanguage.objects.update_or_create(user=user, defaults={"language": language})
