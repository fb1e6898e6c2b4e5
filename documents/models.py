"""Documents: a permanent record with one file per language, earlier files kept as revisions."""

import os
import re

from django.conf import global_settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core import search
from core.aggregates import subquery_total
from core.models import Kind
from core.publishing import Publishable, PublishableQuerySet, public_condition
from core.richtext import RichTextField
from core.translated_text import WrittenInEnglish
from core.upload_rollback import FilesRemovedOnRollback
from core.uploads import generated_name
from priorities.models import PriorityDomain

# Languages of the Horn of Africa that Django has no name for: the main languages of
# Ethiopia, Eritrea and Somalia, where most of the people the Process speaks of come from.
REGION_LANGUAGES = [
    ("am", gettext_noop("Amharic")),
    ("so", gettext_noop("Somali")),
    ("ti", gettext_noop("Tigrinya")),
]

# Documents come in any language the Process works in, not only the interface's languages
# (settings.LANGUAGES): every language Django knows a name for, and the region's, by name.
DOCUMENT_LANGUAGES = sorted([*global_settings.LANGUAGES, *REGION_LANGUAGES], key=lambda i: i[1])

# The languages the Process's documents are mostly in, offered first: its working languages,
# which the site speaks; the languages of the Horn of Africa's countries on the route
# (Ethiopia, Eritrea, Somalia and Djibouti; Kenya and Uganda for Swahili); then those of the
# European members that chair the Process or host its meetings (Italy, Germany).
PROCESS_LANGUAGES = ["en", "fr", "ar", "am", "ti", "so", "sw", "it", "de"]


