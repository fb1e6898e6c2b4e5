"""The site-wide audit log of changes (the sign-ins are in accounts)."""

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.admin.read_only import ReadOnlyAdmin
from secretariat.models import AuditLog


class UsedOnlyFilter(admin.RelatedOnlyFieldListFilter):
    """Only the choices that have entries, without an empty one."""

    include_empty_choice = False


class ModelFilter(UsedOnlyFilter):
    """The kinds of item that have entries in the log, by their names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("kind of item")

    def field_choices(self, field, request, model_admin):
        used = model_admin.get_queryset(request).values("content_type")
        return [
            (content_type.pk, capfirst(content_type.name))
            for content_type in ContentType.objects.filter(pk__in=used)
        ]


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    """The last changes across the whole record: who, when, which item, what changed."""

    list_display = ["when", "item", "changes"]
    list_display_links = None
    list_filter = [
        ("user", UsedOnlyFilter),
        ("content_type", ModelFilter),
        "action_flag",
    ]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "change_message"]
    date_hierarchy = "action_time"
    list_per_page = 50

    @admin.display(description=_("when, who"), ordering="action_time")
    def when(self, entry):
        return format_html(
            "{}<br>{}",
            date_format(localtime(entry.action_time), "Y-m-d H:i"),
            entry.user.get_username() if entry.user else "—",
        )

    @admin.display(description=_("item"))
    def item(self, entry):
        kind = entry.content_type.name if entry.content_type else ""
        # A deleted item has no page of its own any more: it is found among those to recover.
        url = admin_url(entry, "recoverlist", ()) if entry.is_deletion() else entry.get_admin_url()
        history = "" if entry.is_deletion() else admin_url(entry, "history", (entry.object_id,))
        name = entry.object_repr
        if url:
            name = format_html('<a href="{}">{}</a>', url, name)
        return format_html(
            "{} {}: {}{}",
            ACTIONS[entry.action_flag],
            kind,
            name,
            format_html(' (<a href="{}">{}</a>)', history, _("history")) if history else "",
        )

    @admin.display(description=_("what changed"))
    def changes(self, entry):
        if entry.is_deletion():
            return _("Deleted; it can be recovered from the list of deleted items.")
        return entry.get_change_message()

    def changelist_view(self, request, extra_context=None):
        context = {"title": _("Audit log: the latest changes to the record")}
        return super().changelist_view(request, {**context, **(extra_context or {})})


ACTIONS = {ADDITION: _("Added"), CHANGE: _("Changed"), DELETION: _("Deleted")}


def admin_url(entry, view, args):
    if entry.content_type is None:
        return ""
    try:
        return reverse(
            f"admin:{entry.content_type.app_label}_{entry.content_type.model}_{view}", args=args
        )
    except NoReverseMatch:
        return ""
