"""Gallery photos: uploads decoded and re-encoded with Pillow, served only as renditions."""

import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from khartoum.http import conditional_response
from khartoum.uploads import check_size, clean_filename

# Formats a photo may arrive in, and the extensions each may carry.
PHOTO_FORMATS = {"JPEG": {".jpg", ".jpeg"}, "PNG": {".png"}, "WEBP": {".webp"}}
MAX_SIDE = 10_000
MAX_PIXELS = 50_000_000
# name -> longest side in pixels
RENDITIONS = {"thumb": 480, "large": 1600}


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


def process_photo(upload):
    """Validate a gallery upload and return it re-encoded, metadata stripped, upright.

    Returns (ContentFile, width, height).
    """
    check_size(upload, settings.PHOTO_MAX_UPLOAD_MB)
    image = open_image(upload, PHOTO_FORMATS)
    source_format = image.format
    # Applying the EXIF orientation, then saving without the EXIF block, strips GPS and camera.
    image = ImageOps.exif_transpose(image)
    if source_format == "JPEG":
        image = image.convert("RGB")
        save_kwargs = {"format": "JPEG", "quality": 90, "optimize": True}
        extension = ".jpg"
    elif source_format == "PNG":
        save_kwargs = {"format": "PNG", "optimize": True}
        extension = ".png"
    else:
        save_kwargs = {"format": "WEBP", "quality": 90}
        extension = ".webp"
    if image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, **save_kwargs)
    stem = os.path.splitext(clean_filename(upload.name, fallback="photo"))[0]
    return ContentFile(buffer.getvalue(), name=f"{stem}{extension}"), image.width, image.height


def rendition_name(photo, size):
    stem = os.path.splitext(os.path.basename(photo.image.name))[0]
    return f"photos/renditions/{stem}-{size}.webp"


def make_rendition(photo, size):
    """Write the resized WebP rendition once; later requests find it in storage."""
    name = rendition_name(photo, size)
    if not default_storage.exists(name):
        longest = RENDITIONS[size]
        with photo.image.open("rb") as source:
            image = Image.open(source)
            image.load()
        image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        if image.mode not in {"RGB", "RGBA"}:
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="WEBP", quality=82, method=4)
        default_storage.save(name, ContentFile(buffer.getvalue()))
    return name


def rendition_response(request, photo, size):
    name = make_rendition(photo, size)
    etag = f'"{os.path.basename(name)}"'
    response = conditional_response(request, etag=etag)
    if response is None:
        response = FileResponse(default_storage.open(name, "rb"), content_type="image/webp")
    response["ETag"] = etag  # a 304 names what it confirms (RFC 9110, 15.4.5)
    if photo.meeting.is_published:
        patch_cache_control(response, public=True, max_age=86400)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
