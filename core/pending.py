"""Pending changes: an editor's change to what the public sees waits for a publisher.

A published meeting or document (and a name the public reads, such as an organisation's) has
a live version, which the public sees, and may have one pending version, which only staff see.
An editor's save runs the admin's usual save inside a savepoint that is always rolled back:
what the save wrote to the item and to the rows its form edits (`core.history.FOLLOW`
and `EDITED_WITH`: a meeting's participants, conclusions, documents with their files,
photos) is compared with the live rows first, and the difference kept as a `PendingChange`.
Nothing of it reaches the database's live rows, the search index, the record's version or an
alert; the files the save stored stay, named by the pending change (and so kept by
`unreferenced_files`).

The same savepoint shows the editor their pending version (the form is rendered with the pending
change applied, then rolled back) and a publisher the two side by side. Publishing applies it
for good, in one transaction, field by field: what the editor did not change stays as it is
live, the publication status and schedule included.

`change_submitted`, `change_published` and `change_sent_back` are where each of those happens,
for whatever must follow them (an email, a log line).
"""

import json
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import review_mail
from core.history import FOLLOW, changed_values, describe_values, field_values
from core.logs import log_event
from core.models import PendingChange

# Models without a publishing permission of their own, and the one that publishes a change to
# them: whoever publishes meetings publishes a change to a name their pages show.
PUBLISHED_WITH = {"meetings.organisation": "meetings.publish_meeting"}

# Written by the software on every save, or computed from other fields when the row is saved:
# never a difference an editor made.
UNTRACKED = {"updated_at", "created_at", "first_public_at", "sequence", "search_vector"}


class Discarded(Exception):
    """Raised to roll a savepoint back after its work is read."""


@contextmanager
def rolled_back():
    """Run the block in a savepoint that is rolled back when it ends, whatever it did.

    `transaction.on_commit` callbacks registered inside (the shared cache's record version,
    staged uploads' removal) are discarded with it.
    """
    try:
        with transaction.atomic():
            yield
            raise Discarded
    except Discarded:
        pass


def label(obj_or_model):
    return obj_or_model._meta.label_lower


# Rows an item's form edits besides those its versions carry: a meeting's form lists its
# documents inline, and a document, though it keeps its own history, changed there must wait
# with the meeting's change.
EDITED_WITH = {"meetings.meeting": ["documents"]}


def carried_rows(obj):
    """The item, then every row its form edits, each parent before its own rows."""
    rows = [obj]
    for relation in [*FOLLOW.get(type(obj), []), *EDITED_WITH.get(label(obj), [])]:
        for child in getattr(obj, relation).all():
            rows.extend(carried_rows(child))
    return rows


def serialised(row):
    """A row's fields as Django's serialisers write them (`{"title": "…", "meeting": 3}`),
    through JSON so that what is compared is what is stored."""
    with override(settings.LANGUAGE_CODE):
        fields = serializers.serialize("python", [row])[0]["fields"]
    return json.loads(json.dumps(fields, cls=DjangoJSONEncoder))


def snapshot(obj):
    """{(model label, pk): (row, its serialised fields, its field values)} for the item and
    its rows as the database has them now."""
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    return {
        (label(row), row.pk): (row, serialised(row), field_values(row))
        for row in carried_rows(fresh)
    }


def same_value(new, old):
    # A form writes "" where a column added for a translation holds NULL: no change.
    return (new if new is not None else "") == (old if old is not None else "")


def difference(before, after):
    """What turns the rows of `before` into those of `after`, as `PendingChange.rows`."""
    rows = []
    for key, (row, fields, _values) in after.items():
        entry = {"model": key[0], "pk": key[1], "repr": str(row), "fields": fields}
        if key not in before:
            rows.append({**entry, "action": "add"})
            continue
        old = before[key][1]
        changed = [
            name
            for name in fields
            if name not in UNTRACKED and not same_value(fields[name], old.get(name))
        ]
        if changed:
            rows.append({**entry, "action": "change", "changed": changed})
    rows += [
        {"model": key[0], "pk": key[1], "repr": str(before[key][0]), "action": "delete"}
        for key in reversed(before)  # a row's own rows before it
        if key not in after
    ]
    return rows


