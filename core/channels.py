"""What the ways of following the record share: the list's own filters, and the links to them.

A feed, a calendar and an export of a list take the list's query string and run it through
the list's own FilterSet on the public queryset, so `?type=thematic-meeting&host_country=ET`
means the same thing on every channel. A list page links each of its channels with its
current filter.
"""

import csv
import hashlib
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language, gettext

from core.languages import colon
from core.record_version import record_version


class BadFilter(Exception):
    """The query string has a filter value the FilterSet refuses."""

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = messages


def filtered(filterset_class, request, queryset):
    """The rows of `queryset` that the request's filters select, as the list would show them.

    A list shows the form's errors for an invalid value; a feed or a file has nowhere to show
    them, so the caller answers with `bad_filter_response()` instead of a wrong or empty result.
    """
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        form = filterset.form
        raise BadFilter(
            [
                f"{form.fields[name].label}: {error}" if name in form.fields else error
                for name, errors in form.errors.items()
                for error in errors
            ]
        )
    return filterset, filterset.qs


def bad_filter_response(error):
    lines = [gettext("Some filters in the address could not be used:"), *error.messages]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def describe(filterset):
    """The filters in use as words, for a feed's or a calendar's title: “Type: Thematic…”."""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "") or (isinstance(value, slice) and not (value.start or value.stop)):
            continue
        field = filterset.form.fields[name]
        if isinstance(value, slice):
            shown = "–".join(str(end) if end else "…" for end in (value.start, value.stop))
        elif getattr(field, "choices", None) is not None and isinstance(value, str):
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = str(value)
        parts.append(f"{field.label}{colon()} {shown}")
    return ", ".join(parts)


def site_domain():
    """The site's own domain name, for identifiers that must not change with the address a
    request came by (calendar UIDs, feed entry ids): DJANGO_SITE_URL's host, else the first
    name of DJANGO_ALLOWED_HOSTS. Two host names reaching one site (a bare IP address, an
    old name) must not make one meeting two events in a calendar."""
    host = urlsplit(settings.SITE_URL).hostname
    if host:
        return host
    names = [name.lstrip(".") for name in settings.ALLOWED_HOSTS if name.lstrip(".") != "*"]
    return names[0] if names else "localhost"


def follow_query(request):
    """The list's query string without its page number: what every channel of it takes."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def follow_links(request, url_names):
    """{"feed": url, "calendar": url, "csv": url} of the list's channels, for its filter."""
    query = follow_query(request)
    return {
        channel: reverse(name) + (f"?{query}" if query else "")
        for channel, name in url_names.items()
    }


# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and
# carriage return, shifts it so that the next character starts one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell that a spreadsheet shows as text: a leading apostrophe neutralises a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows, *, last_modified=None):
    """A CSV download streamed row by row, every cell made safe for spreadsheets.

    It starts with a byte order mark: without it, spreadsheets guess a legacy encoding and
    garble titles in Amharic, Arabic or French.
    """
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def last_change(rows):
    """When the newest of `rows` (published items) last changed or came out, for
    Last-Modified; None for no rows."""
    dates = rows.order_by().aggregate(updated=Max("updated_at"), published=Max("publish_at"))
    known = [date for date in dates.values() if date is not None]
    return max(known) if known else None


def record_etag(request):
    """The answer's ETag as the API's: the record's version, the language and the address.
    Any change to what is public moves the version on, so it names the answer's content."""
    state = "\n".join([str(record_version()), get_language(), request.build_absolute_uri()])
    return f'"{hashlib.sha256(state.encode()).hexdigest()[:32]}"'


def conditional_on_record(view):
    """A channel's view (feed, calendar, export) answering conditional requests as the API
    and the cached pages do, with or without the page cache in front (a developer's server).

    A client whose ETag is the record's current one gets a 304 before anything is rendered;
    one that sends If-Modified-Since gets a 304 when the answer's Last-Modified (the newest
    item's change) is not later.
    """

    @wraps(view)
    def conditional_view(request, *args, **kwargs):
        etag = record_etag(request)
        response = get_conditional_response(request, etag=etag)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
            response["ETag"] = etag
            response = get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
        response["ETag"] = etag  # a 304 names what it confirms (RFC 9110, 15.4.5)
        return response

    return conditional_view
