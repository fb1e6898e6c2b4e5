"""The Process's formal record as the text of its public site (2016–2017) gives it: chairs,
a Steering Committee seat, a country on its way to membership, and the member states these
roles imply. Nothing more: the text names no other member, seat or date.

Each term is found by its organisation and what it is (kind, side, or chair), so loading
again changes nothing; every one is checked as the admin checks it (`full_clean`).
"""

import datetime

from django.db import transaction

from meetings.models import Meeting, Organisation
from process.models import Chairmanship, DatePrecision, Membership, SteeringCommitteeSeat

D = datetime.date
KHARTOUM = "2016-05-khartoum-1st-thematic-meeting"
STEERING_COMMITTEE = "2016-12-addis-ababa-steering-committee-meeting"
SOM = "2016-12-addis-ababa-senior-officials-meeting"
BERLIN = "2017-05-berlin-thematic-meeting"

# organisation, start, its precision, end, its precision, recorded at, note
CHAIRS = [
    (
        "United Kingdom",
        D(2016, 5, 24),
        DatePrecision.BY,
        D(2016, 12, 15),
        DatePrecision.BY,
        KHARTOUM,
        "The record says only that the first Thematic Meeting, in Khartoum on 24–25 May 2016, "
        "took place “under the chairmanship of the UK”; it ended when Ethiopia took over.",
    ),
    (
        "Ethiopia",
        D(2016, 12, 16),
        DatePrecision.BY,
        D(2017, 12, 31),
        DatePrecision.YEAR,
        SOM,
        "The Senior Officials Meeting of 16 December 2016 was “the first meeting chaired by the "
        "new Chair of the Process, Ethiopia”; the handover was planned “at the end of this year "
        "into 2018”.",
    ),
    (
        "Italy",
        D(2018, 1, 1),
        DatePrecision.YEAR,
        None,
        DatePrecision.DAY,
        STEERING_COMMITTEE,
        "Italy's candidature as the next chair of the Process “as of 2018, following Ethiopia” "
        "was accepted by the Steering Committee on 15 December 2016.",
    ),
]

# organisation, kind, start, its precision, recorded at, note
MEMBERSHIPS = [
    (
        "United Kingdom",
        Membership.Kind.MEMBER_STATE,
        D(2016, 5, 24),
        DatePrecision.BY,
        KHARTOUM,
        "A member by then: it chaired the first Thematic Meeting.",
    ),
    (
        "Italy",
        Membership.Kind.MEMBER_STATE,
        D(2016, 12, 15),
        DatePrecision.BY,
        STEERING_COMMITTEE,
        "A member by then: the Steering Committee accepted its candidature as chair.",
    ),
    (
        "Ethiopia",
        Membership.Kind.MEMBER_STATE,
        D(2016, 12, 16),
        DatePrecision.BY,
        SOM,
        "A member by then: it chaired the Process.",
    ),
    (
        "Germany",
        Membership.Kind.MEMBER_STATE,
        D(2017, 5, 18),
        DatePrecision.BY,
        BERLIN,
        "A member by then: it sat on the Steering Committee.",
    ),
    (
        "Uganda",
        Membership.Kind.CANDIDATE,
        D(2017, 5, 18),
        DatePrecision.DAY,
        BERLIN,
        "“Uganda also joined the Process for the first time … in the steps to obtaining "
        "membership of the Process.”",
    ),
]

# organisation, side, start, its precision, recorded at, note
SEATS = [
    (
        "Germany",
        SteeringCommitteeSeat.Side.EUROPEAN,
        D(2017, 5, 18),
        DatePrecision.BY,
        BERLIN,
        "“One of the Process' five (of ten) European Steering Commitee Members” (the text's "
        "spelling).",
    ),
]


def meeting(slug, fallback=None):
    found = Meeting.objects.filter(slug=slug).first()
    if found is None and fallback:
        return Meeting.objects.filter(slug=fallback).first()
    return found


def save(model, key, values):
    """The term found by `key`, with `values`, checked and saved; whether it was new."""
    term = model.objects.filter(**key).first() or model(**key)
    created = term.pk is None
    for name, value in values.items():
        setattr(term, name, value)
    term.full_clean()
    term.save()
    return created


@transaction.atomic
def load(stdout=None):
    """Record the terms; say how many were new."""
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    created = 0
    for name, started, start_precision, ended, end_precision, recorded_at, note in CHAIRS:
        created += save(
            Chairmanship,
            {"organisation": organisations[name]},
            {
                "started": started,
                "started_precision": start_precision,
                "ended": ended,
                "ended_precision": end_precision,
                "recorded_at": meeting(recorded_at, fallback=SOM),
                "handed_over_at": meeting(SOM) if name == "Ethiopia" else None,
                "note": note,
            },
        )
    for name, kind, started, precision, recorded_at, note in MEMBERSHIPS:
        created += save(
            Membership,
            {"organisation": organisations[name], "kind": kind},
            {
                "started": started,
                "started_precision": precision,
                "recorded_at": meeting(recorded_at, fallback=SOM),
                "note": note,
            },
        )
    for name, side, started, precision, recorded_at, note in SEATS:
        created += save(
            SteeringCommitteeSeat,
            {"organisation": organisations[name], "side": side},
            {
                "started": started,
                "started_precision": precision,
                "recorded_at": meeting(recorded_at),
                "note": note,
            },
        )
    if stdout is not None:
        stdout.write(
            f"The Process's record: {len(CHAIRS)} chairmanships, {len(MEMBERSHIPS)} "
            f"memberships, {len(SEATS)} Steering Committee seat ({created} new)."
        )
    return created
