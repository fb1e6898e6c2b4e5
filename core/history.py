"""The record's history: every content model is versioned with django-reversion.

Each content app registers its models (register()): a version carries the item's own rows
(a meeting's participants, conclusions and photos; a document's files), so restoring an item,
even a deleted one, brings them back. Changes are also
described field by field ("Status: Draft → Published") in Django's admin log, which the
object's history and the audit log show.
"""

import datetime
from collections import defaultdict

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.models import RevisionLogEntry
from core.richtext import RichTextField, plain_text

# What each version carries with it: the rows that are part of the item, edited in its form
# (a meeting's participants, conclusions and photos, a document's language versions with
# their earlier files), and the addresses that redirect to it. Restoring the version brings
# back these and nothing else (core/restore.py): a meeting's documents are items of
# their own, with their own history. Each content app fills these when it starts
# (meetings/history.py, documents/history.py), through register().
FOLLOW = {}
# Rows that record what an item had before (its earlier addresses, files and file names):
# restoring puts back those missing and never removes one, as what they keep must keep
# answering.
RECORDS = {}
# What restoring keeps of what it replaces, by model: called with (the item as it was, as
# restored), e.g. a meeting's previous address keeps redirecting.
ON_RESTORE = {}
# Fields of one model written by the software, not by an officer (a file's extracted text):
# "app.Model.field", beside the names below that stand for that field on every model.
UNDESCRIBED_MODEL_FIELDS = set()


def register(model, *, follow=(), records=(), on_restore=None, undescribed=()):
    """Version `model` with django-reversion, each version carrying the rows named in
    `follow`; `records` among them are never removed by a restore."""
    if follow:
        FOLLOW[model] = list(follow)
    if records:
        RECORDS[model] = set(records)
    if on_restore:
        ON_RESTORE[model] = on_restore
    UNDESCRIBED_MODEL_FIELDS.update(f"{model._meta.label}.{name}" for name in undescribed)
    reversion.register(model, follow=follow)


# Written by the software, not by an officer: listing them would only add noise (a name
# stands for that field on every model; a conclusion's text is an officer's, so fields of one
# model alone are in UNDESCRIBED_MODEL_FIELDS).
UNDESCRIBED_FIELDS = {
    "created_at",
    "updated_at",
    "width",
    "height",
    "sequence",
    "search_vector",
    "first_public_at",
}
TEXT_LIMIT = 60


def described(field):
    """Whether a change to the field is told in history messages and comparisons."""
    return not (
        field.primary_key
        or field.name in UNDESCRIBED_FIELDS
        or f"{field.model._meta.label}.{field.name}" in UNDESCRIBED_MODEL_FIELDS
        # A translated text's English column repeats the original field, which is told.
        or getattr(field, "language", None) == settings.LANGUAGE_CODE
    )


def field_values(obj):
    """The values of an object's fields as stored, keyed like reversion's `field_dict`.

    Read with English active: a translated text's original field (`title`) is stored in
    English, whatever the officer's language (core/translated_text.py).
    """
    with override(settings.LANGUAGE_CODE):
        values = {
            field.attname: field.value_from_object(obj) for field in obj._meta.concrete_fields
        }
    # A many-to-many field (a meeting's priority domains) as the keys it names, as django-
    # reversion keeps it.
    for field in obj._meta.many_to_many:
        values[field.attname] = sorted(related.pk for related in field.value_from_object(obj))
    return values


def described_fields(model):
    """The fields history tells of: the columns, then the many-to-many fields."""
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if described(field)
    ]


def display_value(field, value, limit=TEXT_LIMIT):
    """A stored value as an officer reads it: a choice's label, a related object's name.

    Text is cut at `limit` characters (None: whole).
    """
    if value is None or value == "" or (isinstance(field, models.FileField) and not value):
        return "—"
    if field.many_to_many:
        if not value:
            return "—"
        named = field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(str(related) for related in named)
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
    if isinstance(field, RichTextField):
        value = plain_text(value)  # the words an officer wrote, not the tags around them
    if isinstance(field, models.CharField | models.TextField):
        if limit is None:
            return str(value)
        return f"“{Truncator(' '.join(str(value).split())).chars(limit)}”"
    return str(value)


def same(old, new):
    # Stored values and form values differ in type (a Country against its code, a file against
    # its name): compare what they say.
    return str(getattr(old, "name", old) or "") == str(getattr(new, "name", new) or "")