class DocumentType(Kind):
    """A kind of document (joint conclusions, analysis report, …), kept by the secretariat."""

    class Meta(Kind.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")


def download_total(path):
    """Total downloads of the tallies whose `path` is the outer query's row, as a subquery."""
    return subquery_total(DownloadTally.objects.all(), path, Sum("count"))


class DocumentQuerySet(PublishableQuerySet):
    def published(self):
        """Public documents that stand alone or belong to a public meeting.

        “No meeting that is not public” rather than a join on the meeting: the list
        then pages along the documents' own index, however deep the page.
        """
        meetings = self.model._meta.get_field("meeting").related_model.objects
        hidden_meeting = meetings.filter(~public_condition(), pk=OuterRef("meeting_id"))
        return self.filter(~Exists(hidden_meeting), public_condition())

    def first_public_between(self, after, until):
        """Documents first public in (after, until]: a document published while its meeting
        was hidden is first public with the meeting, and is new then."""
        first_public = Greatest(
            "first_public_at", Coalesce("meeting__first_public_at", "first_public_at")
        )
        # NULL-safe alike on every database (PostgreSQL's GREATEST skips NULLs, SQLite's MAX not).
        return self.alias(first_public=first_public).filter(
            first_public_at__isnull=False, first_public__gt=after, first_public__lte=until
        )

    def search(self, text):
        """Documents whose title, description, reference, files' text or meeting mention `text`.

        The one definition of what a search for documents matches, for every channel: the
        full-text index on PostgreSQL (see core/search.py), words as substrings elsewhere.
        """
        if search.full_text():
            return self.filter(search_vector=search.search_query(text))

        def files(term):
            rows = DocumentFile.objects.filter(search.term_match(term, fields=["text"]))
            return Q(pk__in=rows.values("document"))

        return self.filter(
            search.plain_match(
                text,
                fields=[*search.every_column("title", "meeting__title"), "reference"],
                rich_fields=search.every_column("description"),
                related=[files],
            )
        )

    def in_meeting_order(self):
        """The order of a meeting's documents on its page: the secretariat's numbers first,
        then by document type (in the order the secretariat gave the types), then date."""
        return self.order_by(
            models.F("meeting_order").asc(nulls_last=True),
            "document_type__order",
            # The English names: a French page's queryset would read `title` as `title_fr`,
            # mostly empty, and order the documents apart from the English page.
            "document_type__name_en",
            "date",
            "title_en",
            "id",
        )

    def with_download_counts(self):
        """Annotate `download_count` over every language version and month.

        A subquery rather than a join: no GROUP BY, so Meta.ordering still applies.
        """
        return self.annotate(download_count=download_total("document_file__document"))


class Document(WrittenInEnglish, Publishable):
    """A document of the Process under one permanent page, whatever files it has over time."""

    title = models.CharField(_("title"), max_length=300, help_text=_("Up to 300 characters."))
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name=_("type")
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
        help_text=_("Leave empty for a document that stands alone."),
    )
    date = models.DateField(_("date"), help_text=_("When the document was issued."))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    reference = models.CharField(
        _("reference code"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("E.g. KP/SOM/2017/1"),
    )
    description = RichTextField(_("description"), blank=True)
    domains = models.ManyToManyField(
        PriorityDomain, blank=True, related_name="documents", verbose_name=_("priority domains")
    )
    show_download_count = models.BooleanField(
        _("show download count"), default=False, help_text=_("Show “downloaded N times” publicly.")
    )
    meeting_order = models.PositiveSmallIntegerField(
        _("order on the meeting page"),
        null=True,
        blank=True,
        help_text=_("1 comes first. Empty: after the numbered ones, by type, then date."),
    )
    # Kept up to date on every save of the document or its files (core/search.py).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("publish_document", _("Can publish, unpublish and schedule documents"))]
        indexes = [
            # The public list's order; with the meeting (to check that it is public) and
            # the publication time, pages are read from the index alone.
            models.Index(
                fields=["status", "-date", "-id", "meeting", "publish_at"],
                name="document_status_date_id",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.stamp_first_public(self.stored_values("first_public_at"))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self):
        """What the public may see: public itself, and not part of a meeting that is not."""
        return self.is_published and (self.meeting_id is None or self.meeting.is_published)


def document_upload_to(instance, filename):
    return generated_name("documents", os.path.splitext(filename)[1].lower())


class StoredFile(FilesRemovedOnRollback, models.Model):
    """What we know of an uploaded file: measured when it was accepted, shown to visitors."""

    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    content_type = models.CharField(_("content type"), max_length=120)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        abstract = True

    @property
    def extension(self):
        return os.path.splitext(self.original_name)[1].lstrip(".").upper()


# What a public file name may be: letters (of any script), digits, “-”, “_” and inner dots,
# with an extension; nothing a URL or a file system treats specially.
PUBLIC_NAME = re.compile(r"[^\W_][\w-]*(\.[\w-]+)*\.[^\W_]+")
PUBLIC_NAME_MAX_LENGTH = 200


def default_public_name(document, language, extension):
    """A clean name from the reference, title and language: “jvap-som-2017-01-joint-…-fr.pdf”."""
    # Signs between words (“KP/SOM/2017/1”) separate them, as spaces do.
    words = re.sub(r"[^\w]+", " ", f"{document.reference} {document.title}")
    stem = slugify(words, allow_unicode=True)
    # Cut at a word so that the language and extension always fit.
    stem = stem[:120].rsplit("-", 1)[0] if len(stem) > 120 else stem
    stem = stem.strip("-_") or "document"
    return f"{stem}-{language}{extension.lower()}"


class DocumentFile(StoredFile):
    """The current file of one language version of a document."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=DOCUMENT_LANGUAGES, default="en"
    )
    public_name = models.CharField(
        _("public file name"),
        max_length=PUBLIC_NAME_MAX_LENGTH,
        blank=True,
        help_text=_(
            "The name in the download address; kept when the file is replaced. Letters, "
            "digits, hyphens and underscores, ending in the file's extension. Empty: made "
            "from the reference, title and language."
        ),
    )
    text = models.TextField(
        _("text"),
        blank=True,
        editable=False,
        help_text=_("The file's words, read when it was uploaded, for search."),
    )

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="one_file_per_document_language"
            ),
            models.UniqueConstraint(
                fields=["document", "public_name"],
                name="unique_public_name_per_document",
                violation_error_message=_(
                    "Another language version of this document has this file name."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.document} ({self.get_language_display()})"

    def save(self, *args, **kwargs):
        if not self.public_name:
            self.public_name = default_public_name(
                self.document, self.language, self.file_extension
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "documents:download", kwargs={"pk": self.document_id, "filename": self.public_name}
        )

    @property
    def file_extension(self):
        """The stored file's extension (“.pdf”), which the public name must end in."""
        return os.path.splitext(self.file.name)[1].lower()

    def clean(self):
        # The extension is checked by the form, which knows the file about to be uploaded.
        if self.public_name and not PUBLIC_NAME.fullmatch(self.public_name):
            raise ValidationError(
                {
                    "public_name": _(
                        "Use letters, digits, hyphens and underscores, with the extension "
                        "after a dot, e.g. “joint-conclusions-fr.pdf”; no spaces or other signs."
                    )
                }
            )


class FormerFileName(models.Model):
    """A public file name a language version had before; its address redirects to today's."""

    document_file = models.ForeignKey(
        DocumentFile,
        on_delete=models.CASCADE,
        related_name="former_names",
        verbose_name=_("language version"),
    )
    name = models.CharField(_("file name"), max_length=255)
    retired_at = models.DateTimeField(_("retired"), auto_now_add=True)

    class Meta:
        ordering = ["-retired_at", "-id"]
        verbose_name = _("former file name")
        verbose_name_plural = _("former file names")
        constraints = [
            models.UniqueConstraint(
                fields=["document_file", "name"], name="one_former_name_per_version"
            )
        ]

    def __str__(self):
        return self.name


class DocumentFileRevision(StoredFile):
    """A file that was replaced: kept for the record, visible to staff."""

    document_file = models.ForeignKey(
        DocumentFile,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("language version"),
    )
    replaced_at = models.DateTimeField(_("replaced"))
    # Kept with the file it was read from; only the current file's text is searched.
    text = models.TextField(
        _("text"),
        blank=True,
        editable=False,
        help_text=_("The file's words, read when it was uploaded."),
    )

    class Meta:
        ordering = ["-replaced_at"]
        verbose_name = _("earlier file")
        verbose_name_plural = _("earlier files")

    def __str__(self):
        return f"{self.original_name} (replaced {self.replaced_at:%Y-%m-%d})"


class DownloadTally(models.Model):
    """Full downloads of one language version in one month."""

    document_file = models.ForeignKey(
        DocumentFile, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("file")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("download count")
        verbose_name_plural = _("download counts")
        constraints = [
            models.UniqueConstraint(fields=["document_file", "month"], name="one_tally_per_month")
        ]

    def __str__(self):
        return f"{self.document_file}: {self.count} in {self.month:%B %Y}"
