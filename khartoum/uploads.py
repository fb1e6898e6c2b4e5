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
        if category[0] == "Z" or char in "\t\n\r":
            kept.append(" ")  # any space or line break becomes a plain space
        elif category[0] == "C" or char in '<>:"|?*;':
            continue  # control and format characters, and those special in headers or paths
        else:
            kept.append(char)
    name = " ".join("".join(kept).split())
    # The "x" keeps a name such as ".pdf" from being read as a stem without an extension.
    stem, ext = os.path.splitext("x" + name)
    stem = stem[1:].strip(" .") or fallback
    ext = ext.lower()[:10] if len(ext) > 1 else ""
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
