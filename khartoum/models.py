from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.Model):
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
    # change though nothing was written, so the number moves on (khartoum.record).
    next_publication = models.DateTimeField(_("next scheduled publication"), null=True)

    class Meta:
        verbose_name = _("record version")
        verbose_name_plural = _("record versions")

    def __str__(self):
        return str(self.number)
