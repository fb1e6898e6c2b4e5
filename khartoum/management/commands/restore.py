"""Restore a backup into an empty database and storage, checking every file (khartoum.backup)."""

from django.core.management.base import BaseCommand

from khartoum.backup import restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database and storage."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the backup's folder")

    def handle(self, *args, folder, **options):
        restore(folder, log=self.stdout.write)
