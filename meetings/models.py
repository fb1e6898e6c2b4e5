"""The record of the Process: meetings, who took part, what they concluded, their photos."""

import os

from django.contrib.humanize.templatetags.humanize import ordinal
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, npgettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core import search
from core.aggregates import subquery_total
from core.formats import site_format
from core.models import Kind
from core.publishing import Publishable, PublishableQuerySet, public_condition
from core.richtext import RichTextField
from core.translated_text import WrittenInEnglish
from core.upload_rollback import FilesRemovedOnRollback
from core.uploads import generated_name
from priorities.models import PriorityDomain


def unique_slug(model, text):
    """A slug made from `text` that no row of `model` has yet: “germany”, “germany-2”."""
    base = slugify(text)[:190] or "organisation"
    slug, number = base, 1
    while model._base_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class MeetingType(Kind):
    """A kind of meeting (thematic, senior officials, …), kept by the secretariat."""

    class Meta(Kind.Meta):
        verbose_name = _("meeting type")
        verbose_name_plural = _("meeting types")


class Organisation(WrittenInEnglish, models.Model):
    """A delegation or body that takes part in meetings, reused from meeting to meeting."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member-state", _("Member state")
        OBSERVER_STATE = "observer-state", _("Observer state")
        EU_INSTITUTION = "eu-institution", _("EU institution")
        AU_INSTITUTION = "au-institution", _("AU institution")
        INTERNATIONAL = "international", _("International organisation")
        REGIONAL = "regional", _("Regional organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The organisation's page address; empty: made from the name."),
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(_("country"), blank=True, help_text=_("For a state's delegation."))
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("process:organisation", kwargs={"slug": self.slug})


class MeetingQuerySet(PublishableQuerySet):
    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today).order_by("start_date")

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today)

    def search(self, text):
        """Meetings whose text, place, participants or conclusions mention `text`.

        The one definition of what a search for meetings matches, for every channel: the
        full-text index on PostgreSQL (see core/search.py), words as substrings elsewhere.
        Subqueries rather than joins: a meeting matching twice is still listed once. Each word
        may be found in a different place: "Niamey smuggling" finds the meeting in Niamey
        whose summary is about smuggling.
        """
        if search.full_text():
            return self.filter(search_vector=search.search_query(text))

        def people(term):
            names = [
                *search.every_column("organisation__name"),
                "organisation__acronym",
                "person_name",
                "person_title",
            ]
            rows = Participant.objects.filter(search.term_match(term, fields=names))
            return Q(pk__in=rows.values("meeting"))

        def conclusions(term):
            rows = Conclusion.objects.filter(
                search.term_match(term, fields=search.every_column("text"))
            )
            return Q(pk__in=rows.values("meeting"))

        def host_country(term):
            return Q(host_country__in=search.country_codes(term))

        return self.filter(
            search.plain_match(
                text,
                # Each translated field in every language: a French page finds what the
                # English one finds, and the French words too.
                fields=[*search.every_column("title", "summary"), "city"],
                rich_fields=search.every_column("body"),
                related=[people, conclusions, host_country],
            )
        )

    def with_document_counts(self):
        """Annotate `document_count`: the meeting's published documents."""
        documents = self.model._meta.get_field("documents").related_model.objects
        return self.annotate(
            document_count=subquery_total(
                documents.filter(public_condition()), "meeting", Count("pk")
            )
        )


