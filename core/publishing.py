"""What every publishable content model shares: status, schedule, timestamps, the querysets.

An item is public when its status is published and its publication time, if it has one,
has come. That one condition is `public_condition()` for queries and `Publishable.is_published`
for an item in hand; every channel (lists, pages, downloads, photo renditions, counts, filter
choices) goes through one of them, so a scheduled item appears everywhere at the same second
with nobody acting.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class State(models.TextChoices):
    """What staff see of an item: its status, with “Scheduled” for a publication to come."""

    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


def public_condition(prefix="", now=None):
    """The items that are public now; `prefix` reaches them through a relation ("meeting__").

    The time is read here, in Python, at each query: a queryset built once and kept (a
    filter's choices) must be built by a callable, or it would keep the moment it was made.
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status": Status.PUBLISHED}) & (
        Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now})
    )


def state_condition(state, now=None):
    """The items in one of the states staff see (`State`), for the admin's filter."""
    now = now or timezone.now()
    if state == State.SCHEDULED:
        return Q(status=Status.PUBLISHED, publish_at__gt=now)
    if state == State.PUBLISHED:
        return public_condition(now=now)
    return Q(status=state)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(public_condition())

    def first_public_between(self, after, until):
        """Items first public in (after, until]: what is new to someone told up to `after`."""
        return self.filter(first_public_at__gt=after, first_public_at__lte=until)

    def visible_to(self, user):
        """Staff preview drafts on the public pages; everybody else sees only what is public."""
        return self.all() if user.is_staff else self.published()


class Publishable(models.Model):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "Drafts are visible to staff only. “In review” asks a publisher to publish it."
        ),
    )
    publish_at = models.DateTimeField(
        _("publication date and time"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to publish at once. With the status Published and a later date "
            "and time, the item stays hidden until then and appears by itself at that moment."
        ),
    )
    review_note = models.TextField(
        _("note from the publisher"),
        blank=True,
        help_text=_("Why it was sent back, or what to change; shown to the editors."),
    )
    # Who last submitted it for review, and when (core.review_mail): the publishers' review
    # list shows it, and that editor is told when it is published or sent back.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("submitted for review by"),
    )
    submitted_at = models.DateTimeField(
        _("submitted for review at"), null=True, blank=True, editable=False
    )
    # The admin's publish actions write `updated_at` themselves (they save only the fields
    # they change), so every publishable model must have it.
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the public first could see it (or will: a scheduled item's publication time), so
    # that email alerts tell of an item once. Set by each model's `save()` through
    # `stamp_first_public()`, never by hand; restoring a version keeps it (core/restore.py).
    first_public_at = models.DateTimeField(
        _("first public at"), null=True, blank=True, editable=False
    )

    # Saving any of these may change when the item is first public.
    STAMPED_BY = {"status", "publish_at"}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & self.STAMPED_BY:
            kwargs["update_fields"] = {*update_fields, "first_public_at"}
        super().save(*args, **kwargs)

    def stored_values(self, *fields):
        """`fields` of the row as stored, or None for an item not saved yet: what a save
        compares the item with, read in one query."""
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).values(*fields).first()

    def stamp_first_public(self, stored):
        """Set `first_public_at` from the stamp as `stored` (a row of `stored_values()`), never
        from the instance's: a stale copy or an old version cannot move it."""
        self.first_public_at = first_public_stamp(
            stored["first_public_at"] if stored else None, self.status, self.publish_at
        )

    @property
    def is_published(self):
        """Public now: published, and its publication time (if any) has come."""
        return self.status == Status.PUBLISHED and (
            self.publish_at is None or self.publish_at <= timezone.now()
        )

    @property
    def state(self):
        if self.status == Status.PUBLISHED and not self.is_published:
            return State.SCHEDULED
        return State(self.status)

    def get_state_display(self):
        return self.state.label


def first_public_stamp(stored, status, publish_at, now=None):
    """When an item is first public, from its stamp as stored and the status and schedule saved.

    A stamp that has come stays whatever follows: an item unpublished and published again is
    not new. One still to come (a schedule) follows the schedule, and goes with it when the
    item leaves Published before its time. A publication time already past when the item is
    published does not date it back: the public first sees it now.
    """
    now = now or timezone.now()
    if stored is not None and stored <= now:
        return stored
    if status != Status.PUBLISHED:
        return None
    return max(publish_at, now) if publish_at else now
