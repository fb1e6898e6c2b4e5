"""Follow-up updates for the generated meetings (`manage.py generate_meetings`), so that the
follow-up list and its channels are exercised on a record of many years.

A share of the generated commitments gets one to three updates, drawn from the seed: their
statuses spread over every value, each update dated after the meeting, some citing a later
generated meeting as evidence. Each text says it is generated. Each commitment's draw
depends on the seed and its place in the record alone, and commitments that already have an
update are left as they are, so running it again adds nothing.
"""

import bisect
import datetime
import random

from django.utils import timezone

from core.publishing import Status
from demo.generator import MARK, SLUG_PREFIX
from followup.models import COMMITTING, Progress, Update
from meetings.models import Conclusion, Meeting

# The share of generated commitments that are followed up.
SHARE = 0.4
# How an update's status is drawn: most commitments are under way, a few are given up.
STATUS_WEIGHTS = {
    Progress.IN_PROGRESS: 40,
    Progress.ACHIEVED: 30,
    Progress.OPEN: 10,
    Progress.SUPERSEDED: 10,
    Progress.DROPPED: 10,
}
TEXTS = [
    "A working group was set up to take this forward.",
    "Members reported on the first steps taken at national level.",
    "The secretariat circulated a progress note to the Steering Committee.",
    "A follow-up workshop reviewed what had been done and what remains.",
    "The matter was taken up again at a later meeting of the Process.",
]


def follow_up_generated(seed):
    """Give a share of the generated commitments without updates their updates; returns how
    many updates were added."""
    meetings = list(
        Meeting.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("start_date", "pk")
        .values_list("start_date", "pk")
    )
    starts = [start for start, _pk in meetings]
    commitments = (
        Conclusion.objects.filter(meeting__slug__startswith=SLUG_PREFIX, kind__in=COMMITTING)
        .exclude(updates__isnull=False)
        .order_by("pk")
        .values_list("pk", "meeting__end_date", "meeting__slug", "order")
    )
    updates, evidence = [], []
    now = timezone.now()
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    for pk, end, slug, order in commitments.iterator(chunk_size=2000):
        # Drawn for each commitment from its own place in the record: one left without an
        # update is left so again, whenever this runs.
        rng = random.Random(f"{seed}:follow-up:{slug}:{order}")
        if rng.random() >= SHARE:
            continue
        date = end
        for _ in range(rng.randint(1, 3)):
            date += datetime.timedelta(days=rng.randint(30, 400))
            update = Update(
                conclusion_id=pk,
                date=date,
                progress=rng.choices(statuses, weights)[0],
                text=f"{rng.choice(TEXTS)} {MARK}",
                status=Status.PUBLISHED,
                # The stamp save() would write, which bulk_create does not call.
                first_public_at=now,
            )
            updates.append(update)
            # A meeting held between the commitment's and the update: where it was taken up.
            first, last = bisect.bisect_right(starts, end), bisect.bisect_right(starts, date)
            if first < last and rng.random() < 0.5:
                evidence.append((update, meetings[rng.randrange(first, last)][1]))
    Update.objects.bulk_create(updates, batch_size=2000)
    Update.evidence_meetings.through.objects.bulk_create(
        [
            Update.evidence_meetings.through(update_id=update.pk, meeting_id=meeting)
            for update, meeting in evidence
        ],
        batch_size=2000,
    )
    return len(updates)
