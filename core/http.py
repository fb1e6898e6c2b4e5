"""Answers to conditional requests, shared by the views that serve stored files; the client's
address behind proxies."""

import contextlib
import ipaddress
from http import HTTPStatus

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control


def conditional_response(request, *, etag=None, last_modified=None):
    """Django's get_conditional_response: a 304 or 412 when the validators say so, else None.

    Neither answer has a body, so neither has a Content-Type. CommonMiddleware gives every
    non-streaming response a Content-Length, which on a 304 RFC 9110 (section 8.6) allows only
    if it equals the whole content's length; an empty streaming response is left without one.
    """
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        return None
    if response.status_code == HTTPStatus.NOT_MODIFIED:
        response = StreamingHttpResponse(status=HTTPStatus.NOT_MODIFIED)
    del response["Content-Type"]
    return response


# How long a browser or a shared cache may keep a public file or photo without asking again.
# Once unpublished, a file answers 404 at once; caches drop it once this has passed, as their
# next revalidation gets that 404 (README, "Cached files"). A revalidation of an unchanged
# file is a 304 from the site's ETag, without a body.
PUBLIC_FILE_MAX_AGE = 60


def cache_public_file(response):
    """Cache-Control for a public file: cached a minute, then asked again; never served stale
    (must-revalidate), so an unpublished file is never sent again once the minute is over,
    even when the site cannot be reached."""
    patch_cache_control(response, public=True, max_age=PUBLIC_FILE_MAX_AGE, must_revalidate=True)
    return response


def client_address(request):
    """The client's address: the connection's, or behind TRUSTED_PROXY_COUNT proxies, the one
    the outermost proxy saw.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the client's is
    the count-th from the right; whatever a client wrote into the header itself stands further
    left and is never read. A header shorter than that, or not an address, is not trusted.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= count:
            # Not an address: the connection's stands.
            with contextlib.suppress(ValueError):
                address = str(ipaddress.ip_address(forwarded[-count].strip()))
    return address
