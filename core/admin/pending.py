"""Pending changes in the admin: what an editor saves on a public item waits for a publisher.

`PendingChangesAdmin` goes first among a model admin's bases. For an editor (without the
permission to publish the item) changing an item the public sees (`holds_changes`), the
change form saves as usual (validation, files, inlines) inside a savepoint that is rolled
back, and keeps the difference as the item's pending change (core.pending); the form
then shows the pending version, with a notice that says since when it waits. A publisher
compares it with the live version side by side, publishes it or sends it back with a note.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import pending as changes
from core.history import compared_fields
from core.publishing import Status
from core.upload_rollback import remove_unless_committed


class PendingChangeFilter(admin.SimpleListFilter):
    """Items with a change that waits for a publisher."""

    title = _("pending change")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", _("Changes pending")), ("no", _("No pending change"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(changes.pending_exists(queryset.model))
        if self.value() == "no":
            return queryset.exclude(changes.pending_exists(queryset.model))
        return queryset


class PendingChangesAdmin:
    def may_publish_changes(self, request):
        return request.user.has_perm(changes.publishing_permission(self.model))

    def holds_changes(self, obj):
        """Whether the public sees this item, so that an editor's change to it must wait: a
        published item (or a scheduled one, which will be public by itself)."""
        return obj.status == Status.PUBLISHED

    def holding(self, request, obj):
        return obj is not None and not self.may_publish_changes(request) and self.holds_changes(obj)

    def pending_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_pending", args=[quote(obj.pk)])

    def change_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])

    # The list: a filter, and the state says when a change waits.

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(has_pending_change=changes.pending_exists(self.model))
        )

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PendingChangeFilter]

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        shown = super().state(obj)
        if getattr(obj, "has_pending_change", False):
            return gettext("%(state)s, change pending") % {"state": shown}
        return shown

    @admin.display(description=_("pending change"), boolean=True)
    def pending_change(self, obj):
        return getattr(obj, "has_pending_change", False)

    # The change form.

    # The change view, not the change form's: django-reversion's revision is made around the
    # change view, and it must be rolled back with the rest.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        pending = changes.pending_for(obj)
        context = {**self.pending_context(request, obj, pending), **(extra_context or {})}
        if not self.holding(request, obj):
            return super().change_view(request, object_id, form_url, context)
        if request.method == "POST" and "_withdraw_pending" in request.POST:
            return self.withdraw(request, obj, pending)
        return self.held_changeform_view(request, obj, object_id, form_url, context, pending)

    def held_changeform_view(self, request, obj, object_id, form_url, context, pending):
        """The change form on the pending version; a valid save becomes the pending change."""
        live = changes.snapshot(obj)
        request.holding_change = True
        saved = None
        with transaction.atomic():
            with changes.rolled_back():
                if pending is not None:
                    changes.apply(pending.rows, fresh_keys=False)
                response = super().change_view(request, object_id, form_url, context)
                if request.method == "POST" and response.status_code == 302:
                    saved = changes.snapshot(obj)
                elif hasattr(response, "render"):
                    response.render()  # from the pending version, before it is rolled back
            if saved is None:
                return response
            held = changes.hold(obj, request.user, live, saved)
            if held is not None:
                admin.ModelAdmin.log_change(
                    self,
                    request,
                    obj,
                    gettext("Saved a change for a publisher to publish: %s") % held.description,
                )
                # Stored by the rolled-back save: kept, as the pending change names them.
                for storage, name in changes.file_names(held.rows):
                    remove_unless_committed(storage, name)
        if held is None:
            self.message_user(
                request,
                gettext("Nothing differs from the live version: no change is pending."),
                messages.INFO,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "Your change to “%(item)s” is saved as a pending change. The public still "
                    "sees the live version until a publisher publishes it."
                )
                % {"item": obj},
                messages.SUCCESS,
            )
        return redirect(self.change_url(obj))

    def response_change(self, request, obj):
        if getattr(request, "holding_change", False):
            return redirect(self.change_url(obj))  # the message is the pending change's
        if changes.pending_for(obj) is not None:
            self.message_user(
                request,
                gettext(
                    "An editor's pending change to “%(item)s” still waits: compare it with "
                    "the live version, then publish it or send it back."
                )
                % {"item": obj},
                messages.WARNING,
            )
        return super().response_change(request, obj)

    def pending_context(self, request, obj, pending):
        if obj is None:
            return {}
        opts = self.model._meta
        return {
            "pending": pending,
            "pending_url": self.pending_url(obj) if pending else "",
            "holding": self.holding(request, obj),
            "may_publish_changes": self.may_publish_changes(request),
            # The form the admin would render otherwise, which admin/pending/change_form.html
            # extends with the notice.
            "pending_parent_template": select_template(
                [
                    f"admin/{opts.app_label}/{opts.model_name}/change_form.html",
                    f"admin/{opts.app_label}/change_form.html",
                    "admin/change_form.html",
                ]
            ),
        }

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if "pending_parent_template" in context:
            response.template_name = "admin/pending/change_form.html"
        return response

    # The pending change's own page: side by side with the live version, and what to do.

    def get_urls(self):
        opts = self.model._meta
        pending = path(
            "<path:object_id>/pending/",
            self.admin_site.admin_view(self.pending_view),
            name=f"{opts.app_label}_{opts.model_name}_pending",
        )
        return [pending, *super().get_urls()]  # before the admin's catch-all <object_id>/

    def pending_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise Http404 if obj is None else PermissionDenied
        pending = changes.pending_for(obj)
        if pending is None:
            self.message_user(request, gettext("No change is pending."), messages.INFO)
            return redirect(self.change_url(obj))
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "withdraw":
                return self.withdraw(request, obj, pending)
            if not self.may_publish_changes(request):
                raise PermissionDenied(gettext("Only a publisher may publish or send back."))
            if action == "publish":
                return self.publish_pending(request, obj, pending)
            if action == "send_back":
                note = request.POST.get("note", "").strip()
                if note:
                    return self.send_back(request, obj, pending, note)
                self.message_user(
                    request,
                    gettext("Say what should change: the editor reads this note on the form."),
                    messages.ERROR,
                )
        live, proposed, relations = changes.compared(obj, pending)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": gettext("Pending change to “%s”") % obj,
            "subtitle": None,
            "original": obj,
            "pending": pending,
            "fields": compared_fields(self.model, live, proposed),
            "relations": relations,
            "may_publish_changes": self.may_publish_changes(request),
            "note": request.POST.get("note", ""),
        }
        return TemplateResponse(request, "admin/pending/compare.html", context)

    def withdraw(self, request, obj, pending):
        if pending is not None:
            pending.delete()
            admin.ModelAdmin.log_change(
                self, request, obj, gettext("Withdrew the pending change: %s") % pending.description
            )
        self.message_user(
            request,
            gettext("The pending change is withdrawn: “%(item)s” is as the public sees it.")
            % {"item": obj},
            messages.SUCCESS,
        )
        return redirect(self.change_url(obj))

    @transaction.atomic
    def publish_pending(self, request, obj, pending):
        author = pending.author.get_username() if pending.author else gettext("a former user")
        comment = gettext(
            "Published the change %(author)s made on %(date)s, approved by %(publisher)s: "
            "%(changes)s"
        ) % {
            "author": author,
            "date": date_format(localtime(pending.updated_at), "Y-m-d H:i"),
            "publisher": request.user.get_username(),
            "changes": pending.description,
        }
        with self.create_revision(request):
            changes.publish(obj, pending)
            obj = type(obj)._base_manager.get(pk=obj.pk)
            reversion.add_to_revision(obj)
            reversion.set_comment(comment)
            admin.ModelAdmin.log_change(self, request, obj, comment)
        changes.change_published(pending, obj, request.user)
        self.message_user(
            request,
            gettext("The change to “%(item)s” is published.") % {"item": obj},
            messages.SUCCESS,
        )
        return redirect(self.change_url(obj))

    def send_back(self, request, obj, pending, note):
        changes.send_back(pending, request.user, note)
        admin.ModelAdmin.log_change(
            self, request, obj, gettext("Sent the pending change back: %s") % note
        )
        changes.change_sent_back(pending, obj, request.user)
        self.message_user(
            request,
            gettext("The change to “%(item)s” is sent back; the live version stays.")
            % {"item": obj},
            messages.SUCCESS,
        )
        return redirect(self.change_url(obj))
