"""Small images made in memory for tests."""

import io

from PIL import Image


def jpeg_bytes(width=64, height=48, **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, "JPEG", **save_options)
    return buffer.getvalue()
