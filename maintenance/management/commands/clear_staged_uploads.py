from django.core.management.base import BaseCommand
from django.utils import timezone

from core.staged_uploads import MAX_AGE, clear_expired


class Command(BaseCommand):
    help = (
        f"Remove files staged across failed form submissions that are older than {MAX_AGE}. "
        "Run it daily."
    )

    def handle(self, *args, **options):
        removed = clear_expired(timezone.now())
        self.stdout.write(f"{removed} staged upload(s) removed.")
