"""The shared cache (Redis), which the site can do without while it is unreachable.

Everything the site caches can be computed again: when Redis does not answer, a read finds
nothing and a write is dropped (each logged once a minute at most), so pages are rendered afresh
and sessions are read from the database (`cached_db`) instead of failing. /health/ still
reports the cache as unavailable (`ping()`).

A change saved while Redis is unreachable cannot move the record's version on there: pages
and counts cached before it may then be served until they expire (DJANGO_PAGE_CACHE_SECONDS
for pages, an hour for list counts) if the same Redis comes back with its data.

Two aliases share the one Redis (settings.CACHES). "default" holds what the code renders or
computes — pages, rows, filter forms, counts, search results, the glance's figures — and
puts the code's release (`release()`) into every key (`release_key`), so that a deploy, or a
developer's restart after editing a template, starts from empty entries without any caller
naming the release. Only the record's version is the same for every release: see
`release_key`. "durable" holds what other libraries keep and a deploy must not drop: the
sessions and the requests counted by the throttles.
"""

import functools
import hashlib
import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY = 60
# The alias of what a deploy must not drop (see above).
DURABLE = "durable"
# The keys of the record's version (core.record_version), which servers of the old and the new
# release, side by side during a deploy, must share to see the same changes; stored in the
# default alias so that a page and the version are read in one round trip (page_cache).
SHARED_BY_EVERY_RELEASE = "record:"


def durable():
    """The cache of what outlives a release: sessions and the throttles' counts."""
    return caches[DURABLE]


@functools.cache
def release():
    """What the code that renders the pages is: DJANGO_RELEASE, or a digest of its files.

    A deploy of new templates or views then starts with empty entries, and servers still
    running the old code keep theirs apart while the new ones start.
    """
    if settings.PAGE_CACHE_RELEASE:
        return settings.PAGE_CACHE_RELEASE
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR).resolve()
    # The project's own apps, templates and translations; its dependencies by their pins.
    digest.update((root / "requirements.txt").read_bytes())
    folders = [root / "templates", root / "locale"] + [
        path
        for path in (Path(config.path).resolve() for config in apps.get_app_configs())
        if path.is_relative_to(root) and "site-packages" not in path.parts
    ]
    for folder in sorted(set(folders)):
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".xml", ".mo"} and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def release_key(key, key_prefix, version):
    """The KEY_FUNCTION of the caches of what the code renders: Django's key with the
    release, but for the record's version."""
    if key.startswith(SHARED_BY_EVERY_RELEASE):
        return f"{key_prefix}:{version}:{key}"
    return f"{key_prefix}:{version}:{release()}:{key}"


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
        """Asks Redis, raising when it does not answer, which every other method hides."""
        RedisCache.has_key(self, "health")

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
