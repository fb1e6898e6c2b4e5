"""Serving stored files: conditional requests, byte ranges, HEAD, and the nginx hand-off.

Django checks access before any of this runs; these functions only decide which bytes to
send and with which headers, streaming from storage without loading a file into memory.
"""

import re
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, http_date

from core.http import cache_public_file, conditional_response

CHUNK_SIZE = 64 * 1024
RANGE_PATTERN = re.compile(r"^bytes=(\d*)-(\d*)$")
MAX_RANGE_HEADER = 200
# Formats a browser may show inline; everything else is always downloaded.
INLINE_TYPES = {"application/pdf"}


def parse_range(header, size):
    """The one byte range a Range header asks for, as (start, end) inclusive.

    Returns None to send the whole file (no header, a malformed one, or several ranges,
    which HTTP allows a server to answer with the whole file), and "unsatisfiable" when the
    range lies outside the file.
    """
    # A single range is a few dozen characters; a longer header is ignored rather than
    # parsed (int() refuses numbers of more than 4300 digits).
    if not header or "," in header or len(header) > MAX_RANGE_HEADER:
        return None
    match = RANGE_PATTERN.match(header.strip().replace(" ", ""))
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None  # a syntactically invalid range is ignored, as HTTP says
    else:
        suffix = int(last)
        if suffix == 0:
            return "unsatisfiable"
        start, end = max(size - suffix, 0), size - 1
    if start >= size:
        return "unsatisfiable"
    return start, end


def if_range_allows(request, etag, last_modified):
    """A Range only applies when If-Range (if sent) still names the current file."""
    if_range = request.headers.get("If-Range")
    if not if_range:
        return True
    return if_range.strip() in {etag, http_date(last_modified)}


def read_range(fileobj, start, length):
    try:
        fileobj.seek(start)
        remaining = length
        while remaining > 0:
            chunk = fileobj.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        fileobj.close()


def is_local(storage):
    """Whether files are in a folder of this machine (else: an object store)."""
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


def signed_link(stored):
    """A link to the object, valid for DJANGO_S3_LINK_SECONDS, that answers with the
    site's file name and type."""
    inline = stored.content_type in INLINE_TYPES
    return stored.file.storage.url(
        stored.file.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(
                not inline, stored.public_name
            ),
            "ResponseContentType": stored.content_type,
        },
    )


def range_header(byte_range):
    return f"bytes={byte_range[0]}-{byte_range[1]}" if byte_range else ""


def handed_to_nginx(stored, byte_range):
    """An answer telling nginx which file to send from its internal location
    (deploy/nginx.conf): the media folder, or the object store through a signed link.

    nginx sends this answer's validators and security headers with the file, in place of
    its own or the store's. From the media folder it answers the visitor's Range itself,
    checking If-Range against this answer's ETag; to the object store it passes only the
    range decided here (X-Download-Range), since the store knows nothing of the site's ETag.
    """
    response = HttpResponse(content_type=stored.content_type)
    if is_local(stored.file.storage):
        target = quote(stored.file.name)
    else:
        link = urlsplit(signed_link(stored))
        target = link.path.lstrip("/") + "?" + link.query
        response["X-Download-Range"] = range_header(byte_range)
    response["X-Accel-Redirect"] = settings.DOWNLOADS_X_ACCEL_PREFIX + target
    return response


def nginx_would_refuse(request, stored):
    """Whether nginx, sending a file from the media folder, would answer 412 to a request
    this site found its conditions hold for: nginx checks If-Match against its own
    validator (the file's date and size), before the site's ETag is given to the answer.
    Such requests (rare: an editing tool's, not a browser's) are answered by this process."""
    return "If-Match" in request.headers and is_local(stored.file.storage)


def stored_object_body(stored, byte_range):
    """The object's bytes (or its range) as the object store streams them. The store is
    asked here, before the answer starts, so that a store away is the site's 503 page."""
    stored_object = stored.file.storage.open(stored.file.name, "rb").obj
    body = stored_object.get(**({"Range": range_header(byte_range)} if byte_range else {}))["Body"]
    return chunks_of(body)


def chunks_of(body):
    """The connection to the store is closed however the download ends (a visitor leaving
    halfway included)."""
    try:
        yield from body.iter_chunks(CHUNK_SIZE)
    finally:
        body.close()


def streamed(stored, byte_range):
    """The file (or its range) read by this process from storage."""
    size = stored.size
    start, end = byte_range or (0, size - 1)
    if not is_local(stored.file.storage):
        response = StreamingHttpResponse(
            stored_object_body(stored, byte_range), content_type=stored.content_type
        )
    elif byte_range:
        response = StreamingHttpResponse(
            read_range(stored.file.storage.open(stored.file.name, "rb"), start, end - start + 1),
            content_type=stored.content_type,
        )
    else:
        # FileResponse lets the WSGI server use sendfile for whole files.
        response = FileResponse(
            stored.file.storage.open(stored.file.name, "rb"), content_type=stored.content_type
        )
    return with_length(response, byte_range, size)


def with_length(response, byte_range, size):
    if byte_range:
        response.status_code = 206
        response["Content-Range"] = f"bytes {byte_range[0]}-{byte_range[1]}/{size}"
    length = byte_range[1] - byte_range[0] + 1 if byte_range else size
    response["Content-Length"] = str(length)
    return response


def serve_stored_file(request, stored, *, public):
    """Answer a GET or HEAD for a DocumentFile; returns (response, is_full_download).

    Every way of sending the bytes (this process, nginx from the media folder, nginx from
    the object store, this process from the object store) answers with the same headers:
    the file's SHA-256 as its ETag, its name, the security headers, and a HEAD answered
    here, without touching storage, with the headers of the GET.
    """
    size = stored.size
    etag = f'"{stored.sha256}"'
    last_modified = int(stored.uploaded_at.timestamp())
    response = conditional_response(request, etag=etag, last_modified=last_modified)
    byte_range = None
    named_by_store = False
    if response is None and if_range_allows(request, etag, last_modified):
        byte_range = parse_range(request.headers.get("Range"), size)

    if response is not None:
        pass  # 304 Not Modified or 412 Precondition Failed
    elif byte_range == "unsatisfiable":
        response = HttpResponse(status=416)
        del response["Content-Type"]  # empty, not an HTML page
        response["Content-Range"] = f"bytes */{size}"
    elif request.method == "HEAD":
        response = with_length(HttpResponse(content_type=stored.content_type), byte_range, size)
    elif settings.DOWNLOADS_X_ACCEL_PREFIX and not nginx_would_refuse(request, stored):
        response = handed_to_nginx(stored, byte_range)
        # The object store's answer names the file (as the signed link asks), not this one:
        # nginx keeps this answer's Content-Disposition even on the 503 page it sends when
        # the store fails (deploy/nginx.conf), and browsers would save that page as the file.
        named_by_store = not is_local(stored.file.storage)
    else:
        response = streamed(stored, byte_range)

    if response.status_code in {200, 206} and not named_by_store:
        inline = stored.content_type in INLINE_TYPES
        response["Content-Disposition"] = content_disposition_header(not inline, stored.public_name)
    if response.status_code in {200, 206}:
        response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    if public:
        cache_public_file(response)
    else:
        patch_cache_control(response, private=True, no_store=True)

    # A full download is the whole file at once, or a resumable client's range covering all of it.
    full = response.status_code in {200, 206} and byte_range in (None, (0, size - 1))
    return response, full and request.method == "GET"
