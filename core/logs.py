"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

Events worth following (sign-ins, lockouts, publication, deletion) are logged by `log_event`
with the user's id and the request's path. A log line never holds a password, a one-time
password, a session key or a file's content: events name what happened, and Django's request
errors are described by their path, method, status and user, never by their body or headers.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.db import DatabaseError
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

events = logging.getLogger("khartoum.events")

current_request = ContextVar("current_request", default=None)

# An id a proxy in front may have given the request (nginx's $request_id, a UUID): letters,
# digits and a few separators, short. Anything else is replaced, so a client cannot write
# into the logs through it.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


class RequestIdMiddleware:
    """Give each request an id (the X-Request-ID it came with, when sane) and answer with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.id
        return response


def user_id(request):
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        # The user is read from the database when first asked for: a line logged while the
        # database is away (khartoum.outage) must not fail for want of it.
        return None


class RequestFilter(logging.Filter):
    """Add the request's id to every line, and what identifies a request Django logs with."""

    def filter(self, record):
        # Django logs a 4xx answered without an exception after the middleware has finished,
        # with the request attached to the record.
        request = getattr(record, "request", None) or current_request.get()
        record.request_id = getattr(request, "id", None)
        if getattr(record, "request", None) is not None:
            record.method = request.method
            record.path = request.path
            record.user_id = user_id(request)
        return True


class VisitorMistake(logging.Filter):
    """Log a record as a warning, without a traceback: for what a visitor or a scanner got
    wrong (a Host header naming another site), which Django logs as an error although
    nothing on the site failed. Errors then stay what someone must look at."""

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = (
                logging.WARNING,
                logging.getLevelName(logging.WARNING),
            )
        record.exc_info = record.exc_text = None
        return True


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's formatter, leaving out the request object Django attaches (its
    fields are already on the record, from RequestFilter) and calling the status `status`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        kwargs["rename_fields"] = {"status_code": "status", **kwargs.get("rename_fields", {})}
        super().__init__(*args, **kwargs)


def log_event(event, *, user=None, level=logging.INFO, **fields):
    """Log one event of the current request: its name, the user's id and the path."""
    request = current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    details = {
        "event": event,
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "path": request.path if request is not None else None,
        **fields,
    }
    events.log(level, event, extra=details)
