"""The record's version: what cached list counts are keyed by (see khartoum.models).

Every save or delete of a content model moves it on, through signals; writes that send
no signal (`QuerySet.update()`, `bulk_create()`) call `record_changed()` themselves.
"""

from django.db.models import F

from .models import RecordVersion

CONTENT_APPS = {"meetings", "documents"}
# Written on every download; no list count depends on them.
NOT_CONTENT = {"documents.downloadtally"}


def record_version():
    version = RecordVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    if version is None:
        version = RecordVersion.objects.get_or_create(pk=1)[0].number
    return version


def record_changed():
    """Move the version on: every cached count is then read afresh."""
    if not RecordVersion.objects.filter(pk=1).update(number=F("number") + 1):
        RecordVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def is_content(model):
    return model._meta.app_label in CONTENT_APPS and model._meta.label_lower not in NOT_CONTENT


def content_changed(sender, **kwargs):
    if is_content(sender):
        record_changed()
