"""The shared cache of production (Redis) for the tests that need it.

REDIS_TEST_URL names the server and database (default: database 7 of a local Redis). Each
test uses keys of its own prefix and removes them after, so tests in parallel and other users
of the same database do not meet. Without a reachable Redis the tests skip, saying so.
"""

import os
import uuid

import pytest

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/7")


def redis_reachable():
    import redis

    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


def redis_client():
    import redis

    return redis.Redis.from_url(REDIS_TEST_URL)


@pytest.fixture
def redis_cache(settings):
    """The caches on Redis, and the record's version in it, as with REDIS_URL set."""
    if not redis_reachable():
        pytest.skip(f"no Redis at {REDIS_TEST_URL} (CI has one; set REDIS_TEST_URL)")
    prefix = f"test-{uuid.uuid4().hex}"
    shared = {
        "BACKEND": "core.redis_cache.ResilientRedisCache",
        "LOCATION": REDIS_TEST_URL,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {
        **settings.CACHES,
        "default": {**shared, "KEY_FUNCTION": settings.CACHES["default"]["KEY_FUNCTION"]},
        "durable": shared,
    }
    settings.RECORD_VERSION_IN_CACHE = True
    yield prefix
    client = redis_client()
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
