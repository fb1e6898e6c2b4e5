"""The site's URLs plus /bench/minimal/, the baseline the benchmarks measure pages against.

The minimal view goes through the same middleware in the same gunicorn as the site's pages,
so a page's throughput divided by its throughput leaves out the machine and the server.
"""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench-minimal"),
    path("", include("khartoum.urls")),
]
