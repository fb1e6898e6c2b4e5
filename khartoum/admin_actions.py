"""Admin actions every publishable model shares."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .publishing import Status


@admin.action(description=_("Publish the selected items"), permissions=["change"])
def publish(modeladmin, request, queryset):
    count = queryset.exclude(status=Status.PUBLISHED).update(
        status=Status.PUBLISHED, updated_at=timezone.now()
    )
    modeladmin.message_user(
        request,
        ngettext("%d item published.", "%d items published.", count) % count,
        messages.SUCCESS,
    )


@admin.action(description=_("Return the selected items to draft"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    count = queryset.exclude(status=Status.DRAFT).update(
        status=Status.DRAFT, updated_at=timezone.now()
    )
    modeladmin.message_user(
        request,
        ngettext("%d item returned to draft.", "%d items returned to draft.", count) % count,
        messages.SUCCESS,
    )
