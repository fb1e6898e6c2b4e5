"""Back up the database and every stored file to a new folder (khartoum.backup)."""

from django.core.management.base import BaseCommand

from khartoum.backup import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and every stored file, with a SHA-256 manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder")

    def handle(self, *args, folder, **options):
        backup(folder, log=self.stdout.write)
