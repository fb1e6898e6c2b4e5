"""What the tests that start the real stack (gunicorn, nginx) share: an app server's settings."""

import os

from tests import object_storage, shared_cache


def production_environment(name, *, database_url, redis_url, bucket, s3_endpoint, static_root):
    """The environment of an app server configured as in production, answering plain HTTP on
    loopback, with its own database, cache key prefix (`name`), bucket and static files.

    The test runner's own DJANGO_* settings are left out: the server takes only these.
    """
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": f"{name}-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_REQUIRE_2FA": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_CACHE_KEY_PREFIX": name,
        "DJANGO_S3_BUCKET": bucket,
        "DJANGO_S3_ENDPOINT_URL": s3_endpoint,
        "DJANGO_S3_REGION": "us-east-1",
        "DJANGO_S3_ACCESS_KEY_ID": object_storage.ACCESS["aws_access_key_id"],
        "DJANGO_S3_SECRET_ACCESS_KEY": object_storage.ACCESS["aws_secret_access_key"],
        # Production serves collected static files (hashed names from a manifest): collected,
        # as a deployment does, into a folder of the test's own.
        "DJANGO_STATIC_ROOT": static_root,
    }


def forget(connection, name):
    """Drop the database `name` and the cache entries under its key prefix, then close
    `connection` (to the PostgreSQL server, in autocommit)."""
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()
    client = shared_cache.redis_client()
    keys = list(client.scan_iter(match=f"{name}:*"))
    if keys:
        client.delete(*keys)
