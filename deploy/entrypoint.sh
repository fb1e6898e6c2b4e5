#!/bin/sh
# Migrations first: the new code serves only a database that it knows. Set
# DJANGO_MIGRATE=0 on all but one container when several start at once.
set -e
if [ "${DJANGO_MIGRATE:-1}" = "1" ]; then
  python manage.py migrate --no-input
fi
exec "$@"
