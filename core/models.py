from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translated_text import WrittenInEnglish


class Kind(WrittenInEnglish, models.Model):
    """A kind of thing (of meeting, of document) the secretariat keeps a list of."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Used in the address of the list filtered by it.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class RecordVersion(models.Model):
    """One row whose number grows with every change to the content of the record.

    What is cached about the public lists (their counts) is keyed by this number, so a
    change is seen at once by every server process, whatever cache each one has.
    """

    number = models.PositiveBigIntegerField(_("number"), default=0)
    # The earliest scheduled publication still to come: once it has passed, the lists
    # change though nothing was written, so the number moves on (core.record_version).
    next_publication = models.DateTimeField(_("next scheduled publication"), null=True)

    class Meta:
        verbose_name = _("record version")
        verbose_name_plural = _("record versions")

    def __str__(self):
        return str(self.number)


class StaffLanguage(models.Model):
    """The language the admin spoke to a member of staff in when they last signed in: the
    language of the emails the site sends them (core.review_mail)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        default_permissions = ()
        verbose_name = _("language of a member of staff")
        verbose_name_plural = _("languages of staff")

    def __str__(self):
        return f"{self.user}: {self.language}"


class RevisionLogEntry(models.Model):
    """An admin log entry written within a revision: what that revision did to one item.

    A revision's comment speaks for everything saved in it (a meeting with the documents
    published with it, every item of a list action); an item's history shows, for each of its
    versions, the entries written for that item (core.history.version_messages).
    """

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.CASCADE, related_name="log_entries"
    )
    log_entry = models.OneToOneField(LogEntry, on_delete=models.CASCADE, related_name="+")

    class Meta:
        default_permissions = ()
        verbose_name = _("revision's log entry")
        verbose_name_plural = _("revisions' log entries")

    def __str__(self):
        return f"{self.revision_id}: {self.log_entry_id}"


class PendingChange(models.Model):
    """An editor's change to something the public sees, held until a publisher publishes it.

    The live rows stay as they are; `rows` holds what the change adds, changes and deletes
    among the item and the rows it carries (core.pending), each serialised as Django's
    serialisers (and so django-reversion's versions) write a row. One per item: an editor's
    later save replaces it.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of item")
    )
    object_id = models.CharField(_("item"), max_length=191)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("waiting since"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    description = models.TextField(_("what changes"))
    rows = models.JSONField(_("changed rows"), encoder=DjangoJSONEncoder)
    sent_back_note = models.TextField(_("note from the publisher"), blank=True)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent back by"),
    )
    sent_back_at = models.DateTimeField(_("sent back"), null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_pending_change_per_item"
            )
        ]
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")

    def __str__(self):
        return f"{self.content_type} {self.object_id}"
