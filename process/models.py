"""The Process over time: who is a member and since when, who sits on the Steering Committee,
who chairs the Process.

Each is a term: an organisation, from one date to another (or still), with how precisely the
record knows each date and, where there is one, the meeting or document that records it. These
are the Process's formal record, written by publishers (core.roles): they have no draft of their
own.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.translated_text import WrittenInEnglish


class DatePrecision(models.TextChoices):
    """How much of a date the record knows: the text often gives a month, a year, or only a
    meeting by which it was so."""

    DAY = "day", _("The day")
    MONTH = "month", _("The month")
    YEAR = "year", _("The year")
    BY = "by", _("By that day (known from then)")


def dated(day, precision):
    """The date as the record knows it: “15 December 2016”, “December 2016”, “2018”, “by 24
    May 2016”."""
    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return date_format(day, "YEAR_MONTH_FORMAT")
    if precision == DatePrecision.BY:
        return gettext("by %(date)s") % {"date": date_format(day)}
    return date_format(day)


class TermQuerySet(models.QuerySet):
    def on(self, day):
        """The terms that run on `day`: begun by then and not ended before it."""
        return self.filter(Q(started__lte=day), Q(ended__isnull=True) | Q(ended__gte=day))

    def current(self):
        return self.on(datetime.date.today())

    def overlapping(self, started, ended):
        """The terms that share at least a day with the period from `started` to `ended`
        (None: still)."""
        found = self.filter(Q(ended__isnull=True) | Q(ended__gte=started))
        return found if ended is None else found.filter(started__lte=ended)

    def past(self, day=None):
        """The terms ended before `day` (today)."""
        return self.filter(ended__lt=day or datetime.date.today())

    def for_display(self):
        """With the organisation and the recording meeting and document, in one query: a
        page shows the meeting or document only if it is public (`public_sources`)."""
        return self.select_related("organisation", "recorded_at", "recorded_in").defer(
            "recorded_at__body", "recorded_in__description"
        )


class Term(WrittenInEnglish, models.Model):
    organisation = models.ForeignKey(
        "meetings.Organisation",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("organisation"),
    )
    started = models.DateField(_("from"))
    started_precision = models.CharField(
        _("what the record knows of the start"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    ended = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: still."))
    ended_precision = models.CharField(
        _("what the record knows of the end"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    recorded_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded at the meeting"),
    )
    recorded_in = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded in the document"),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_(
            "As the record has it: “took part for the first time, on its way to membership”."
        ),
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["started", "id"]

    def clean(self):
        super().clean()
        if self.started and self.ended and self.ended < self.started:
            raise ValidationError({"ended": _("A term cannot end before it starts.")})

    def others_overlapping(self, queryset):
        """The terms of `queryset` but this one that share a day with this one."""
        return queryset.exclude(pk=self.pk).overlapping(self.started, self.ended)

    def overlaps(self, other):
        """Whether this term and `other` share a day."""
        return (self.ended is None or self.ended >= other.started) and (
            other.ended is None or other.ended >= self.started
        )

    @property
    def is_current(self):
        today = datetime.date.today()
        return self.started <= today and (self.ended is None or self.ended >= today)

    @property
    def public_sources(self):
        """The meeting and the document that record the term, those of them that are public:
        a draft is never named on a public page."""
        return [
            source
            for source in (self.recorded_at, self.recorded_in)
            if source is not None and source.is_published
        ]

    def period_label(self):
        """“Germany, 18 May 2017 – still”: the term named by its organisation and dates."""
        return gettext("%(organisation)s, %(since)s – %(until)s") % {
            "organisation": self.organisation,
            "since": self.since,
            "until": self.until or gettext("still"),
        }

    @property
    def since(self):
        return dated(self.started, self.started_precision)

    @property
    def until(self):
        return dated(self.ended, self.ended_precision)

    @property
    def since_phrase(self):
        """“since 2018”; “since 18 May 2017 at the latest” where the record knows only a day by
        which it was so (“since by …” says nothing)."""
        if self.started_precision == DatePrecision.BY:
            return gettext("since %(date)s at the latest") % {"date": date_format(self.started)}
        return gettext("since %(date)s") % {"date": self.since}

    @classmethod
    def ends_after_start(cls, name):
        return models.CheckConstraint(
            condition=Q(ended__isnull=True) | Q(ended__gte=F("started")),
            name=name,
            violation_error_message=_("A term cannot end before it starts."),
        )


class Membership(Term):
    """An organisation's place in the Process for a period."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member-state", _("Member state")
        OBSERVER = "observer", _("Observer")
        PARTNER = "partner", _("Partner organisation")
        EU_INSTITUTION = "eu-institution", _("EU institution")
        AU_INSTITUTION = "au-institution", _("AU institution")
        CANDIDATE = "candidate", _("On the way to membership")

    kind = models.CharField(_("as"), max_length=20, choices=Kind.choices)

    class Meta(Term.Meta):
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [Term.ends_after_start("membership_ends_after_start")]

    def __str__(self):
        return f"{self.organisation} — {self.get_kind_display()}, {self.since}"

    def clean(self):
        super().clean()
        if not (self.started and self.organisation_id) or (
            self.ended and self.ended < self.started
        ):
            return
        other = (
            self.others_overlapping(Membership.objects.filter(organisation=self.organisation_id))
            .order_by("started")
            .first()
        )
        if other is not None:
            raise ValidationError(
                gettext(
                    "%(organisation)s already has a membership in this period: %(other)s. "
                    "End that one first, or change its dates."
                )
                % {"organisation": self.organisation, "other": other.period_label()}
            )


