"""The record's version: what cached list counts and rows are keyed by (see khartoum.models).

Every save or delete of a content model moves it on, through signals; writes that send
no signal (`QuerySet.update()`, `bulk_create()`) call `record_changed()` themselves.

A scheduled item becoming public changes nothing in the database, so the version also keeps
the next publication time to come: the first request after it moves the version on.
"""

from django.apps import apps
from django.db.models import F, Min
from django.utils import timezone

from .models import RecordVersion
from .publishing import Publishable, Status

CONTENT_APPS = {"meetings", "documents"}
# Written on every download; no list count depends on them.
NOT_CONTENT = {"documents.downloadtally"}


def record_version():
    row = RecordVersion.objects.filter(pk=1).values_list("number", "next_publication").first()
    if row is None:
        record = RecordVersion.objects.get_or_create(
            pk=1, defaults={"next_publication": next_publication_after(timezone.now())}
        )[0]
        row = (record.number, record.next_publication)
    number, next_publication = row
    if next_publication is not None and next_publication <= timezone.now():
        # Only the request that finds the passed time moves the version on; others that
        # raced it read the new number.
        RecordVersion.objects.filter(pk=1, next_publication=next_publication).update(
            number=F("number") + 1, next_publication=next_publication_after(timezone.now())
        )
        number = RecordVersion.objects.values_list("number", flat=True).get(pk=1)
    return number


def record_changed():
    """Move the version on: every cached count is then read afresh."""
    following = next_publication_after(timezone.now())
    if not RecordVersion.objects.filter(pk=1).update(
        number=F("number") + 1, next_publication=following
    ):
        RecordVersion.objects.get_or_create(
            pk=1, defaults={"number": 1, "next_publication": following}
        )


def next_publication_after(moment):
    """The earliest publication time still to come of a published item, or None."""
    times = [
        model.objects.filter(status=Status.PUBLISHED, publish_at__gt=moment).aggregate(
            next=Min("publish_at")
        )["next"]
        for model in publishable_models()
    ]
    return min((time for time in times if time is not None), default=None)


def publishable_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and model._meta.app_label in CONTENT_APPS
    ]


def is_content(model):
    return model._meta.app_label in CONTENT_APPS and model._meta.label_lower not in NOT_CONTENT


def content_changed(sender, **kwargs):
    if is_content(sender):
        record_changed()
