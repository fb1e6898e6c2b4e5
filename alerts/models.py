"""Email alerts: a visitor's address and the list filter it follows, nothing more.

A subscription holds what sending needs and no more: the address, the list and its filter
(with the language the visitor read it in, which the emails and their links use), how
often, whether the address has confirmed, and up to when it has been told. No address is
shown anywhere but to administrators in the admin.
"""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    class Kind(models.TextChoices):
        MEETINGS = "meetings", _("Meetings")
        DOCUMENTS = "documents", _("Documents")
        FOLLOW_UP = "follow-up", _("Follow-up updates")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As soon as they are published")
        DAILY = "daily", _("Once a day")

    email = models.EmailField(_("email address"))
    kind = models.CharField(_("list"), max_length=10, choices=Kind.choices)
    query = models.CharField(
        _("filter"),
        max_length=1000,
        blank=True,
        help_text=_("The list's filter as in its address, in a fixed order; empty: all."),
    )
    language = models.CharField(_("language"), max_length=10)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    confirmed_at = models.DateTimeField(
        _("confirmed"), null=True, blank=True, help_text=_("Empty: nothing is sent.")
    )
    last_sent_at = models.DateTimeField(
        _("told up to"),
        null=True,
        blank=True,
        help_text=_("Items first public up to this moment have been sent."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("email alert")
        verbose_name_plural = _("email alerts")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "kind",
                "query",
                name="alert_one_per_address_and_filter",
                violation_error_message=_("This address already follows this filter."),
            )
        ]
        indexes = [models.Index(fields=["frequency", "last_sent_at"], name="alert_due")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.query or '—'}"

    def list_path(self):
        """The list's address with the filter, in the subscription's language."""
        from .lists import LISTS

        with translation.override(self.language):
            path = reverse(LISTS[self.kind].list_url_name)
        return f"{path}?{self.query}" if self.query else path
