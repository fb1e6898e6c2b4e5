"""Middleware of the site's own."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _


class AdminNullCharacters:
    """Take NUL characters out of the admin's query strings, with a message.

    PostgreSQL refuses a text value containing NUL, and the admin passes query-string values
    straight to the database in its list filters (`?status__exact=%00`) and its autocomplete
    (`?term=%00`): without this, both answer with a server error. The changelist's own search
    box already refuses NUL (Django's ChangeListSearchForm); this answers every admin page the
    same way, Django's own admins and any added later included. The public pages need nothing:
    their filter forms refuse NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and any(
            "\x00" in key or "\x00" in value for key, value in self.query_pairs(request)
        ):
            return self.without_null_characters(request)
        return self.get_response(request)

    @staticmethod
    def query_pairs(request):
        return [(key, value) for key, values in request.GET.lists() for value in values]

    def without_null_characters(self, request):
        messages.error(
            request,
            _("Null characters are not allowed in a search or a filter; they have been removed."),
        )
        query = urlencode(
            [
                (key.replace("\x00", ""), value.replace("\x00", ""))
                for key, value in self.query_pairs(request)
            ]
        )
        return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)
