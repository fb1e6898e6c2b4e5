from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from core.http import client_address
from core.redis_cache import durable


class AddressRateThrottle(SimpleRateThrottle):
    """At most settings.API_THROTTLE_RATE requests per client address, signed in or not.

    The address is the site's own reading of it (behind DJANGO_TRUSTED_PROXY_COUNT proxies,
    the one the outermost proxy saw), so a forged X-Forwarded-For buys no fresh allowance.
    """

    scope = "api"

    @property
    def cache(self):
        # Counts a deploy keeps: a new release gives no fresh allowance.
        return durable()

    def get_rate(self):
        # Read at each request rather than once from DRF's settings, so a change of the
        # setting (and a test's) takes effect.
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