def changed_values(model, old, new):
    """(label, old value, new value) of each field that differs between two `field_values`."""
    changes = []
    for field in described_fields(model):
        name = field.attname
        if name not in old:
            continue
        if not same(old[name], new.get(name)):
            changes.append(
                (
                    capfirst(field.verbose_name),
                    display_value(field, old[name]),
                    display_value(field, new.get(name)),
                )
            )
    return changes


def describe_values(model, old, new):
    """“Status: Draft → Published; Title: “A” → “B”” between two `field_values`."""
    return "; ".join(f"{label}: {a} → {b}" for label, a, b in changed_values(model, old, new))


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
        if field.many_to_many:
            # Rows in the form, their keys in `field_values`.
            old[field.attname] = related_keys(form.initial.get(name))
            new[field.attname] = related_keys(form.cleaned_data.get(name))
            continue
        old[field.attname] = form.initial.get(name)
        new[field.attname] = field.value_from_object(form.instance)
    return "; ".join(part for part in [describe_values(model, old, new), *extra] if part)


def related_keys(values):
    """The sorted keys of a many-to-many field's rows (or keys), as `field_values` has them."""
    return sorted(getattr(value, "pk", value) for value in values or [])


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


def compared_fields(model, old, new):
    """Each field of two versions side by side: (label, old value, new value, changed)."""
    return [
        (
            capfirst(field.verbose_name),
            display_value(field, old.get(field.attname), limit=None),
            display_value(field, new.get(field.attname), limit=None),
            not same(old.get(field.attname), new.get(field.attname)),
        )
        for field in described_fields(model)
    ]


def followed_versions(version, relation):
    """The versions of `relation`'s items (a meeting's participants…) saved with `version`."""
    related_field = version.content_type.model_class()._meta.get_field(relation)
    model = related_field.related_model
    parent = related_field.field.attname
    saved = version.revision.version_set.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )
    return model, {v.object_id: v for v in saved if str(v.field_dict[parent]) == version.object_id}


def compared_relations(version1, version2):
    """What happened to each followed item between two versions: added, removed or changed."""
    sections = []
    for relation in FOLLOW.get(version1.content_type.model_class(), []):
        model, before = followed_versions(version1, relation)
        _model, after = followed_versions(version2, relation)
        rows = []
        for object_id in sorted(before.keys() | after.keys(), key=int):
            old, new = before.get(object_id), after.get(object_id)
            if old is None:
                rows.append((new.object_repr, "—", new.object_repr, True))
            elif new is None:
                rows.append((old.object_repr, old.object_repr, "—", True))
            else:
                changes = changed_values(model, old.field_dict, new.field_dict)
                if not changes:
                    rows.append((new.object_repr, _("unchanged"), _("unchanged"), False))
                    continue
                rows.append(
                    (
                        new.object_repr,
                        "; ".join(f"{label}: {value}" for label, value, _new in changes),
                        "; ".join(f"{label}: {value}" for label, _old, value in changes),
                        True,
                    )
                )
        if rows:
            sections.append((capfirst(model._meta.verbose_name_plural), rows))
    return sections


def link_log_entry(sender, instance, created, raw, **kwargs):
    """An admin log entry written within a revision is kept with it (RevisionLogEntry)."""
    if created and not raw and reversion.is_active():
        reversion.add_meta(RevisionLogEntry, log_entry=instance)


def version_messages(obj, versions):
    """What each of `versions` (of `obj`) did to `obj`, by version id, for its history.

    The admin log entries written for `obj` in the version's revision; without any, what
    changed in its fields since its previous version; without a change, the revision's
    comment (a deletion, or a revision saved before entries were kept with revisions).
    """
    versions = sorted(versions, key=lambda version: version.pk)
    links = RevisionLogEntry.objects.filter(
        revision__in=[version.revision_id for version in versions],
        log_entry__content_type=ContentType.objects.get_for_model(obj),
        log_entry__object_id=str(obj.pk),
    ).select_related("log_entry")
    entries = defaultdict(list)
    for link in links.order_by("log_entry__pk"):
        entries[link.revision_id].append(link.log_entry.get_change_message())
    messages, previous = {}, None
    for version in versions:
        changes = previous and describe_values(type(obj), previous.field_dict, version.field_dict)
        own = " ".join(entries[version.revision_id])
        messages[version.pk] = own or (f"{changes}." if changes else version.revision.comment)
        previous = version
    return messages
