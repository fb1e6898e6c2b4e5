"""What visitors get while the database or the object store does not answer: a 503 page.

Pages the anonymous page cache holds are still served from it (core.page_cache reads
the record's version from Redis, and touches no database for them). Anything else that
needs the database, and downloads and photos that need the object store, are answered with
`503 Service Unavailable`, a page in the site's style (templates/503.html) and `Retry-After`,
never a server error's page: the visitor learns that the site is away for a moment, a load
balancer or crawler that it should come back. Nothing of the error is shown; it goes to the
log.

Where nginx cannot reach an app server, or the object store fails a download nginx proxies,
nginx answers with the same page, rendered beforehand (`manage.py nginx_config`).

The site comes back by itself: a connection the outage broke is found unusable and replaced
at the next request (`CONN_HEALTH_CHECKS`, khartoum.settings).

The middleware turns errors raised by views (and by the rendering of their templates) into
the 503; `server_error`, the site's handler500, does the same for one raised by a middleware
(e.g. a session read from the database), so no path ends in a 500 page for an outage.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def outage_errors():
    """The exceptions that mean a service is away, not a fault of the code."""
    errors = [OperationalError, InterfaceError, ConnectionError, TimeoutError]
    try:
        from botocore.exceptions import BotoCoreError

        # Endpoint unreachable, connection closed, read or connect timeout.
        errors.append(BotoCoreError)
    except ImportError:  # pragma: no cover - boto3 is a requirement
        pass
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError

        errors.append(RedisConnectionError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


OUTAGE_ERRORS = outage_errors()


def is_outage(exception):
    if isinstance(exception, OUTAGE_ERRORS):
        return True
    # A file of the media folder that cannot be read (a network mount gone away); a file that
    # is simply missing is not an outage.
    return isinstance(exception, OSError) and not isinstance(
        exception, (FileNotFoundError, PermissionError, IsADirectoryError)
    )


def unavailable_page():
    """The 503 page in the active language, rendered without a request: nothing in it may need
    the database. `manage.py nginx_config` writes it out for nginx too."""
    return loader.get_template("503.html").render()


def unavailable():
    response = HttpResponse(unavailable_page(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class OutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        logger.error("Service unavailable: %s %s", request.method, request.path, exc_info=exception)
        return unavailable()


def server_error(request, template_name="500.html"):
    """handler500: a 503 when what went wrong is an outage (raised outside any view)."""
    exception = sys.exc_info()[1]
    if exception is not None and is_outage(exception):
        return unavailable()
    return django_server_error(request, template_name=template_name)