def describe(model, before, after, rows):
    """What the change does, as history messages say it."""
    root = next(iter(after))  # the item itself comes first
    sentences = []
    for row in rows:
        key = (row["model"], row["pk"])
        row_model = apps.get_model(row["model"])
        name = row_model._meta.verbose_name
        if key == root:
            changes = describe_values(model, before[key][2], after[key][2])
            if changes:
                sentences.append(f"{changes}.")
        elif row["action"] == "add":
            sentences.append(
                _("Added %(name)s “%(object)s”.") % {"name": name, "object": row["repr"]}
            )
        elif row["action"] == "delete":
            sentences.append(
                _("Deleted %(name)s “%(object)s”.") % {"name": name, "object": row["repr"]}
            )
        else:
            changes = describe_values(row_model, before[key][2], after[key][2])
            sentences.append(
                _("Changed %(name)s “%(object)s”: %(changes)s.")
                % {"name": name, "object": row["repr"], "changes": changes}
            )
    return " ".join(sentences) or _("No fields changed.")


def deserialised(row, fields, pk):
    """The model instance that `fields` describe (not saved), and its many-to-many values
    ({"domains": [1, 5]})."""
    data = {"model": row["model"], "pk": pk, "fields": fields}
    with override(settings.LANGUAGE_CODE):
        found = next(serializers.deserialize("python", [data]))
    return found.object, found.m2m_data or {}


def with_keys_moved(model, fields, moved):
    """`fields` with each foreign key to a row added under another key pointing to its new one."""
    fields = dict(fields)
    for field in model._meta.concrete_fields:
        if field.is_relation and fields.get(field.name) is not None:
            target = (label(field.related_model), fields[field.name])
            fields[field.name] = moved.get(target, fields[field.name])
    return fields


def apply(rows, *, fresh_keys):
    """Write the pending rows over the live ones: added rows are inserted, changed rows get
    the changed fields only, deleted rows are deleted. Saved as an admin form saves them
    (signals, history, the record's version follow).

    An added row keeps the key it had when the change was made, so that a form rendered from the
    pending version posts back keys that still name its rows, unless `fresh_keys` is set (for
    good: a key handed out in a rolled-back savepoint may be given again) or the key is taken.
    """
    moved = {}
    with override(settings.LANGUAGE_CODE):
        for row in rows:
            if row["action"] == "delete":
                continue
            model = apps.get_model(row["model"])
            pending, related = deserialised(
                row, with_keys_moved(model, row["fields"], moved), row["pk"]
            )
            if row["action"] == "add":
                if fresh_keys or model._base_manager.filter(pk=row["pk"]).exists():
                    pending.pk = None
                pending.save()
                for name, keys in related.items():
                    getattr(pending, name).set(keys)
                moved[(row["model"], row["pk"])] = pending.pk
                continue
            live = model._base_manager.filter(pk=row["pk"]).first()
            if live is None:
                continue  # deleted since: nothing left to change
            for name in row["changed"]:
                if name not in related:
                    attname = model._meta.get_field(name).attname
                    setattr(live, attname, getattr(pending, attname))
            live.save()
            for name in row["changed"]:
                if name in related:
                    getattr(live, name).set(related[name])
        for row in rows:
            if row["action"] == "delete":
                model = apps.get_model(row["model"])
                for live in model._base_manager.filter(pk=row["pk"]):
                    live.delete()


def file_names(rows):
    """(storage, name) of each file the pending rows name."""
    names = []
    for row in rows:
        if row["action"] == "delete":
            continue
        model = apps.get_model(row["model"])
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and row["fields"].get(field.name):
                names.append((field.storage, row["fields"][field.name]))
    return names


def pending_file_names():
    """The names of the files that pending changes name, which no live row may name yet."""
    return {
        name
        for rows in PendingChange.objects.values_list("rows", flat=True).iterator()
        for _storage, name in file_names(rows)
    }


