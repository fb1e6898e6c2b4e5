"""Settings for the benchmarks: the site's own, with the URLs of bench/urls.py.

Configured by the same environment variables as khartoum.settings.
"""

from khartoum.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
