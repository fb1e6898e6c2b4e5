"""Restoring a version: an item and its own rows as they were, and nothing else.

A revision holds every item saved with it (a meeting's documents published with it, other
meetings deleted by the same list action…), but restoring one item's version puts back only
that item and the rows that are part of it (FOLLOW in core/history.py). Another item
saved in the same revision has its own history and keeps its later changes.

Rows that record the past (RECORDS: previous addresses, earlier files, former file names)
are put back when missing and never removed, and what restoring replaces joins them: a
meeting's address keeps redirecting, a file taken off a language version becomes one of its
earlier files. Nothing the record refers to is then left only in the history, where
`unreferenced_files --include-history` would remove it.

Recovering a deleted item also brings back what was deleted with it (a meeting's documents)
and takes back what was kept apart from it when it was deleted (documents left standing
alone), unless another item has taken it since.
"""

from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.history import (
    FOLLOW,
    ON_RESTORE,
    RECORDS,
    describe_values,
    field_values,
    followed_versions,
)


@dataclass
class Restoration:
    """What restoring did: the item, and sentences saying what came back, for the message
    and the log; `companions` are other items it changed, with what it did to each."""

    obj: object = None
    changes: str | None = None  # the item's own fields, old → new (None: it was deleted)
    sentences: list = field(default_factory=list)
    companions: list = field(default_factory=list)


def restore(version):
    """Put back `version`'s item with its own rows as they were; nothing else changes."""
    model = version.content_type.model_class()
    current = model._base_manager.filter(pk=version.object_id).first()
    restoration = Restoration()
    if current is not None:
        restoration.changes = describe_values(model, field_values(current), version.field_dict)
    restoration.obj = put_back(version, current, restoration.sentences)
    return restoration


def recover(version):
    """Bring back a deleted item from `version` (its deletion's), with what went with it."""
    restoration = restore(version)
    obj = restoration.obj
    for companion, fk in companions(version):
        recover_companion(obj, companion, fk, restoration)
    return restoration


def put_back(version, current, sentences):
    """Revert `version`'s item (now `current`, or None if deleted), then its rows."""
    model = version.content_type.model_class()
    rows = {relation: followed_versions(version, relation)[1] for relation in FOLLOW.get(model, [])}
    if current is not None:
        # First: a row added since may hold what a restored row needs (its language).
        for relation, saved in rows.items():
            if relation not in RECORDS.get(model, ()):
                remove_rows_added_since(current, relation, saved, sentences)
    version.revert()
    obj = model._base_manager.get(pk=version.object_id)
    if current is not None and model in ON_RESTORE:
        ON_RESTORE[model](current, obj)
    for relation, saved in rows.items():
        existing = {str(row.pk): row for row in getattr(obj, relation).all()}
        record = relation in RECORDS.get(model, ())
        for object_id, row_version in saved.items():
            row = existing.get(object_id)
            if record and row is not None:
                continue  # a record is never rewritten
            if not record:
                describe_row(row_version, row, sentences)
            put_back(row_version, row, [])
    return obj


def remove_rows_added_since(obj, relation, saved, sentences):
    for row in getattr(obj, relation).all():
        if str(row.pk) not in saved:
            sentences.append(
                _("Deleted %(name)s “%(object)s”.")
                % {"name": row._meta.verbose_name, "object": row}
            )
            row.delete()


def describe_row(row_version, row, sentences):
    model = row_version.content_type.model_class()
    name = model._meta.verbose_name
    if row is None:
        sentences.append(
            _("Added %(name)s “%(object)s”.") % {"name": name, "object": row_version.object_repr}
        )
        return
    changes = describe_values(model, field_values(row), row_version.field_dict)
    if changes:
        sentences.append(
            _("Changed %(name)s “%(object)s”: %(changes)s.")
            % {"name": name, "object": row_version.object_repr, "changes": changes}
        )


# Reverting writes the version's row as it was, without the model's `save()`: what `save()`
# counts on from the stored row (when the item was first public, a meeting's calendar
# revision) goes on in each model's ON_RESTORE (core.history.register), with these.


def keep_first_public(item, restored):
    """A version from before the item was public does not make it new again, nor does one
    from after it take the stamp away: alerts told of it once."""
    restored.stamp_first_public({"first_public_at": item.first_public_at})
    written(restored, "first_public_at")


def written(obj, *fields):
    """Write `fields` of `obj` as the revert wrote the rest: without `save()` or signals."""
    type(obj)._base_manager.filter(pk=obj.pk).update(
        **{name: getattr(obj, name) for name in fields}
    )


def companions(version):
    """The other items in `version`'s revision that point at its item (a meeting's
    documents), each with the foreign key that does; the item's own rows are not among them."""
    model = version.content_type.model_class()
    own = set(FOLLOW.get(model, []))
    links = [
        relation.field
        for relation in model._meta.related_objects
        if relation.one_to_many and relation.get_accessor_name() not in own
    ]
    for fk in links:
        saved = version.revision.version_set.get_for_model(fk.model)
        for companion in saved:
            value = companion.field_dict.get(fk.attname)
            if value is None or str(value) == version.object_id:
                yield companion, fk


def recover_companion(obj, companion, fk, restoration):
    """An item saved in `obj`'s deletion: deleted with it, or kept apart when it was."""
    model = fk.model
    name = model._meta.verbose_name
    current = model._base_manager.filter(pk=companion.object_id).first()
    attached = companion.field_dict.get(fk.attname) is not None
    if attached and current is None:
        # Deleted with the item: it comes back with it.
        item = put_back(companion, None, [])
        done = _("Recovered with “%(item)s”.") % {"item": obj}
        restoration.sentences.append(
            _("Recovered %(name)s “%(object)s” with it.") % {"name": name, "object": item}
        )
        restoration.companions.append((item, done))
    elif attached:
        return  # saved with it but not deleted: not the deletion's to change
    elif current is None:
        restoration.sentences.append(
            _(
                "%(name)s “%(object)s”, kept when it was deleted, has been deleted since: "
                "recover it from the deleted %(plural)s."
            )
            % {
                "name": capfirst(name),
                "object": companion.object_repr,
                "plural": model._meta.verbose_name_plural,
            }
        )
    elif getattr(current, fk.attname) is None:
        # Kept apart (a document left standing alone): it belongs to the item again.
        setattr(current, fk.name, obj)
        current.save(update_fields=[fk.name, *updated_at(model)])
        done = _("%(field)s: — → “%(item)s” (recovered).") % {
            "field": capfirst(fk.verbose_name),
            "item": obj,
        }
        restoration.sentences.append(
            _("Attached %(name)s “%(object)s” again.") % {"name": name, "object": current}
        )
        restoration.companions.append((current, done))
    else:
        restoration.sentences.append(
            _(
                "%(name)s “%(object)s”, kept when it was deleted, is now part of “%(other)s”: "
                "left there."
            )
            % {
                "name": capfirst(name),
                "object": current,
                "other": getattr(current, fk.name),
            }
        )


def updated_at(model):
    return ["updated_at"] if any(f.name == "updated_at" for f in model._meta.fields) else []
