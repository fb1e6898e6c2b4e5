"""Restore a backup into an empty database and storage, checking every file (maintenance.backup)."""

from django.core.management.base import BaseCommand

from maintenance.backup import is_bucket_address, restore, restore_from_bucket


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database and storage."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the backup's folder, or s3://bucket/prefix")

    def handle(self, *args, folder, **options):
        load = restore_from_bucket if is_bucket_address(folder) else restore
        load(folder, log=self.stdout.write)
