"""Read the text of every language version's file (current and earlier) again and refresh
every search vector.

For files uploaded before text was read, after a change to how it is read or indexed, or
after rows were written without their save (a bulk load).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from core.record_version import record_changed
from core.search import reindex_all
from documents.extraction import extract_text
from documents.models import DocumentFile, DocumentFileRevision


class Command(BaseCommand):
    help = "Read the text of every document file again and rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--index-only",
            action="store_true",
            help="Keep the files' text as read; only rebuild the search vectors.",
        )

    def handle(self, *args, index_only=False, **options):
        quiet = options["verbosity"] == 0

        def progress(iterable, **kwargs):
            return tqdm(iterable, disable=quiet, file=self.stderr, **kwargs)

        if not index_only:
            # Earlier files keep their text too, though only the current ones are searched.
            for model, desc in ((DocumentFile, "files"), (DocumentFileRevision, "earlier files")):
                files = model.objects.order_by("pk").only("pk", "file", "original_name")
                for stored_file in progress(files, total=files.count(), desc=desc, unit="file"):
                    try:
                        with stored_file.file.open("rb") as stored:
                            text = extract_text(stored, stored_file.original_name)
                    except OSError as error:
                        self.stderr.write(f"{stored_file.file.name}: {error}")
                        continue
                    # An update, not a save: the vectors are rebuilt below, once.
                    model.objects.filter(pk=stored_file.pk).update(text=text)
        with transaction.atomic():
            reindex_all(progress)
            # Updates send no signal: search results cached by record version must go.
            record_changed()
        if not quiet:
            self.stdout.write(self.style.SUCCESS("The search index is up to date."))
