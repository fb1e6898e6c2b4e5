"""The shared cache (Redis), which the site can do without while it is unreachable.

Everything the site caches can be computed again: when Redis does not answer, a read finds
nothing and a write is dropped (each logged once a minute at most), so pages are drawn afresh
and sessions are read from the database (`cached_db`) instead of failing. /health/ still
reports the cache as unavailable (`ping()`).

A change saved while Redis is unreachable cannot move the record's version on there: pages
and counts cached before it may then be served until they expire (DJANGO_PAGE_CACHE_SECONDS
for pages, an hour for list counts) if the same Redis comes back with its data.
"""

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY = 60


def tolerant(default):
    """The method answers `default()` instead of raising when Redis does not answer."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError:
                self.report_unreachable()
                return default()

        return wrapper

    return decorate


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one `redis.Redis` per connection pool instead of a new one
    for every cache call.

    Creating a `redis.Redis` copies the library's table of reply parsers: profiled on a list
    page, that cost more than the round trip to Redis itself. A client is safe to share
    between threads; its connections come from the pool as before.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _last_report = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def report_unreachable(self):
        now = time.monotonic()
        if now - ResilientRedisCache._last_report > LOG_EVERY:
            ResilientRedisCache._last_report = now
            logger.exception("The shared cache does not answer: serving without it")

    def ping(self):
        return self._cache.get_client().ping()

    @tolerant(lambda: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError:
            self.report_unreachable()
            return default

    @tolerant(lambda: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @tolerant(lambda: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @tolerant(lambda: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @tolerant(dict)
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @tolerant(lambda: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @tolerant(lambda: None)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @tolerant(list)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @tolerant(lambda: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)
