"""Settings for the benchmarks: the site's own, with the URLs of bench/urls.py.

Configured by the same environment variables as khartoum.settings.
"""

from khartoum.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# A server for measuring work that the site keeps in its cache (search results, list counts):
# with DJANGO_BENCH_NO_CACHE=1 nothing is cached, so every request does all of its work.
if env_bool("DJANGO_BENCH_NO_CACHE", False):  # noqa: F405
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        for alias in ["default", "durable", "fragments"]
    }
    RECORD_VERSION_IN_CACHE = False
