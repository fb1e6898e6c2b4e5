"""Grow the record to a given number of meetings with generated, clearly marked sample meetings."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.record_version import record_changed
from core.search import reindex_all
from demo.database import analyze
from demo.followup_generator import follow_up_generated
from demo.generator import Generator, next_number
from demo.process_generator import grow_process_record
from meetings.models import Meeting

BATCH = 500


class Command(BaseCommand):
    help = (
        "Add generated sample meetings (published, with participants, conclusions and documents "
        "that share one sample PDF, each language version with a text of known word "
        "frequencies) until there are TOTAL meetings in all. The same seed gives the same "
        "meetings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--total", type=int, required=True, help="How many meetings there should be in all."
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed of the generated content.")
        parser.add_argument(
            "--documents-per-meeting",
            type=int,
            default=10,
            help="The average number of documents of a meeting (default 10).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (none without a terminal)."
        )

    def handle(self, *args, total, seed, documents_per_meeting, no_progress, **options):
        if total < 0 or documents_per_meeting < 0:
            raise CommandError("--total and --documents-per-meeting cannot be negative.")
        existing = Meeting.objects.count()
        if existing >= total:
            self.stdout.write(
                f"There are already {existing} meetings, {total} asked for: nothing to add."
            )
            return
        started = time.monotonic()
        generator = Generator(seed, documents_per_meeting)
        first = next_number()
        wanted = total - existing
        # tqdm writes carriage returns: it needs the stream itself, not Django's line wrapper.
        with tqdm(
            total=wanted,
            unit=" meetings",
            file=self.stderr._out,
            disable=True if no_progress else None,  # None: only on a terminal
        ) as progress:
            for start in range(first, first + wanted, BATCH):
                numbers = range(start, min(start + BATCH, first + wanted))
                generator.save([generator.plan(number) for number in numbers])
                progress.update(len(numbers))
        grow_process_record(seed)
        follow_up_generated(seed)
        # bulk_create sends no signal: say that the record changed, so cached counts go, and
        # index what was added for search.
        record_changed()
        reindex_all()
        # After a bulk load the SQLite planner needs statistics to choose the right index for
        # the meeting page's documents (see `analyze`).
        analyze()
        counts = generator.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {counts['meetings']} generated meetings ({existing} → {total}) with "
                f"{counts['participants']} participants, {counts['conclusions']} conclusions, "
                f"{counts['documents']} documents and {counts['files']} language versions, "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
