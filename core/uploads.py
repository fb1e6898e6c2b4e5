"""Rules every upload follows, whatever it is: a size limit, a stored name we generate, and
images decoded in full before they are accepted."""

import os
import unicodedata
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

MAX_NAME_LENGTH = 200
# The largest image accepted, whatever its file size.
MAX_SIDE = 10_000
MAX_PIXELS = 50_000_000


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


def open_image(upload, allowed_formats):
    """Decode an uploaded image fully, or say clearly why it is refused."""
    extension = os.path.splitext(clean_filename(upload.name))[1]
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in allowed_formats:
                raise ValidationError(
                    _("This is a %(format)s image; only %(allowed)s are accepted.")
                    % {"format": image.format, "allowed": ", ".join(allowed_formats)},
                    code="format",
                )
            if extension not in allowed_formats[image.format]:
                raise ValidationError(
                    _("The file is a %(format)s image but its name ends in “%(ext)s”.")
                    % {"format": image.format, "ext": extension or _("no extension")},
                    code="extension_mismatch",
                )
            width, height = image.size
            if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The image is %(w)s × %(h)s pixels; the limit is %(side)s pixels a side.")
                    % {"w": width, "h": height, "side": MAX_SIDE},
                    code="dimensions",
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image is far larger than its file suggests and was refused."), code="bomb"
        ) from None
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError):
        raise ValidationError(
            _("The file is not a readable image: it is corrupt, truncated or of another kind."),
            code="corrupt",
        ) from None
    return image
