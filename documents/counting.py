"""Download counts: one row per language version and month, incremented in the database."""

import logging
import re

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from documents.models import DownloadTally

logger = logging.getLogger(__name__)

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


def count_when_sent(response, document_file):
    """Count the download once the server has sent the response and closes it.

    The visitor's bytes never wait for the count, and a count that fails (the database
    busy or down) is logged without breaking the download.
    """
    close = response.close

    def count_then_close():
        try:
            record_download(document_file)
        except DatabaseError:
            logger.exception("Could not count a download of file %s", document_file.pk)
        close()

    response.close = count_then_close
