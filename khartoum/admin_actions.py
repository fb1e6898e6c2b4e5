"""Admin actions every publishable model shares."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .publishing import Status
from .record import record_changed


def set_status(modeladmin, request, queryset, status, message):
    count = queryset.exclude(status=status).update(status=status, updated_at=timezone.now())
    record_changed()  # update() sends no signal
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
