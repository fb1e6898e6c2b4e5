"""Files of deleted documents and photos: stored objects that no row refers to any more.

Deleting a document, a language version or a photo removes its row, never its file (a
deletion can be undone from the history, django-reversion's stored versions, which name the
file). This lists what the storage holds that nothing names: not a language version, not an
earlier version of a file, not a photo, nor a photo's rendition, nor a file that an editor's
pending change names (core.pending). Files that a stored version
of a deleted item still names are kept too unless `include_history` is given: removing them
makes those items unrecoverable (restoring one from the history would give it a missing file).

Not listed: `pending/` (forms' staged uploads, cleared by `clear_staged_uploads`). Never run by
the backup, which copies every file.
"""

import json
import os
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage

from core.staged_uploads import FOLDER as STAGED_FOLDER
from maintenance.backup import stored_names

# (model, its file field)
FILE_FIELDS = [
    ("documents.DocumentFile", "file"),
    ("documents.DocumentFileRevision", "file"),
    ("meetings.Photo", "image"),
]
RENDITIONS = "photos/renditions/"


@dataclass
class Findings:
    unreferenced: list = field(default_factory=list)
    # Named only by a deleted item's stored version (its history).
    in_history: list = field(default_factory=list)


def referenced_names():
    """The files that rows name, and those that an editor's pending change names (to be live
    once a publisher publishes it)."""
    from core.pending import pending_file_names

    names = pending_file_names()
    for label, field_name in FILE_FIELDS:
        model = apps.get_model(label)
        names.update(model.objects.exclude(**{field_name: ""}).values_list(field_name, flat=True))
    return names


def names_in_history():
    """File names in the stored versions of the models with files (deleted items' included)."""
    from reversion.models import Version

    fields = {}
    for label, field_name in FILE_FIELDS:
        model = apps.get_model(label)
        fields[ContentType.objects.get_for_model(model).pk] = field_name
    names = set()
    versions = Version.objects.filter(content_type__in=fields).values_list(
        "content_type", "format", "serialized_data"
    )
    for content_type, format, data in versions.iterator():
        if format != "json":
            continue
        for item in json.loads(data):
            name = item.get("fields", {}).get(fields[content_type])
            if name:
                names.add(name)
    return names


def rendition_stem(name):
    """The photo's stem a rendition was made from: photos/renditions/<stem>-<size>.webp."""
    return os.path.basename(name).rsplit("-", 1)[0]


def photo_stems(names):
    return {
        os.path.splitext(os.path.basename(name))[0]
        for name in names
        if name.startswith("photos/") and not name.startswith(RENDITIONS)
    }


def find_unreferenced(storage=default_storage):
    live = referenced_names()
    history = names_in_history() - live
    live_stems, history_stems = photo_stems(live), photo_stems(history)
    findings = Findings()
    for name in stored_names(storage):
        if name.startswith(STAGED_FOLDER + "/") or name in live:
            continue
        if name.startswith(RENDITIONS):
            stem = rendition_stem(name)
            if stem in live_stems:
                continue
            in_history = stem in history_stems
        else:
            in_history = name in history
        (findings.in_history if in_history else findings.unreferenced).append(name)
    return findings
