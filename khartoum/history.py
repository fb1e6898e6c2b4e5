"""The record's history: every content model is versioned with django-reversion.

A meeting's version carries its participants, conclusions, documents (with their files) and
photos, so restoring a meeting, even a deleted one, brings all of it back. Changes are also
described field by field ("Status: Draft → Published") in Django's admin log, which the
object's history and the audit log show.
"""

import datetime

import reversion
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from documents.models import Document, DocumentFile, DocumentFileRevision, DocumentType
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo

reversion.register(Organisation)
reversion.register(MeetingType)
reversion.register(DocumentType)
reversion.register(Participant)
reversion.register(Conclusion)
reversion.register(Photo)
reversion.register(DocumentFileRevision)
reversion.register(DocumentFile, follow=["revisions"])
reversion.register(Document, follow=["files"])
reversion.register(Meeting, follow=["participants", "conclusions", "documents", "photos"])

# Written by the software, not by an officer: listing them would only add noise.
UNDESCRIBED_FIELDS = {"created_at", "updated_at", "width", "height"}
TEXT_LIMIT = 60


def field_values(obj):
    """The values of an object's fields as stored, keyed like reversion's `field_dict`."""
    return {field.attname: field.value_from_object(obj) for field in obj._meta.concrete_fields}


def display_value(field, value):
    """A stored value as an officer reads it: a choice's label, a related object's name."""
    if value is None or value == "" or (isinstance(field, models.FileField) and not value):
        return "—"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else _("deleted item #%s") % value
    if field.flatchoices:
        choices = dict(field.flatchoices)
        return str(choices.get(value, choices.get(str(value), value)))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(value, "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(field, models.FileField):
        return str(getattr(value, "name", value))
    if isinstance(field, models.CharField | models.TextField):
        return f"“{Truncator(' '.join(str(value).split())).chars(TEXT_LIMIT)}”"
    return str(value)


def same(old, new):
    # Stored values and form values differ in type (a Country against its code, a file against
    # its name): compare what they say.
    return str(getattr(old, "name", old) or "") == str(getattr(new, "name", new) or "")


def describe_values(model, old, new):
    """“Status: Draft → Published; Title: “A” → “B”” between two `field_values`."""
    parts = []
    for field in model._meta.concrete_fields:
        name = field.attname
        if field.primary_key or field.name in UNDESCRIBED_FIELDS or name not in old:
            continue
        if not same(old[name], new.get(name)):
            parts.append(
                f"{capfirst(field.verbose_name)}: "
                f"{display_value(field, old[name])} → {display_value(field, new.get(name))}"
            )
    return "; ".join(parts)


def describe_form(form):
    """The changes a submitted model form made, with old and new values."""
    model = form.instance._meta.model
    old, new = {}, {}
    extra = []
    for name in form.changed_data:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is None or not field.concrete:
            # A form-only field, such as a file upload handed to a service.
            value = form.cleaned_data.get(name)
            shown = getattr(value, "name", value)
            if shown not in (None, "", False):
                extra.append(f"{capfirst(form.fields[name].label or name)}: {shown}")
            continue
        old[field.attname] = form.initial.get(name)
        new[field.attname] = field.value_from_object(form.instance)
    return "; ".join(part for part in [describe_values(model, old, new), *extra] if part)


def describe_submission(form, formsets, add):
    """What one save of a change form did, the object's own fields and every inline row."""
    sentences = []
    if add:
        sentences.append(_("Added."))
    elif form.changed_data:
        sentences.append(describe_form(form) + ".")
    for formset in formsets or []:
        forms_by_object = {id(f.instance): f for f in formset.initial_forms}
        for added in formset.new_objects:
            sentences.append(
                _("Added %(name)s “%(object)s”.")
                % {"name": added._meta.verbose_name, "object": added}
            )
        for changed, _fields in formset.changed_objects:
            row = forms_by_object.get(id(changed))
            description = describe_form(row) if row is not None else ""
            sentences.append(
                _("Changed %(name)s “%(object)s”: %(changes)s.")
                % {"name": changed._meta.verbose_name, "object": changed, "changes": description}
            )
        for deleted in formset.deleted_objects:
            sentences.append(
                _("Deleted %(name)s “%(object)s”.")
                % {"name": deleted._meta.verbose_name, "object": deleted}
            )
    return " ".join(sentence for sentence in sentences if sentence.strip(".")) or _(
        "No fields changed."
    )
