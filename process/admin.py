"""The Process's formal record in the admin: memberships, Steering Committee seats and
chairmanships. Publishers and administrators write them, editors only read them (core.roles):
they have no draft, so what is saved here is public at once."""

import datetime

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin.dates import DateHints
from core.admin.history import HistoryAdmin
from core.admin.translated_fields import TranslatedFields, with_translations
from process.models import Chairmanship, Membership, SteeringCommitteeSeat


class RunningFilter(admin.SimpleListFilter):
    """Terms running today, or ended."""

    title = _("current or past")
    parameter_name = "running"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("past", _("Past")), ("future", _("Not begun yet"))]

    def queryset(self, request, queryset):
        today = datetime.date.today()
        if self.value() == "current":
            return queryset.on(today)
        if self.value() == "past":
            return queryset.past(today)
        if self.value() == "future":
            return queryset.filter(started__gt=today)
        return queryset


def term_fields(model, *own):
    """The form's fields: the term's own, then when, then where the record says so."""
    return with_translations(
        model,
        [
            "organisation",
            *own,
            ("started", "started_precision"),
            ("ended", "ended_precision"),
            "recorded_at",
            "recorded_in",
            "note",
        ],
    )


class TermAdmin(TranslatedFields, DateHints, HistoryAdmin):
    list_select_related = ["organisation"]
    list_filter = [RunningFilter]
    search_fields = [
        "organisation__name_en",
        "organisation__name_fr",
        "organisation__name_ar",
        "organisation__acronym",
    ]
    autocomplete_fields = ["organisation", "recorded_at", "recorded_in"]
    date_hierarchy = "started"
    ordering = ["-started", "-pk"]

    @admin.display(description=_("from"), ordering="started")
    def since(self, term):
        return term.since

    @admin.display(description=_("until"), ordering="ended")
    def until(self, term):
        return term.until or _("still")


@admin.register(Membership)
class MembershipAdmin(TermAdmin):
    fields = term_fields(Membership, "kind")
    list_display = ["organisation", "kind", "since", "until"]
    list_filter = ["kind", RunningFilter]


@admin.register(SteeringCommitteeSeat)
class SteeringCommitteeSeatAdmin(TermAdmin):
    fields = term_fields(SteeringCommitteeSeat, "side", "replaces")
    list_display = ["organisation", "side", "since", "until", "replaces"]
    list_filter = ["side", RunningFilter]
    list_select_related = ["organisation", "replaces__organisation"]
    autocomplete_fields = [*TermAdmin.autocomplete_fields, "replaces"]


@admin.register(Chairmanship)
class ChairmanshipAdmin(TermAdmin):
    fields = term_fields(Chairmanship, "handed_over_at")
    list_display = ["organisation", "since", "until", "handed_over_at"]
    list_select_related = ["organisation", "handed_over_at"]
    autocomplete_fields = [*TermAdmin.autocomplete_fields, "handed_over_at"]
