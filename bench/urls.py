"""The site's URLs plus /bench/minimal/, the baseline the benchmarks measure pages against.

The minimal view goes through the same middleware in the same gunicorn as the site's pages,
so a page's throughput divided by its throughput leaves out the machine and the server.
"""

from django.http import HttpResponse
from django.urls import path

from khartoum.urls import urlpatterns as site_urlpatterns


def minimal(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench-minimal"),
    # Added to, not included: the site's language prefixes (i18n_patterns) work only in the
    # root URLconf.
    *site_urlpatterns,
]
