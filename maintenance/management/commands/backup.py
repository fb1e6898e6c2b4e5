"""Back up the database and every stored file to a new folder (maintenance.backup)."""

from django.core.management.base import BaseCommand

from maintenance.backup import backup, backup_to_bucket, is_bucket_address


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and every stored file, with a SHA-256 manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", help="a new or empty folder, or s3://bucket/prefix (a new prefix)"
        )

    def handle(self, *args, folder, **options):
        make = backup_to_bucket if is_bucket_address(folder) else backup
        make(folder, log=self.stdout.write)
