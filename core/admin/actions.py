"""Admin actions every publishable model shares.

Each item is saved on its own (not with `QuerySet.update()`), so its save is seen by what
follows saves: the record's version, the history of changes.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import review_mail
from core.logs import log_event
from core.publishing import State, Status


def log_publication(obj, was_status, was_publish_at=None):
    """One log line when an item is published, scheduled, rescheduled or unpublished."""
    was_published = was_status == Status.PUBLISHED
    if obj.status != Status.PUBLISHED:
        event = "content.unpublished" if was_published else None
    elif obj.state == State.SCHEDULED:
        rescheduled = was_published and obj.publish_at != was_publish_at
        event = "content.scheduled" if rescheduled or not was_published else None
    else:
        event = None if was_published else "content.published"
    if event:
        log_event(
            event,
            model=obj._meta.label_lower,
            object_id=obj.pk,
            publish_at=obj.publish_at.isoformat() if obj.publish_at else None,
        )


def save_status(objects, status, by=None):
    """Give each item the status, saving only what changes; returns how many changed.

    `by`, the user who does it, is told to core.review_mail."""
    count = 0
    for obj in objects:
        if obj.status == status:
            continue
        was_status = obj.status
        obj.status = status
        fields = ["status", "updated_at"]
        if status == Status.PUBLISHED:
            obj.review_note = ""  # what was asked is done
            fields.append("review_note")
        obj.save(update_fields=fields)
        log_publication(obj, was_status, obj.publish_at)
        review_mail.status_changed(obj, by, was_status)
        count += 1
    return count


def set_status(modeladmin, request, queryset, status, message):
    count = save_status(queryset, status, by=request.user)
    modeladmin.message_user(request, message(count) % count, messages.SUCCESS)


@admin.action(description=_("Publish the selected items"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    """Publish; what would stay hidden with the items (a meeting's draft documents, from
    the model admin's `related_drafts()`) is listed on a confirmation page first."""
    related = modeladmin.related_drafts(request, queryset)
    if related and "confirm" not in request.POST:
        return TemplateResponse(
            request,
            "admin/publish_confirmation.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Publish with their documents?"),
                "opts": modeladmin.model._meta,
                "queryset": queryset,
                "related": related,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
    set_status(
        modeladmin,
        request,
        queryset,
        Status.PUBLISHED,
        lambda n: ngettext("%d item published.", "%d items published.", n),
    )
    warn_if_still_hidden(modeladmin, request, queryset)
    if related and request.POST.get("publish_related") == "yes":
        count = save_status(related, Status.PUBLISHED, by=request.user)
        modeladmin.message_user(
            request,
            ngettext(
                "%d document published with its meeting.",
                "%d documents published with their meetings.",
                count,
            )
            % count,
            messages.SUCCESS,
        )


def warn_if_still_hidden(modeladmin, request, objects):
    """Say which published items the public still cannot see: a document of a meeting that
    is not public (an item with `is_public`) stays hidden with it."""
    hidden = [
        str(obj) for obj in objects if obj.is_published and not getattr(obj, "is_public", True)
    ]
    if hidden:
        modeladmin.message_user(
            request,
            _("Published, but hidden until their meeting is public: %(items)s.")
            % {"items": ", ".join(hidden)},
            messages.WARNING,
        )


@admin.action(description=_("Return the selected items to draft"), permissions=["publish"])
def unpublish(modeladmin, request, queryset):
    set_status(
        modeladmin,
        request,
        queryset,
        Status.DRAFT,
        lambda n: ngettext("%d item returned to draft.", "%d items returned to draft.", n),
    )


@admin.action(description=_("Submit the selected drafts for review"), permissions=["change"])
def submit_for_review(modeladmin, request, queryset):
    # Drafts only: what is published stays so.
    set_status(
        modeladmin,
        request,
        queryset.filter(status=Status.DRAFT),
        Status.REVIEW,
        lambda n: ngettext("%d draft submitted for review.", "%d drafts submitted for review.", n),
    )
