"""Answers to conditional requests, shared by the views that serve stored files."""

from http import HTTPStatus

from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response


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
