"""Chairs, Steering Committee seats and memberships for the generated record (demo.generator),
so that the Process over time's pages are seen with years of turnover.

Like the generated meetings, nothing here is the Process's record: only the generated
organisations hold these terms, and every term's note says it is a generated sample. The
same seed gives the same terms; they are made once (a second run adds none), in the periods
the record's own terms leave free, so there is still one chair at a time.
"""

import datetime
import random

from demo.generator import FIRST_DAY, LAST_START, MARK
from meetings.models import Organisation
from process.models import Chairmanship, DatePrecision, Membership, SteeringCommitteeSeat

NOTE = "Generated sample term, not part of the Process's record."
TERMS = [Chairmanship, SteeringCommitteeSeat, Membership]
SEATS_PER_SIDE = 5
KINDS = [
    Membership.Kind.PARTNER,
    Membership.Kind.OBSERVER,
    Membership.Kind.PARTNER,
    Membership.Kind.MEMBER_STATE,
    Membership.Kind.CANDIDATE,
]


def years(rng, low, high):
    return datetime.timedelta(days=round(365.25 * rng.uniform(low, high)))


def free(period, taken):
    """Whether `period` (start, end or None) shares no day with any of `taken`."""
    start, end = period
    return all(
        (other_end is not None and other_end < start) or (end is not None and end < other_start)
        for other_start, other_end in taken
    )


def chairs(rng, organisations, taken, today):
    """A chair a year or so, from the first generated year to today, where no chair is."""
    terms = []
    start = FIRST_DAY
    while start <= today:
        following = start + years(rng, 0.8, 1.6)
        end = following - datetime.timedelta(days=1)
        period = (start, None if following > today else end)
        if free(period, taken):
            terms.append(
                Chairmanship(
                    organisation=rng.choice(organisations),
                    started=start,
                    ended=period[1],
                    note=NOTE,
                )
            )
        start = following
    return terms


def seats(rng, organisations, today):
    """Five seats a side less those the record holds today, each turning over every two to
    four years; no organisation in two seats at once."""
    held = SteeringCommitteeSeat.objects.on(today).exclude(note=NOTE)
    terms = []
    busy = {}  # organisation pk: the day its seat ends (None: still)
    for side in SteeringCommitteeSeat.Side.values:
        for _ in range(SEATS_PER_SIDE - held.filter(side=side).count()):
            start = FIRST_DAY + datetime.timedelta(days=rng.randrange(0, 200))
            while start <= today:
                following = start + years(rng, 2, 4)
                end = None if following > today else following - datetime.timedelta(days=1)
                idle = [
                    one
                    for one in organisations
                    if one.pk not in busy or (busy[one.pk] is not None and busy[one.pk] < start)
                ]
                if idle:
                    organisation = rng.choice(idle)
                    busy[organisation.pk] = end
                    terms.append(
                        SteeringCommitteeSeat(
                            organisation=organisation,
                            side=side,
                            started=start,
                            ended=end,
                            started_precision=rng.choice([DatePrecision.DAY, DatePrecision.BY]),
                            note=NOTE,
                        )
                    )
                start = following
    return terms


def memberships(rng, organisations):
    """Each generated organisation joins once, some leave again."""
    terms = []
    for organisation in organisations:
        start = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_START - FIRST_DAY).days))
        end = start + years(rng, 1, 5) if rng.random() < 0.2 else None
        terms.append(
            Membership(
                organisation=organisation,
                kind=rng.choice(KINDS),
                started=start,
                started_precision=rng.choice([DatePrecision.DAY, DatePrecision.MONTH]),
                ended=end,
                note=NOTE,
            )
        )
    return terms


def grow_process_record(seed, today=None):
    """The generated terms of `seed`, saved once; how many were added."""
    if any(model.objects.filter(note=NOTE).exists() for model in TERMS):
        return 0
    today = today or datetime.date.today()
    rng = random.Random(f"{seed}:process")
    organisations = list(Organisation.objects.filter(name__endswith=MARK).order_by("name"))
    if not organisations:
        return 0
    taken = list(Chairmanship.objects.values_list("started", "ended"))
    # bulk_create sends no signal: the caller says the record changed (record_changed).
    added = Chairmanship.objects.bulk_create(chairs(rng, organisations, taken, today))
    added += SteeringCommitteeSeat.objects.bulk_create(seats(rng, organisations, today))
    added += Membership.objects.bulk_create(memberships(rng, organisations))
    return len(added)
