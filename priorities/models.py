"""The Joint Valletta Action Plan's five priority domains: the Process's own taxonomy.

Meetings, conclusions and documents carry them (their `domains`), and every list and channel
filters by them (`domain=return`). The secretariat edits their names and translations; the five
themselves come with the site (migrations/0002_the_five_domains.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translated_text import WrittenInEnglish


class PriorityDomain(WrittenInEnglish, models.Model):
    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("As the Action Plan numbers it: 1 to 5.")
    )
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Used in the address of the lists filtered by it.")
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        help_text=_("For charts and filters, where the whole name does not fit."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("priority domain")
        verbose_name_plural = _("priority domains")

    def __str__(self):
        return self.name