def publishing_permission(model):
    """The permission that publishes an editor's pending change to an item of `model`."""
    opts = model._meta
    return PUBLISHED_WITH.get(label(model), f"{opts.app_label}.publish_{opts.model_name}")


def pending_for(obj):
    if obj is None or obj.pk is None:
        return None
    return (
        PendingChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("author", "sent_back_by")
        .first()
    )


def pending_exists(model):
    """A condition for `model`'s querysets: the item has a pending change."""
    return models.Exists(
        PendingChange.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=models.functions.Cast(models.OuterRef("pk"), models.CharField()),
        )
    )


def forget_deleted(sender, instance, **kwargs):
    """post_delete: a deleted item's pending change goes with it (its files are then left to
    `unreferenced_files`)."""
    PendingChange.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=str(instance.pk)
    ).delete()


def hold(obj, user, before, after):
    """Keep what an editor's save did (the rows `before` and `after` it) as the item's pending
    change; returns it, or None when the save leaves the item as it is live."""
    rows = difference(before, after)
    existing = pending_for(obj)
    if not rows:
        if existing is not None:
            existing.delete()
        return None
    pending, _created = PendingChange.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        defaults={
            "author": user,
            "rows": rows,
            "description": describe(type(obj), before, after, rows),
            "sent_back_note": "",
            "sent_back_by": None,
            "sent_back_at": None,
        },
    )
    # Publishers are told once a change waits anew, not at each of the editor's saves.
    if existing is None or existing.sent_back_at is not None:
        change_submitted(pending, obj)
    return pending


def compared(obj, pending):
    """The live and the pending version side by side: the item's fields, as
    `core.history.compared_fields` gives them, and (heading, rows) for the rows it
    carries, as `compared_relations` does."""
    live = snapshot(obj)
    with rolled_back():
        apply(pending.rows, fresh_keys=False)
        proposed = snapshot(obj)
    root = next(iter(live))
    sections = {}
    for key in [*live, *(key for key in proposed if key not in live)]:
        if key == root:
            continue
        model = apps.get_model(key[0])
        old, new = live.get(key), proposed.get(key)
        name = str((new or old)[0])
        if old is None:
            row = (name, "—", name, True)
        elif new is None:
            row = (name, name, "—", True)
        else:
            changes = changed_values(model, old[2], new[2])
            if changes:
                row = (
                    name,
                    "; ".join(f"{label}: {value}" for label, value, _new in changes),
                    "; ".join(f"{label}: {value}" for label, _old, value in changes),
                    True,
                )
            else:
                row = (name, _("unchanged"), _("unchanged"), False)
        sections.setdefault(capfirst(model._meta.verbose_name_plural), []).append(row)
    return live[root][2], proposed[root][2], list(sections.items())


def publish(obj, pending):
    """Make the pending change live (inside the caller's transaction and revision)."""
    apply(pending.rows, fresh_keys=True)
    pending.delete()


def send_back(pending, user, note):
    pending.sent_back_note = note
    pending.sent_back_by = user
    pending.sent_back_at = timezone.now()
    pending.save(update_fields=["sent_back_note", "sent_back_by", "sent_back_at", "updated_at"])


# What follows each step of a pending change's life.


def change_submitted(pending, obj):
    """An editor's change to a public item now waits for a publisher: its publishers are told."""
    log_event("content.change_pending", model=label(obj), object_id=obj.pk)
    review_mail.tell_publishers_of_change(obj, pending.author)


def change_published(pending, obj, publisher):
    """A publisher made an editor's pending change live: the editor is told."""
    log_event("content.change_published", model=label(obj), object_id=obj.pk)
    review_mail.tell_editor_of_decision(
        obj, publisher, review_mail.PUBLISHED, editor=pending.author, change=True
    )


def change_sent_back(pending, obj, publisher):
    """A publisher sent an editor's pending change back with a note; the live stays, and the
    editor is told."""
    log_event("content.change_sent_back", model=label(obj), object_id=obj.pk)
    review_mail.tell_editor_of_decision(
        obj,
        publisher,
        review_mail.SENT_BACK,
        pending.sent_back_note,
        editor=pending.author,
        change=True,
    )
