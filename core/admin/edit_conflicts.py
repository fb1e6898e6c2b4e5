"""Two people editing one item: a save over a change made since the form was opened comes back.

Every change form carries the version of the item it was opened at: the id of its latest
django-reversion version. Every save through the admin makes one (core.admin.history.HistoryAdmin),
its rows included: a meeting's conclusions changed in its form are a new version of the
meeting. Saving compares it with the item's latest version, the item's row locked so that two
saves cannot both pass. If someone saved in between, the form comes back with the officer's
input kept (inline rows too), an error saying who changed what since (each version's history
line, field by field), and the current version as the one it was opened at. The item's fields
the officer left as they were show what was saved since, so that saving again keeps both
changes; where the officer changed a field too, their input stays, and saving again is
deliberate, and overrides.

A form without a version (made by hand, or opened before forms carried one) or with one that
is not this item's latest is stale: a save whose starting point cannot be known is never
written over someone's change unseen, and costs one more press of "Save" at worst. The version
is neither a secret nor a permission: whoever may save the form may save it again.

Why not django-concurrency: it adds a counter column to every model, sees only the row itself
(a conclusion changed in the meeting's form counts only if the meeting row is saved too), and
cannot say who changed what; reversion already keeps a version of every admin save, with its
user and what it did.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.models import Version

from core.history import version_messages

FIELD = "opened_version"


def latest_version_id(obj):
    """The id of `obj`'s latest version, as the form carries it ("" for none yet)."""
    latest = Version.objects.get_for_object(obj).order_by("-pk").values_list("pk", flat=True)
    return str(latest.first() or "")


def changes_since(obj, opened):
    """Who changed `obj` and how since its version `opened` (an id as posted, or None)."""
    versions = list(Version.objects.get_for_object(obj).select_related("revision__user"))
    # "": opened before the item had any version, so every version is newer.
    known = {"", *(str(version.pk) for version in versions)}
    if opened not in known:
        return [
            _(
                "This form does not say which version of the item it was opened at, so changes "
                "saved since cannot be told from yours. Check it against the item's history, "
                "then save again to keep your changes."
            )
        ]
    messages = version_messages(obj, versions)
    newer = sorted((v for v in versions if v.pk > int(opened or 0)), key=lambda v: v.pk)
    lines = [_("Since you opened this form, it has been changed:")]
    for version in newer:
        lines.append(
            _("%(user)s, %(date)s: %(changes)s")
            % {
                "user": name_of(version.revision.user),
                "date": date_format(localtime(version.revision.date_created), "Y-m-d H:i"),
                "changes": messages[version.pk],
            }
        )
    lines.append(
        _(
            "Your changes below are not saved yet; the fields you left as they were show these "
            "changes. Check the form, then save again to keep both: where you changed the "
            "same field, saving again keeps yours."
        )
    )
    return lines


def name_of(user):
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


def conflict_checked(form_class, obj):
    """`form_class` (a model form) carrying the version of `obj` it is opened at."""

    class ConflictCheckedForm(form_class):
        opened_version = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=latest_version_id(obj)
        )

        def clean(self):
            cleaned_data = super().clean()
            key = self.add_prefix(FIELD)
            opened = self.data.get(key)  # None: the form did not carry it
            # Locked until saved: a save made meanwhile is seen, not raced.
            model = type(self.instance)
            model._base_manager.select_for_update().only("pk").get(pk=self.instance.pk)
            latest = latest_version_id(self.instance)
            if opened != latest:
                # The form comes back opened at the latest version: saving it again overrides.
                self.data = self.data.copy()
                self.data[key] = latest
                take_changes_since(self, opened)
                raise ValidationError(changes_since(self.instance, opened))
            return cleaned_data

    ConflictCheckedForm.__name__ = form_class.__name__
    return ConflictCheckedForm


def opened_values(obj, opened):
    """`obj`'s fields at its version `opened` (an id as posted), by attname; None if unknown."""
    if not (opened or "").isdigit():
        return None
    version = Version.objects.get_for_object(obj).filter(pk=opened).first()
    return version.field_dict if version else None


def take_changes_since(form, opened):
    """Show what was saved since `opened` in the fields the officer left as they were then.

    What they changed stays their input, to override on purpose; a field they did not touch
    takes its latest value, so that saving again keeps both their change and the other one.
    """
    was = opened_values(form.instance, opened)
    if was is None:
        return
    fields = {field.name: field for field in form.instance._meta.get_fields()}
    for name, field in form.fields.items():
        model_field = fields.get(name)
        if model_field is None or getattr(model_field, "attname", None) not in was:
            continue
        if isinstance(field.widget, (forms.MultiWidget, forms.FileInput)):
            continue  # more than one value or a file: left as the officer sent it
        if field.has_changed(was[model_field.attname], form[name].data):
            continue  # the officer's own change
        now = model_field.value_from_object(form.instance)
        if now != was[model_field.attname]:
            write_value(form, name, now)


def write_value(form, name, value):
    """Put `value` into the form's submitted data as the field's widget would submit it."""
    field, key, data = form.fields[name], form.add_prefix(name), form.data
    shown = field.prepare_value(value)
    if isinstance(field.widget, forms.CheckboxInput):
        if field.widget.check_test(shown):
            data[key] = "on"
        else:
            data.pop(key, None)
    elif getattr(field.widget, "allow_multiple_selected", False):
        data.setlist(key, [str(item) for item in shown or []])
    else:
        formatted = field.widget.format_value(shown)
        if isinstance(formatted, list):  # a choice widget's selected values
            formatted = formatted[0] if formatted else None
        data[key] = "" if formatted is None else formatted


class EditConflicts:
    """A ModelAdmin mixin (before ModelAdmin among the bases): every change form carries the
    version it was opened at, and a save over a later change comes back (see above)."""

    def checks_conflicts(self, request, obj):
        return obj is not None and self.has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if self.checks_conflicts(request, obj):
            kwargs["form"] = conflict_checked(kwargs.get("form", self.form), obj)
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.checks_conflicts(request, obj) or FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        # A hidden field, rendered with the first fieldset.
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], FIELD]}), *rest]
