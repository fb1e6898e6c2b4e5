# The site's app server: gunicorn serving Django, as a non-root user, on a slim Python base.
# nginx, PostgreSQL, Redis and the object store run beside it (compose.yaml describes the
# whole stack). Migrations run before the server starts (deploy/entrypoint.sh).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles

RUN groupadd --system khartoum && useradd --system --gid khartoum --home-dir /app khartoum
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=khartoum:khartoum . .
# Static files with hashed names, collected at build time (no secret is needed for it).
RUN DJANGO_SECRET_KEY=build-only DJANGO_DEBUG=0 python manage.py collectstatic --no-input \
    && chown -R khartoum:khartoum /app/staticfiles

USER khartoum
EXPOSE 8000
ENTRYPOINT ["deploy/entrypoint.sh"]
# One process per core (gunicorn reads WEB_CONCURRENCY), four threads each: see the README.
ENV WEB_CONCURRENCY=2
CMD ["gunicorn", "khartoum.wsgi", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", \
     "--threads", "4", "--max-requests", "2000", "--max-requests-jitter", "200", \
     "--graceful-timeout", "30", "--access-logfile", "-"]
