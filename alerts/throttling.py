"""How many subscription requests one client address, or one email address, may make."""

import hashlib

from rest_framework.throttling import SimpleRateThrottle

from core.redis_cache import durable


class RequestThrottle(SimpleRateThrottle):
    """At most `rate` ("<number>/<second|minute|hour|day>") requests of one `ident`, counted
    in the cache that every app server shares.

    Django REST framework's throttle, which the API uses, given its rate and whom it counts
    instead of reading them from an API view.
    """

    def __init__(self, scope, rate, ident):
        self.scope = scope
        self.rate = rate
        # Hashed: an email address is not written into the cache's keys.
        self.ident = hashlib.sha256(str(ident).lower().encode()).hexdigest()
        super().__init__()

    @property
    def cache(self):
        # Counts a deploy keeps: a new release gives no fresh allowance.
        return durable()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}

    def allow(self):
        return self.allow_request(None, None)
