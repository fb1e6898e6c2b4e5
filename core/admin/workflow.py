"""The publishing workflow in the admin: what each role may do with a publishable item.

An editor (no `<app>.publish_<model>` permission) writes drafts and submits them for review;
a publisher also publishes, unpublishes, schedules, sends back with a note, and deletes what
is published. The admin shows each role only its choices, and refuses the others when they
come in a hand-made request: a field the form does not show is a 403, a status it does not
offer is a form error, a published item is not the editor's to delete.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import review_mail
from core.admin.actions import log_publication, warn_if_still_hidden
from core.publishing import State, Status, state_condition

EDITOR_STATUSES = [(Status.DRAFT, Status.DRAFT.label), (Status.REVIEW, Status.REVIEW.label)]


def can_publish(request, model):
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def state_label(obj):
    """“Draft”, “In review”, “Published”, or “Scheduled: 9 February 2017 10:00”; an item in
    review says who submitted it and when: “In review: editor, 9 February 2017 10:00”."""
    if obj.state == State.REVIEW and obj.submitted_at:
        return _("In review: %(editor)s, %(moment)s") % {
            "editor": obj.submitted_by or _("a former member of staff"),
            "moment": date_format(timezone.localtime(obj.submitted_at), "j F Y, H:i T"),
        }
    if obj.state == State.SCHEDULED:
        return _("Scheduled: %(moment)s") % {
            "moment": date_format(timezone.localtime(obj.publish_at), "j F Y, H:i T")
        }
    return obj.state.label


class StateFilter(admin.SimpleListFilter):
    """Draft, in review, scheduled or published (public now): the states staff work with."""

    title = _("state")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        if self.value() in State.values:
            return queryset.filter(state_condition(self.value()))
        return queryset


class PublishableAdmin:
    """A ModelAdmin mixin for Meeting and Document (core.publishing.Publishable)."""

    # Fields whose change moves a published item's public address: for publishers only.
    address_fields = []

    def can_publish(self, request):
        return can_publish(request, self.model)

    # Actions declared with permissions=["publish"] ask this.
    def has_publish_permission(self, request):
        return self.can_publish(request)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Status.DRAFT and not self.can_publish(request):
            return False
        return super().has_delete_permission(request, obj)

    def related_drafts(self, request, queryset):
        """Items not public on their own that publishing `queryset` should offer to publish
        too (see core.admin.actions.publish)."""
        return []

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        return state_label(obj)

    def editor_readonly_fields(self, obj):
        """What an editor sees but may not change on this item."""
        fields = ["publish_at", "review_note"]
        if obj is not None and obj.status == Status.PUBLISHED:
            fields += ["status", *self.address_fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.can_publish(request):
            fields += [name for name in self.editor_readonly_fields(obj) if name not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.can_publish(request):
            return fieldsets
        # An editor is shown the schedule and the publisher's note only when there is one.
        empty = {
            name for name in ["publish_at", "review_note"] if obj is None or not getattr(obj, name)
        }
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in empty]})
            for name, options in fieldsets
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "review_note":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None and obj.status == Status.DRAFT and obj.review_note:
                messages.warning(
                    request,
                    _("Sent back by a publisher: %(note)s") % {"note": obj.review_note},
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_prepopulated_fields(self, request, obj=None):
        readonly = self.get_readonly_fields(request, obj)
        return {
            name: sources
            for name, sources in super().get_prepopulated_fields(request, obj).items()
            if name not in readonly
        }

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.can_publish(request):
            kwargs["choices"] = EDITOR_STATUSES
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and not self.can_publish(request):
            obj = self.get_object(request, object_id) if object_id else None
            self.refuse_forged_fields(request, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def refuse_forged_fields(self, request, obj):
        """An editor's form has no input for these: sending one is not the form's doing."""
        guarded = [re.escape(name) for name in self.editor_readonly_fields(obj)]
        for inline in self.get_inline_instances(request, obj):
            if isinstance(inline, PublishableInline):
                prefix = inline.get_formset(request, obj).get_default_prefix()
                guarded.append(rf"{re.escape(prefix)}-\d+-status")
        pattern = re.compile(rf"^(?:{'|'.join(guarded)})(?:_\d+)?$")
        forged = sorted(key for key in request.POST if pattern.match(key))
        if forged:
            raise PermissionDenied(
                _("Only a publisher may change this: %(fields)s.") % {"fields": ", ".join(forged)}
            )

    def save_model(self, request, obj, form, change):
        before = type(obj).objects.filter(pk=obj.pk).values("status", "publish_at").first()
        if not self.can_publish(request):
            was_published = before is not None and before["status"] == Status.PUBLISHED
            if obj.status == Status.PUBLISHED and not was_published:
                raise PermissionDenied(_("Only a publisher may publish."))
            if was_published and obj.status != Status.PUBLISHED:
                raise PermissionDenied(_("Only a publisher may unpublish."))
        if obj.status == Status.PUBLISHED:
            obj.review_note = ""  # what was asked is done
        super().save_model(request, obj, form, change)
        before = before or {"status": None, "publish_at": None}
        log_publication(obj, before["status"], before["publish_at"])
        review_mail.status_changed(obj, request.user, before["status"])
        warn_if_still_hidden(self, request, [obj])

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not (self.can_publish(request) and obj is not None and obj.status == Status.REVIEW):
            return form

        class SendBackForm(form):
            def clean(self):
                cleaned = super().clean()
                if cleaned.get("status") == Status.DRAFT and not cleaned.get("review_note"):
                    self.add_error(
                        "review_note",
                        _("Say what should change: the editor reads this note on the form."),
                    )
                return cleaned

        return SendBackForm


class PublishableInline:
    """An inline of publishable items (a meeting's documents): an editor neither sees their
    status as a choice nor deletes one that is not a draft."""

    def can_publish(self, request):
        return can_publish(request, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.can_publish(request) and "status" not in fields:
            fields.append("status")
        return fields

    def is_published_row(self, instance, parent):
        return instance.status != Status.DRAFT

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if self.can_publish(request):
            return formset
        inline = self

        class EditorFormSet(formset):
            def clean(self):
                super().clean()
                refused = [
                    str(form.instance)
                    for form in self.deleted_forms
                    if form.instance.pk and inline.is_published_row(form.instance, self.instance)
                ]
                if refused:
                    raise ValidationError(
                        _("Only a publisher may delete what is not a draft: %(items)s.")
                        % {"items": ", ".join(refused)}
                    )

        return EditorFormSet


class PublicWithParentInline(PublishableInline):
    """An inline of rows that are public with their parent (a meeting's photos, a document's
    language versions): an editor deletes them only while the parent is a draft."""

    def can_publish(self, request):
        return can_publish(request, self.parent_model)

    def get_readonly_fields(self, request, obj=None):
        return super(PublishableInline, self).get_readonly_fields(request, obj)

    def is_published_row(self, instance, parent):
        return parent.status != Status.DRAFT