class SteeringCommitteeSeat(Term):
    """A seat on the Steering Committee (five African, five European) for a period; a temporary
    replacement names the seat it stands in for."""

    class Side(models.TextChoices):
        AFRICAN = "african", _("African")
        EUROPEAN = "european", _("European")

    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replacements",
        verbose_name=_("temporarily replaces"),
    )

    class Meta(Term.Meta):
        verbose_name = _("Steering Committee seat")
        verbose_name_plural = _("Steering Committee seats")
        constraints = [Term.ends_after_start("seat_ends_after_start")]

    def __str__(self):
        return f"{self.organisation} — {self.get_side_display()}, {self.since}"

    def clean(self):
        super().clean()
        replaced = self.replaces
        if replaced is None or not self.started:
            return
        if replaced.pk == self.pk:
            raise ValidationError({"replaces": _("A seat cannot replace itself.")})
        if self.side and replaced.side != self.side:
            raise ValidationError(
                {
                    "replaces": gettext(
                        "A replacement sits on the same side as the seat it replaces: "
                        "%(seat)s is on the %(side)s side."
                    )
                    % {"seat": replaced.organisation, "side": replaced.get_side_display().lower()}
                }
            )
        if not (self.ended and self.ended < self.started) and not replaced.overlaps(self):
            raise ValidationError(
                {
                    "replaces": gettext(
                        "A replacement stands in during the seat it replaces: %(seat)s."
                    )
                    % {"seat": replaced.period_label()}
                }
            )


class Chairmanship(Term):
    """A term of the Chair of the Process, handed over at a meeting."""

    handed_over_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over at the meeting"),
        help_text=_("The meeting at which this chair took over."),
    )

    class Meta(Term.Meta):
        verbose_name = _("chairmanship")
        verbose_name_plural = _("chairmanships")
        constraints = [Term.ends_after_start("chairmanship_ends_after_start")]

    def __str__(self):
        return f"{self.organisation}, {self.since}"

    def clean(self):
        super().clean()
        if not self.started or (self.ended and self.ended < self.started):
            return
        other = self.others_overlapping(Chairmanship.objects.all()).order_by("started").first()
        if other is not None:
            raise ValidationError(
                gettext(
                    "The Process has one chair at a time: this term overlaps the chairmanship "
                    "of %(other)s. End that one before this one starts."
                )
                % {"other": other.period_label()}
            )
