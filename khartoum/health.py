"""/health/: whether this server can reach what it serves from, for load balancers.

Answered by a middleware near the top of the stack, before the host check, the HTTPS redirect,
sessions and the page cache: a load balancer asks by the server's address over plain HTTP,
and must learn about this server, not read a cached answer. Three cheap checks (a query, a
cache read, a look at the bucket or media folder), 200 when all pass, 503 when one fails. The answer
names each check and its outcome only: never an error's text, a host name or a setting.
"""

import logging

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

PATH = "/health/"


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def shared_cache():
    # The shared cache answers reads with nothing while Redis is down (core.redis_cache): ask it.
    if hasattr(cache, "ping"):
        cache.ping()
    else:
        cache.get("health")


def storage():
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        # The bucket itself: a wrong name, key or endpoint fails here. (The site's key needs
        # s3:ListBucket anyway, or S3 answers 403 for a name not taken and uploads fail.)
        default_storage.connection.meta.client.head_bucket(Bucket=bucket)
    else:
        default_storage.exists("health-check")


CHECKS = {"database": database, "cache": shared_cache, "storage": storage}


def health_report():
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check failed: %s", name)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return results


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        checks = health_report()
        healthy = all(result == "ok" for result in checks.values())
        response = JsonResponse(
            {"status": "ok" if healthy else "unavailable", "checks": checks},
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
