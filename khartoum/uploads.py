"""Rules every upload follows, whatever it is: a size limit and a stored name we generate."""

import os
import unicodedata
import uuid

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_NAME_LENGTH = 200


def clean_filename(name, fallback="file"):
    """The uploaded name made safe to show and to send back as a download name.

    Keeps letters of any script, drops directories, control and format characters and the
    characters that are special in file systems or headers.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category[0] in "CZ" and char != " ":
            continue  # control, format, separators other than a plain space
        if char in '<>:"|?*;':
            continue
        kept.append(char)
    name = " ".join("".join(kept).split()).strip(" .")
    stem, ext = os.path.splitext(name)
    if not stem:
        stem = fallback
    ext = ext.lower()[:10]
    return stem[: MAX_NAME_LENGTH - len(ext)] + ext


def generated_name(folder, extension):
    """A fresh, unguessable storage name: uploads never choose where they land."""
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def check_size(upload, max_megabytes):
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = max_megabytes * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
