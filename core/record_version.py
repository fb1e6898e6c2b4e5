"""The record's version: what cached list counts and rows are keyed by (see core.models).

Every save or delete of a model whose rows the public sees moves it on, through signals that
each app connects for its own models (`follow_changes()` in its `AppConfig.ready()`); writes
that send no signal (`QuerySet.update()`, `bulk_create()`) call `record_changed()` themselves.

A scheduled item becoming public changes nothing in the database, so the version also keeps
the next publication time to come: the first request after it moves the version on.

Where the cache is shared by every server process (Redis: `RECORD_VERSION_IN_CACHE`), the
version lives there, so that a page served from the cache needs no query at all; otherwise
it is a row in the database, which every process shares too. Never in a process's memory.
"""

import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from core.models import RecordVersion
from core.publishing import Publishable, Status

CONTENT_APPS = {"meetings", "documents", "followup"}


# The shared cache's keys: the number, and (the number it was found for, the next scheduled
# publication as a timestamp or None).
VERSION_KEY = "record:version"
NEXT_KEY = "record:next-publication"


def record_version():
    if settings.RECORD_VERSION_IN_CACHE:
        return version_from_cache(cache.get_many([VERSION_KEY, NEXT_KEY]))
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
    """Move the version on: every cached count and page is then read afresh."""
    if settings.RECORD_VERSION_IN_CACHE:
        # Once the change is committed, not before: a request that read the new number
        # must find the new content in the database, or it would cache the old one under it.
        transaction.on_commit(move_cached_version_on)
        return
    following = next_publication_after(timezone.now())
    if not RecordVersion.objects.filter(pk=1).update(
        number=F("number") + 1, next_publication=following
    ):
        RecordVersion.objects.get_or_create(
            pk=1, defaults={"number": 1, "next_publication": following}
        )


def version_from_cache(values):
    """The version from the cache's answer for `VERSION_KEY` and `NEXT_KEY` (read by the
    caller in the same round trip as whatever else it needs)."""
    version = values.get(VERSION_KEY)
    if version is None:
        version = seed_cached_version()
    following = values.get(NEXT_KEY)
    # The next publication is trusted only when found after the number was last moved on:
    # one found earlier may miss an item scheduled by the change that moved it.
    if following is None or following[0] != version:
        following = remember_next_publication(version)
    if following[1] is not None and following[1] <= time.time():
        return move_cached_version_on()
    return version


def seed_cached_version():
    """A number never used before, for a cache that has none (new, restarted, evicted): no
    entry cached under an older number can then be taken for current."""
    cache.add(VERSION_KEY, time.time_ns(), None)
    return cache.get(VERSION_KEY) or time.time_ns()


def move_cached_version_on():
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:
        version = seed_cached_version()
    remember_next_publication(version)
    return version


def remember_next_publication(version):
    following = next_publication_after(timezone.now())
    value = (version, following.timestamp() if following else None)
    cache.set(NEXT_KEY, value, None)
    return value


def next_publication_after(moment):
    """The earliest publication time still to come of a published item, or None."""
    # Each model's earliest, in one query: this runs whenever the record changes.
    first, *others = [
        model.objects.filter(status=Status.PUBLISHED, publish_at__gt=moment)
        .order_by()
        .values_list("publish_at", flat=True)
        for model in publishable_models()
    ]
    return first.union(*others, all=True).order_by("publish_at").first()


def publishable_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and model._meta.app_label in CONTENT_APPS
    ]


def follow_changes(*models):
    """Move the version on whenever a row of one of `models` is saved or deleted."""
    for model in models:
        post_save.connect(content_changed, sender=model)
        post_delete.connect(content_changed, sender=model)


def content_changed(sender, **kwargs):
    record_changed()
