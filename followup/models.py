"""What became of what was agreed: each committing conclusion (a next step, a recommendation, a
decision) is followed up by dated updates, each with a status and the evidence where it was
taken up.

A commitment's status is the one its latest public update gives (`Open` before any): a status
is only ever set by an update, so none appears before its update is published.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.publishing import Publishable, PublishableQuerySet, public_condition
from core.translated_text import WrittenInEnglish
from meetings.models import Conclusion

# The kinds of conclusion that commit the Process to something, and so are followed up.
COMMITTING = [Conclusion.Kind.NEXT_STEP, Conclusion.Kind.RECOMMENDATION, Conclusion.Kind.DECISION]


class Progress(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in-progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    SUPERSEDED = "superseded", _("Superseded")
    DROPPED = "dropped", _("Dropped")


class UpdateQuerySet(PublishableQuerySet):
    def published(self):
        """Public updates of commitments of public meetings."""
        return self.filter(public_condition(), public_condition("conclusion__meeting__"))


class Update(WrittenInEnglish, Publishable):
    """One dated step in a commitment's follow-up."""

    conclusion = models.ForeignKey(
        Conclusion,
        on_delete=models.CASCADE,
        related_name="updates",
        limit_choices_to=Q(kind__in=COMMITTING),
        verbose_name=_("commitment"),
    )
    date = models.DateField(_("date"), help_text=_("When this was so, not when it was written."))
    progress = models.CharField(
        _("status of the commitment"), max_length=20, choices=Progress.choices
    )
    text = models.TextField(_("update"), help_text=_("What was done, by whom, what remains."))
    evidence_meetings = models.ManyToManyField(
        "meetings.Meeting",
        blank=True,
        related_name="followup_evidence",
        verbose_name=_("taken up at the meetings"),
    )
    evidence_conclusions = models.ManyToManyField(
        Conclusion,
        blank=True,
        related_name="followup_evidence",
        verbose_name=_("taken up in the conclusions"),
    )
    evidence_documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="followup_evidence",
        verbose_name=_("evidenced by the documents"),
    )

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("follow-up update")
        verbose_name_plural = _("follow-up updates")
        permissions = [
            ("publish_update", _("Can publish, unpublish and schedule follow-up updates"))
        ]
        indexes = [
            models.Index(fields=["conclusion", "status", "-date"], name="update_conclusion_date")
        ]

    def __str__(self):
        return f"{self.date.isoformat()} — {self.get_progress_display()}"

    def save(self, *args, **kwargs):
        self.stamp_first_public(self.stored_values("first_public_at"))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        meeting = reverse("meetings:detail", kwargs={"slug": self.conclusion.meeting.slug})
        return f"{meeting}#commitment-{self.conclusion_id}"
