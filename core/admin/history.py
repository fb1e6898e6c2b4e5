"""History in the admin: versions with compare and restore for every content model."""

from contextlib import contextmanager, nullcontext

import reversion
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from core.admin.edit_conflicts import EditConflicts
from core.admin.forms_across_sign_in import HeldFormAdmin
from core.history import (
    compared_fields,
    compared_relations,
    describe_form,
    describe_submission,
    describe_values,
    field_values,
    version_messages,
)
from core.logs import log_event
from core.restore import recover, restore
from core.richtext import NoncedMediaAdmin


@contextmanager
def logged_deletion(objs):
    """Log each item's deletion once it is done (deleting forgets the primary key)."""
    deleted = [(obj._meta.label_lower, obj.pk) for obj in objs]
    yield
    for model, object_id in deleted:
        log_event("content.deleted", model=model, object_id=object_id)


class RolledBack(Exception):
    """Carries a restore's form back out of the transaction it rolls back."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def has_history_admin(site, model):
    return site.is_registered(model) and isinstance(site.get_model_admin(model), HistoryAdmin)


def can_restore(request, model_admin, obj=None):
    """Who may restore an earlier version or a deleted item.

    Restoring can put back what is public, so content (meetings, documents) takes the
    publish permission: publishers restore, editors do not. The shared lists (types,
    organisations) take what deleting from them takes.
    """
    if not model_admin.has_change_permission(request, obj):
        return False
    if hasattr(model_admin, "can_publish"):
        return model_admin.can_publish(request)
    return model_admin.has_delete_permission(request, obj)


class HistoryAdmin(HeldFormAdmin, EditConflicts, NoncedMediaAdmin, VersionAdmin):
    """A content model's admin whose every change is a version, described field by field.

    Its change form may hold the rich-text editor, whose inline import map needs the CSP nonce.

    Change forms (with their inlines), list actions and list edits each make one revision
    with the user and a comment; a change form saved over a change made since it was opened
    comes back (core/admin/edit_conflicts.py); deleting first saves the item's last state, so it
    can be recovered with everything that went with it.
    """

    history_latest_first = True
    object_history_template = "admin/history/object_history.html"
    revision_form_template = "admin/history/revision_form.html"
    recover_form_template = "admin/history/recover_form.html"
    # An app's own change list template should extend this one, which links to what can
    # be recovered.
    change_list_template = "admin/history/change_list.html"

    def has_restore_permission(self, request, obj=None):
        return can_restore(request, self, obj)

    # Messages: Django's admin log and the revision's comment both say old → new.

    def construct_change_message(self, request, form, formsets, add=False):
        restored = getattr(request, "history_restored", None)
        if not restored:
            return describe_submission(form, formsets, add)
        edited = form.changed_data or any(
            formset.new_objects or formset.changed_objects or formset.deleted_objects
            for formset in formsets or []
        )
        request.history_message = (
            f"{restored} {describe_submission(form, formsets, add)}" if edited else restored
        )
        return request.history_message

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if has_history_admin(self.admin_site, formset.model):
                self.log_rows(request, form.instance, formset)

    def log_rows(self, request, parent, formset):
        """A row that is an item of its own (a meeting's document) says in its own history
        what the parent's form did to it; the parent's history says it too."""
        forms_by_object = {id(row.instance): row for row in formset.initial_forms}
        for added in formset.new_objects:
            message = gettext("Added in the form of “%(parent)s”.") % {"parent": parent}
            admin.ModelAdmin.log_addition(self, request, added, message)
        for changed, _fields in formset.changed_objects:
            message = gettext("Changed in the form of “%(parent)s”: %(changes)s.") % {
                "parent": parent,
                "changes": describe_form(forms_by_object[id(changed)]),
            }
            admin.ModelAdmin.log_change(self, request, changed, message)

    @contextmanager
    def create_revision(self, request):
        with super().create_revision(request):
            yield
            # Restoring ends with reversion's own comment; the revision says what came back.
            if getattr(request, "history_message", None):
                reversion.set_comment(request.history_message)

    # Revisions around what changes data.

    def changelist_view(self, request, extra_context=None):
        # List actions make their own revision (response_action); list edits need one here.
        editing = request.method == "POST" and "_save" in request.POST
        context = {
            "has_change_permission": self.has_change_permission(request),
            "has_restore_permission": self.has_restore_permission(request),
            **(extra_context or {}),
        }
        with self.create_revision(request) if editing else nullcontext():
            return admin.ModelAdmin.changelist_view(self, request, context)

    def response_action(self, request, queryset):
        """Run a list action in a revision and log, per item, what it changed."""
        if "delete_selected" in request.POST.getlist("action"):
            return super().response_action(request, queryset)  # deletion records itself
        if request.POST.get("select_across") != "1":
            queryset = queryset.filter(pk__in=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        before = {obj.pk: field_values(obj) for obj in queryset}
        with self.create_revision(request):
            response = super().response_action(request, queryset)
            lines = []
            for obj in self.model._default_manager.filter(pk__in=before):
                changes = describe_values(self.model, before[obj.pk], field_values(obj))
                if changes:
                    admin.ModelAdmin.log_change(self, request, obj, f"{changes}.")
                    lines.append(f"“{obj}”: {changes}.")
            if lines:
                reversion.set_comment(" ".join(lines))
        return response

    def record_before_deletion(self, request, objs):
        """Save each item's state as it is deleted, in a revision of its own: recovering one
        starts from it and brings back that item alone."""
        for obj in objs:
            with self.create_revision(request):
                reversion.set_comment(gettext("Deleted."))
                reversion.add_to_revision(obj)

    def delete_model(self, request, obj):
        self.record_before_deletion(request, [obj])
        with logged_deletion([obj]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.record_before_deletion(request, queryset)
        with logged_deletion(queryset):
            super().delete_queryset(request, queryset)

    # Restoring: permission-checked, scoped to the item, and logged with what it put back.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404  # a deleted item is recovered from the list of deleted items
        if not self.has_restore_permission(request, obj):
            raise PermissionDenied
        # This item's version: another model's or another item's version id is not found here.
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        context = {
            "title": gettext("Restore “%(name)s”") % {"name": version.object_repr},
            "revert": True,
            **(extra_context or {}),
        }
        return self.restore_form_view(
            request, version, restore, self.revision_form_template, context
        )

    def recover_view(self, request, version_id, extra_context=None):
        if not (self.has_restore_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied
        # The last version of a deleted item of this model, as the list of deleted items shows.
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        context = {
            "title": gettext("Recover “%(name)s”") % {"name": version.object_repr},
            "recover": True,
            **(extra_context or {}),
        }
        return self.restore_form_view(
            request, version, recover, self.recover_form_template, context
        )

    def restore_form_view(self, request, version, put_back, template, context):
        """The item's form as `put_back(version)` leaves it; saving it keeps that, anything
        else (looking, a form error) rolls it back.

        On a look (GET) the models' signals are muted, as django-reversion does, so that
        nothing outside the database hears of a change that is rolled back.
        """
        muted = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        try:
            with transaction.atomic(), muted if request.method == "GET" else nullcontext():
                restoration = put_back(version)
                request.history_restored = self.restored_message(version, restoration)
                # The revision holds the item as its form saves it, with its rows.
                with self.create_revision(request):
                    response = self.changeform_view(
                        request,
                        quote(str(restoration.obj.pk)),
                        request.path,
                        {**context, "restoring": request.history_restored},
                    )
                    if request.method == "POST" and response.status_code == 302:
                        self.log_companions(request, restoration)
                        return response
                    response.template_name = template
                    response.render()  # before the rollback, while the form shows the version
                    raise RolledBack(response)
        except (RevertError, ProtectedError, IntegrityError) as error:
            messages.error(
                request, gettext("This version could not be restored: %(error)s") % {"error": error}
            )
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except RolledBack as rolled_back:
            return rolled_back.response

    def restored_message(self, version, restoration):
        date = date_format(localtime(version.revision.date_created), "Y-m-d H:i")
        if restoration.changes is None:
            first = gettext("Recovered after deletion, as it was on %(date)s.") % {"date": date}
        else:
            first = gettext("Restored the version of %(date)s%(changes)s.") % {
                "date": date,
                "changes": f": {restoration.changes}" if restoration.changes else "",
            }
        return " ".join([first, *restoration.sentences])

    def log_companions(self, request, restoration):
        """Each other item the restore changed says so in its own history."""
        for companion, message in restoration.companions:
            reversion.add_to_revision(companion)
            admin.ModelAdmin.log_change(self, request, companion, message)

    def response_change(self, request, obj):
        restored = getattr(request, "history_restored", None)
        if not restored:
            return super().response_change(request, obj)
        # The admin would say “changed” and go to the list: say what came back, show the item.
        self.message_user(request, f"“{obj}”: {restored}", messages.SUCCESS)
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", quote(obj.pk))

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]  # before the admin's catch-all <object_id>/

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {
            "has_restore_permission": self.has_restore_permission(request, obj),
            **(extra_context or {}),
        }
        response = super().history_view(request, object_id, context)
        if obj is not None:  # otherwise the admin redirects
            # Reversion lists the revisions; the compare form picks this item's versions in
            # them, and each line says what its revision did to this item.
            versions = Version.objects.get_for_object(obj).select_related("revision")
            by_revision = {version.revision_id: version for version in versions}
            messages_by_version = version_messages(obj, by_revision.values())
            actions = response.context_data["action_list"]
            for action in actions:
                version = by_revision[action["revision"].pk]
                action["version_id"] = version.pk
                action["message"] = messages_by_version[version.pk]
            response.context_data["comparable"] = len(actions) > 1
        return response

    def compare_view(self, request, object_id, extra_context=None):
        """Two versions side by side, field by field, and what became of the rows they carry."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        try:
            older, newer = sorted(int(request.GET[f"version_id{n}"]) for n in (1, 2))
        except (KeyError, ValueError):
            raise Http404 from None
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        older = get_object_or_404(versions, pk=older)
        newer = get_object_or_404(versions, pk=newer)
        messages_by_version = version_messages(obj, versions)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": gettext("Compare versions of “%s”") % obj,
            "subtitle": None,
            "original": obj,
            "older": older,
            "newer": newer,
            "older_message": messages_by_version[older.pk],
            "newer_message": messages_by_version[newer.pk],
            "fields": compared_fields(self.model, older.field_dict, newer.field_dict),
            "relations": compared_relations(older, newer),
            "has_restore_permission": self.has_restore_permission(request, obj),
            "restore_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_revision",
                args=[quote(obj.pk), older.pk],
            ),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/history/compare.html", context)
