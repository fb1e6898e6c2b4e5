"""List (and with --delete, remove) stored files that no document or photo refers to."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from maintenance.unreferenced import find_unreferenced


class Command(BaseCommand):
    help = (
        "List the stored files of deleted documents, language versions and photos (earlier "
        "file versions and photo renditions included): files no row refers to. A dry run "
        "unless --delete is given. Files a deleted item's stored version (its history) still "
        "names are kept unless --include-history is given: removing them makes those items "
        "unrecoverable from the history."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="remove the files listed (default: list only)"
        )
        parser.add_argument(
            "--include-history",
            action="store_true",
            help="also the files only a deleted item's history names (it can then no longer "
            "be restored with its file)",
        )

    def handle(self, *args, delete, include_history, **options):
        findings = find_unreferenced()
        names = findings.unreferenced + (findings.in_history if include_history else [])
        for name in names:
            self.stdout.write(name)
            if delete:
                default_storage.delete(name)
        verb = "Removed" if delete else "Would remove (dry run; --delete to remove)"
        self.stdout.write(f"{verb}: {len(names)} file(s).")
        if findings.in_history and not include_history:
            self.stdout.write(
                f"Kept: {len(findings.in_history)} file(s) of deleted items their history can "
                "restore (--include-history to remove them too; those items then cannot be "
                "restored)."
            )
