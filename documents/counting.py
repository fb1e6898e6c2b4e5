"""Download counts: one row per language version and month, incremented in the database."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import DownloadTally

# Obvious automated clients; a browser or a download manager is counted.
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|preview|headless|monitor|uptime",
    re.IGNORECASE,
)


def is_bot(request):
    user_agent = request.headers.get("User-Agent", "")
    return not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


def record_download(document_file, today=None):
    """Add one download; safe under concurrent downloads (the increment happens in SQL)."""
    month = (today or timezone.localdate()).replace(day=1)
    tallies = DownloadTally.objects.filter(document_file=document_file, month=month)
    if tallies.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DownloadTally.objects.create(document_file=document_file, month=month, count=1)
    except IntegrityError:
        # Another download created this month's row between our update and our insert.
        tallies.update(count=F("count") + 1)
