"""Gallery photos: uploads decoded and re-encoded with Pillow, served only as renditions."""

import io
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.cache import patch_cache_control
from PIL import Image, ImageOps

from core.http import cache_public_file, conditional_response
from core.uploads import check_size, clean_filename, open_image

# Formats a photo may arrive in, and the extensions each may carry.
PHOTO_FORMATS = {"JPEG": {".jpg", ".jpeg"}, "PNG": {".png"}, "WEBP": {".webp"}}
# name -> longest side in pixels
RENDITIONS = {"thumb": 480, "large": 1600}


def process_photo(upload):
    """Validate a gallery upload and return it re-encoded, metadata stripped, upright.

    Returns a ContentFile; the Photo's ImageField reads its width and height.
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
    return ContentFile(buffer.getvalue(), name=f"{stem}{extension}")


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
        cache_public_file(response)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
