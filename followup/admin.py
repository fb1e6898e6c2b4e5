from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.admin.actions import publish, submit_for_review, unpublish
from core.admin.dates import DateHints
from core.admin.history import HistoryAdmin
from core.admin.pending import PendingChangesAdmin
from core.admin.translated_fields import TranslatedFields, with_translations
from core.admin.workflow import PublishableAdmin, StateFilter
from followup.models import Update
from meetings.models import Conclusion


@admin.register(Update)
class UpdateAdmin(PendingChangesAdmin, TranslatedFields, PublishableAdmin, DateHints, HistoryAdmin):
    """The follow-up's updates, in the secretariat's workflow: an editor writes and submits
    for review, a publisher publishes; an editor's change to a published update waits as a
    pending change (core.admin.pending), so no status changes in public before a publisher
    has seen it."""

    list_display = ["commitment", "meeting", "progress", "date", "state"]
    list_filter = [
        StateFilter,
        "progress",
        "conclusion__kind",
        ("submitted_by", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["conclusion__meeting", "submitted_by"]
    search_fields = [
        "text_en",
        "text_fr",
        "text_ar",
        "conclusion__text_en",
        "conclusion__meeting__title_en",
    ]
    date_hierarchy = "date"
    autocomplete_fields = [
        "conclusion",
        "evidence_meetings",
        "evidence_conclusions",
        "evidence_documents",
    ]
    actions = [publish, unpublish, submit_for_review]
    fieldsets = [
        (
            None,
            {"fields": ["conclusion", "date", "progress", *with_translations(Update, ["text"])]},
        ),
        (
            _("Evidence"),
            {
                "fields": ["evidence_meetings", "evidence_conclusions", "evidence_documents"],
                "description": _(
                    "Where the commitment was taken up. The public sees only what is "
                    "published: a draft meeting or document is never named."
                ),
            },
        ),
        (_("Publication"), {"fields": ["status", "publish_at", "review_note"]}),
    ]

    @admin.display(description=_("commitment"), ordering="conclusion__text")
    def commitment(self, obj):
        return Truncator(obj.conclusion.text).chars(80)

    @admin.display(description=_("meeting"), ordering="conclusion__meeting__start_date")
    def meeting(self, obj):
        return obj.conclusion.meeting


@admin.register(Conclusion)
class ConclusionSearchAdmin(admin.ModelAdmin):
    """What the updates' autocompletes search: conclusions by their text or their meeting's
    title (the commitment's field offers only the committing kinds: its `limit_choices_to`).

    Conclusions are written in their meeting's form; this admin only finds them: a list
    without actions, each row leading to the meeting's form, not listed in the admin's index.
    Its delete permission is the user's own, which deleting a meeting checks for the
    conclusions that go with it (nothing here deletes one).
    """

    search_fields = ["text_en", "text_fr", "meeting__title_en"]
    list_select_related = ["meeting"]
    ordering = ["-meeting__start_date", "order", "id"]

    list_display = ["__str__", "meeting"]

    def get_actions(self, request):
        return {}

    def get_urls(self):
        # The link beside a chosen conclusion, and a deleted meeting's list of what goes with
        # it, lead to the meeting's form.
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="meetings_conclusion_changelist",
            ),
            path(
                "<path:object_id>/change/",
                self.admin_site.admin_view(self.meeting_form),
                name="meetings_conclusion_change",
            ),
        ]

    def meeting_form(self, request, object_id):
        meeting = (
            Conclusion.objects.filter(pk=object_id).values_list("meeting", flat=True).first()
            if object_id.isdigit()
            else None
        )
        if meeting is None:
            raise Http404
        return redirect("admin:meetings_meeting_change", meeting)

    def get_model_perms(self, request):
        return {}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
