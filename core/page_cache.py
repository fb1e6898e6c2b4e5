"""The anonymous page cache: public pages as anonymous visitors get them, from the shared cache.

One entry per page address (scheme, host, path and query string), language and day (the home
page and the meetings list tell what is upcoming), and release of the code (which the cache
puts into every key: core.redis_cache). The entry keeps the record's version it was rendered at;
it is served only while that is still the version, so any change to the record (a save, a
publication, a deletion, a scheduled time passing: see core.record_version) shows at once on
every server. The version and the entry come in one round trip to the cache; a page served
from it touches no database when the version is in Redis.

What is never cached, each a trap of a whole-page cache:

- A request with a session or a message to show (staff, a signed-in user): their pages show
  the staff bar and drafts. They are answered afresh and marked `private`. This middleware
  sits before the session middleware, so it sees the `Vary: Cookie` that reading a session
  adds (Django's `cache_page`, inside the views, stores before that header is added).
- A response that sets a cookie, varies on Cookie for a session (see `without_session`),
  is not a 200, streams (downloads), hands
  a file to nginx, or says it must not be stored. Only GET responses are stored.
- The admin, the API (its throttling counts each request), staff media, /health/.
- A request to an English (unprefixed) address from a visitor whose language cookie names
  another language: it is redirected to their language's page (core.languages).
The key's language is the address's: an unprefixed page is always English, whatever the
browser's Accept-Language (which LocaleMiddleware names in `Vary`), so a French browser's
visit to /meetings/ stores, and is served, the one English page; /fr/… has its own entries.

Browsers revalidate every time (`Cache-Control: no-cache`) with the entry's `ETag` and
`Last-Modified`, so an edit is seen at once and an unchanged page costs a 304.

Compression: the entry is stored gzipped and sent so to clients that accept it. Only these
responses are compressed by the site: anonymous pages without a session, CSRF token (its
cookie would keep it from being stored) or any other secret, so a BREACH-style attack (a
secret and an attacker's text in one compressed answer) has no secret to find. Pages for
staff, with secrets such as CSRF tokens and one-time codes, go out uncompressed; nginx
compresses static files only (deploy/nginx.conf).
"""

import gzip
import hashlib
import logging
import time

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from core import record_version as record
from core.languages import remembered_page

logger = logging.getLogger(__name__)

EXCLUDED_PREFIXES = ("/admin/", "/api/", "/media/", "/health/")
# Headers an entry does not keep: each answer gets its own.
UNSTORED_HEADERS = {"content-length", "content-encoding", "etag", "last-modified", "date"}
# Pages, feeds, calendars, exports, sitemaps: text rendered from the record. Not files or photos.
STORED_TYPES = {
    "text/html",
    "text/plain",
    "text/csv",
    "text/calendar",
    "text/xml",
    "application/xml",
    "application/atom+xml",
}


def request_language(request):
    """The language LocaleMiddleware will choose for the request (it runs after this)."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=patterns_used)
    unprefixed = not translation.get_language_from_path(request.path_info)
    if patterns_used and not prefixed_default and unprefixed:
        language = settings.LANGUAGE_CODE
    return language


def page_key(request):
    state = "\n".join(
        [
            request_language(request),
            timezone.localdate().isoformat(),
            request.build_absolute_uri(),
        ]
    )
    return "page:" + hashlib.sha256(state.encode()).hexdigest()


def has_session(request):
    return bool({settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name} & request.COOKIES.keys())


def cacheable_request(request):
    return (
        request.method in {"GET", "HEAD"}
        and not request.path_info.startswith(EXCLUDED_PREFIXES)
        and not has_session(request)
        and "Authorization" not in request.headers
        # A visitor who chose French or Arabic is taken from an English address to theirs
        # (RememberedLanguage, after this middleware), not given the English page.
        and remembered_page(request) is None
    )


def storable(response, request=None):
    cache_control = response.get("Cache-Control", "")
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",")}
    return (
        response.status_code == 200
        and response.get("Content-Type", "").split(";")[0].strip() in STORED_TYPES
        and not response.streaming
        and not response.cookies
        and ("cookie" not in vary or without_session(request))
        and "*" not in vary
        and not response.has_header("X-Accel-Redirect")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def without_session(request):
    """Whether a page that varies on Cookie was rendered for no session at all.

    Every page reads `request.user` (the base template shows the staff bar to staff), which
    reads the session and so adds `Vary: Cookie`. For a request that brought no session
    cookie and a session left empty, the page is the one every visitor without a session
    gets: it may be stored (and is served only to requests without one). Anything put in
    the session, or a session brought along, and it is not.
    """
    session = getattr(request, "session", None)
    return (
        request is not None
        and not has_session(request)
        and session is not None
        and session.is_empty()
    )


def read(key):
    """(the record's version, the entry or None), in one round trip when the version is
    in the cache."""
    if settings.RECORD_VERSION_IN_CACHE:
        values = cache.get_many([record.VERSION_KEY, record.NEXT_KEY, key])
        return record.version_from_cache(values), values.get(key)
    return record.record_version(), cache.get(key)


def entry_for(response, version):
    content = response.content
    return {
        "version": version,
        "gzip": gzip.compress(content, compresslevel=6, mtime=0),
        "etag": 'W/"' + hashlib.sha256(content).hexdigest()[:32] + '"',
        "last_modified": int(time.time()),
        "headers": {
            name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
        },
    }


def accepts_gzip(header):
    """Whether an Accept-Encoding header allows gzip: named, or covered by `*`, with a
    weight above zero (`gzip;q=0` refuses it, RFC 9110, section 12.5.3)."""
    weights = {}
    for part in header.lower().split(","):
        coding, _, parameters = part.partition(";")
        weight = 1.0
        name, _, value = parameters.partition("=")
        if name.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0  # a weight that cannot be read is no consent
        weights[coding.strip()] = weight
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0


def response_from(entry, request):
    response = HttpResponse(status=200)
    for name, value in entry["headers"].items():
        response[name] = value
    if accepts_gzip(request.headers.get("Accept-Encoding", "")):
        response.content = entry["gzip"]
        response["Content-Encoding"] = "gzip"
    else:
        response.content = gzip.decompress(entry["gzip"])
    response["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, ["Accept-Encoding"])
    return revalidated(response, entry)


def revalidated(response, entry):
    """Browsers and shared caches ask again every time; an unchanged page is a 304."""
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    patch_cache_control(response, no_cache=True)
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not cacheable_request(request):
            response = self.get_response(request)
            if has_session(request) and not response.has_header("Cache-Control"):
                # A page rendered for a session is that visitor's alone.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = page_key(request)
        try:
            version, entry = read(key)
        except Exception:
            # No shared cache: serve, uncached.
            logger.exception("Page cache unavailable")
            return self.get_response(request)
        if entry is not None and entry["version"] == version:
            return self.conditional(request, response_from(entry, request), entry)
        response = self.get_response(request)
        if request.method != "GET" or not storable(response, request):
            return response
        entry = entry_for(response, version)
        try:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("Page cache unavailable")
        return self.conditional(request, response_from(entry, request), entry)

    @staticmethod
    def conditional(request, response, entry):
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