class Meeting(WrittenInEnglish, Publishable):
    """One meeting of the Process, with its own permanent page."""

    title = models.CharField(_("title"), max_length=300, help_text=_("Up to 300 characters."))
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        # Titles in Amharic or Arabic make addresses in their own script.
        allow_unicode=True,
        help_text=_(
            "The meeting's permanent address: letters of any script, digits and hyphens; "
            "empty: made from the title, or from the date and type. Once it is published, "
            "only a publisher can change it, and the old address keeps leading here."
        ),
    )
    meeting_type = models.ForeignKey(
        MeetingType, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("type")
    )
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), null=True, blank=True, help_text=_("2 for the “2nd” thematic meeting.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), blank=True, help_text=_("Leave empty for a one-day meeting.")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    host_country = CountryField(_("host country"), blank=True)
    domains = models.ManyToManyField(
        PriorityDomain,
        blank=True,
        related_name="meetings",
        verbose_name=_("priority domains"),
        help_text=_("The Joint Valletta Action Plan's priority domains the meeting was about."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences."))
    body = RichTextField(_("body"), blank=True)
    # iCalendar's SEQUENCE: calendars that subscribed replace their copy of the event only
    # when it grows, so it grows whenever what a calendar shows of the meeting changes.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    # Kept up to date on every save of the meeting or of what it includes (core/search.py).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = MeetingQuerySet.as_manager()

    # What a calendar shows of a meeting: a change to any of them is a new revision.
    CALENDAR_FIELDS = ["title", "start_date", "end_date", "city", "host_country", "slug"]

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [("publish_meeting", _("Can publish, unpublish and schedule meetings"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="meeting_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [
            # The public list's order, so a page deep in the list is read from the index
            # (with the publication time, which decides what is public too).
            models.Index(
                fields=["status", "-start_date", "-id", "publish_at"],
                name="meeting_status_start_id",
            ),
            # The home page's upcoming meetings: those that have not ended yet.
            models.Index(fields=["status", "end_date"], name="meeting_status_end"),
            models.Index(fields=["host_country"], name="meeting_host_country"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.end_date is None:
            self.end_date = self.start_date
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def save(self, *args, **kwargs):
        if self.end_date is None:
            self.end_date = self.start_date
        update_fields = kwargs.get("update_fields")
        # One query for all that the save compares with the row as stored: when the meeting
        # was first public, the calendar's revision, and the address it had.
        stored = self.stored_values("first_public_at", "sequence", *self.CALENDAR_FIELDS)
        self.stamp_first_public(stored)
        self.count_calendar_revision(stored, update_fields)
        if update_fields is not None and set(update_fields) & set(self.CALENDAR_FIELDS):
            kwargs["update_fields"] = {*update_fields, "sequence"}
        super().save(*args, **kwargs)
        if stored and stored["slug"] != self.slug:
            self.keep_address(stored["slug"])

    def count_calendar_revision(self, stored, update_fields=None):
        """Move `sequence` on from the `stored` one when what a calendar shows changes.

        Counted from the row as stored (`stored_values()`), not from the instance: a stale copy
        or an old version moves it forward too.
        """
        if stored is None:
            return
        saved = self.CALENDAR_FIELDS if update_fields is None else update_fields
        changed = any(
            stored[name] != getattr(self, name) for name in self.CALENDAR_FIELDS if name in saved
        )
        self.sequence = stored["sequence"] + changed

    def keep_address(self, slug):
        """The old address may be stored anywhere: it keeps leading here (301)."""
        PreviousSlug.objects.update_or_create(slug=slug, defaults={"meeting": self})

    @property
    def ordinal_label(self):
        return ordinal(self.ordinal) if self.ordinal else ""

    @property
    def last_day(self):
        """The end date, which a one-day meeting being edited may not have yet."""
        return self.end_date or self.start_date

    @property
    def dates(self):
        """The dates as people write them: "8 July 2016", "18–19 May 2017"; "18–19 mai 2017"
        in French, "18–19 مايو 2017" in Arabic (khartoum/formats/<language>/)."""
        start, end = self.start_date, self.last_day
        if start == end:
            return date_format(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{date_format(end)}"
        if start.year == end.year:
            return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {date_format(end)}"
        return f"{date_format(start)} – {date_format(end)}"

    @property
    def day_span(self):
        """The days for a date tile: “8”, “18–19”, “30–1”."""
        start, end = self.start_date, self.last_day
        if start == end:
            return str(start.day)
        return f"{start.day}–{end.day}"

    @property
    def month_span(self):
        """The month and year for a date tile: “May 2017”, “Nov–Dec 2016”, “Dec 2016–Jan 2017”
        (“nov.–déc. 2016” in French; Arabic names the months whole)."""
        start, end = self.start_date, self.last_day
        month = site_format("SHORT_MONTH_FORMAT")
        if (start.year, start.month) == (end.year, end.month):
            return date_format(start, f"{month} Y")
        if start.year == end.year:
            return f"{date_format(start, month)}–{date_format(end, f'{month} Y')}"
        return f"{date_format(start, f'{month} Y')}–{date_format(end, f'{month} Y')}"

    @property
    def place(self):
        return ", ".join(part for part in [self.city, self.host_country.name] if part)


class PreviousSlug(models.Model):
    """An address a meeting had before its slug was changed; it redirects to the current one."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="previous_slugs",
        verbose_name=_("meeting"),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    replaced_at = models.DateTimeField(_("replaced"), auto_now=True)

    class Meta:
        ordering = ["-replaced_at"]
        verbose_name = _("previous address")
        verbose_name_plural = _("previous addresses")

    def __str__(self):
        return self.slug


class Participant(models.Model):
    """Who attended a meeting and in what role: a delegation, optionally a named person."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co-chair", _("Co-chair")
        HOST = "host", _("Host")
        CO_CONVENER = "co-convener", _("Co-convener")
        OPENING_SPEAKER = "opening-speaker", _("Opening speaker")
        PRESENTER = "presenter", _("Presenter")
        EXPERT = "expert", _("Expert")
        DELEGATE = "delegate", _("Delegate")
        OBSERVER = "observer", _("Observer")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DELEGATE)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("A country's delegation, when no organisation fits.")
    )
    person_name = models.CharField(_("person"), max_length=200, blank=True)
    person_title = models.CharField(
        _("person's title"),
        max_length=200,
        blank=True,
        help_text=_("“Minister of Foreign Affairs”"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(country=""),
                name="participant_has_delegation",
                violation_error_message=_("Choose an organisation or a country."),
            ),
        ]

    def __str__(self):
        return f"{self.delegation} — {self.get_role_display()}"

    @classmethod
    def role_heading(cls, role, count):
        """The heading over `count` participants of one role: “Chair”, “Co-chairs”."""
        Role = cls.Role
        # A context: gettext cannot hold "Chair" both alone (the role's name) and with a plural;
        # the one without would stay in English.
        return {
            Role.CHAIR: npgettext("participants heading", "Chair", "Chairs", count),
            Role.CO_CHAIR: npgettext("participants heading", "Co-chair", "Co-chairs", count),
            Role.HOST: npgettext("participants heading", "Host", "Hosts", count),
            Role.CO_CONVENER: npgettext(
                "participants heading", "Co-convener", "Co-conveners", count
            ),
            Role.OPENING_SPEAKER: npgettext(
                "participants heading", "Opening speaker", "Opening speakers", count
            ),
            Role.PRESENTER: npgettext("participants heading", "Presenter", "Presenters", count),
            Role.EXPERT: npgettext("participants heading", "Expert", "Experts", count),
            Role.DELEGATE: npgettext("participants heading", "Delegate", "Delegates", count),
            Role.OBSERVER: npgettext("participants heading", "Observer", "Observers", count),
        }[role]

    @property
    def delegation(self):
        return str(self.organisation) if self.organisation_id else self.country.name


class Conclusion(WrittenInEnglish, models.Model):
    """One item of a meeting's outcome, kept as its own row so it can be followed up later."""

    class Kind(models.TextChoices):
        KEY_OBSERVATION = "key-observation", _("Key observation")
        NEXT_STEP = "next-step", _("Next step")
        RECOMMENDATION = "recommendation", _("Recommendation")
        DECISION = "decision", _("Decision")
        DISCUSSION_POINT = "discussion-point", _("Discussion point")
        THEMATIC_SESSION = "thematic-session", _("Thematic session")
        WAY_FORWARD = "way-forward", _("Way forward")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="conclusions", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    attribution = models.CharField(
        _("communicated by"), max_length=200, blank=True, help_text=_("“the Chair”")
    )
    domains = models.ManyToManyField(
        PriorityDomain, blank=True, related_name="conclusions", verbose_name=_("priority domains")
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @classmethod
    def kind_heading(cls, kind, count):
        """The heading over `count` conclusions of one kind: “Key observations”, “Decision”."""
        Kind = cls.Kind
        # A context, as in Participant.role_heading.
        return {
            Kind.KEY_OBSERVATION: npgettext(
                "conclusions heading", "Key observation", "Key observations", count
            ),
            Kind.NEXT_STEP: npgettext("conclusions heading", "Next step", "Next steps", count),
            Kind.RECOMMENDATION: npgettext(
                "conclusions heading", "Recommendation", "Recommendations", count
            ),
            Kind.DECISION: npgettext("conclusions heading", "Decision", "Decisions", count),
            Kind.DISCUSSION_POINT: npgettext(
                "conclusions heading", "Discussion point", "Discussion points", count
            ),
            Kind.THEMATIC_SESSION: npgettext(
                "conclusions heading", "Thematic session", "Thematic sessions", count
            ),
            Kind.WAY_FORWARD: npgettext(
                "conclusions heading", "The way forward", "The way forward", count
            ),
        }[kind]


def photo_upload_to(instance, filename):
    # The processed image is always re-encoded, so its extension is the one we wrote.
    return generated_name("photos", os.path.splitext(filename)[1].lower())


class PhotoQuerySet(PublishableQuerySet):
    def published(self):
        """Photos of public meetings: a photo has no status of its own."""
        return self.filter(public_condition("meeting__"))


class Photo(FilesRemovedOnRollback, models.Model):
    """An image in a meeting's gallery. The raw upload is never served; renditions are."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="photos", verbose_name=_("meeting")
    )
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        max_length=200,
        width_field="width",
        height_field="height",
    )
    original_name = models.CharField(_("uploaded as"), max_length=255, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows (who, doing what, where), for visitors who cannot see it: "
            "screen readers read it out."
        ),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Tick only when the photo adds nothing that the page does not say: screen readers "
            "then pass over it, and it needs no text alternative."
        ),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or self.original_name or os.path.basename(self.image.name)

    def clean(self):
        super().clean()
        if self.decorative:
            self.alt_text = ""
        elif not self.alt_text.strip():
            raise ValidationError(
                {
                    "alt_text": _(
                        "Say what the photo shows, or tick “decorative” if it adds nothing "
                        "to the page."
                    )
                }
            )

    @property
    def alt(self):
        """The image's alt attribute: empty for a decorative photo."""
        if self.decorative:
            return ""
        # Photos from before text alternatives had only their caption to go by.
        return self.alt_text or self.caption or gettext("Photo of the meeting")

    def rendition_url(self, size):
        return reverse("photo", kwargs={"pk": self.pk, "size": size})

    @property
    def thumbnail_url(self):
        return self.rendition_url("thumb")

    @property
    def large_url(self):
        return self.rendition_url("large")
