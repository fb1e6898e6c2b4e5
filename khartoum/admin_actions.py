"""Admin actions every publishable model shares."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .publishing import Status


def set_status(modeladmin, request, queryset, status, message):
    # Each item is saved, not updated in bulk: saving is what history records.
    count = 0
    for obj in queryset.exclude(status=status):
        obj.status = status
        obj.save(update_fields=["status", "updated_at"])
        count += 1
    modeladmin.message_user(request, message(count) % count, messages.SUCCESS)


@admin.action(description=_("Publish the selected items"), permissions=["change"])
def publish(modeladmin, request, queryset):
    set_status(
        modeladmin,
        request,
        queryset,
        Status.PUBLISHED,
        lambda n: ngettext("%d item published.", "%d items published.", n),
    )


@admin.action(description=_("Return the selected items to draft"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    set_status(
        modeladmin,
        request,
        queryset,
        Status.DRAFT,
        lambda n: ngettext("%d item returned to draft.", "%d items returned to draft.", n),
    )
