"""Sample follow-up updates for the demo: the Process's pages give none.

Each is marked in its text as a sample, as the sample PDFs are, so that nobody takes it for
the Process's own account of what became of a commitment. The commitments are found by
their meeting and the start of their text; the updates by their commitment and date, so
loading again changes nothing.
"""

import datetime

from core.publishing import Status
from followup.models import Progress, Update
from meetings.models import Conclusion, Meeting

MARK = "Sample follow-up."

# (meeting slug, start of the commitment's text, date, status, text, slugs of the meetings
# it was taken up at).
UPDATES = [
    (
        "2016-07-rome-2nd-informal-working-group",
        "A tentative plan of activities",
        datetime.date(2016, 12, 16),
        Progress.ACHIEVED,
        "The plan's thematic meeting on return, readmission and reintegration took place in "
        "Addis Ababa in October 2016, and the Steering Committee met in December.",
        [
            "2016-10-addis-ababa-2nd-thematic-meeting",
            "2016-12-addis-ababa-senior-officials-meeting",
        ],
    ),
    (
        "2017-04-addis-ababa-senior-officials-meeting",
        "Members of the Process agreed that contributions",
        datetime.date(2017, 5, 19),
        Progress.IN_PROGRESS,
        "The thematic meeting in Berlin discussed protection and durable solutions as part of "
        "the Process's contribution to the Global Compact.",
        ["2017-05-berlin-thematic-meeting"],
    ),
    (
        "2017-05-berlin-thematic-meeting",
        "Finally, we have to continue our work",
        datetime.date(2017, 9, 1),
        Progress.IN_PROGRESS,
        "Members began mapping existing legal and orderly pathways in the region.",
        [],
    ),
]


def load():
    """Create or bring up to date the sample updates; returns a line saying what was done."""
    created = updated = 0
    for slug, start, date, progress, text, evidence in UPDATES:
        conclusion = Conclusion.objects.filter(meeting__slug=slug, text__startswith=start).first()
        if conclusion is None:  # the demo's content no longer has it
            continue
        values = {"progress": progress, "text": f"{MARK} {text}", "status": Status.PUBLISHED}
        update = Update.objects.filter(conclusion=conclusion, date=date).first()
        if update is None:
            update = Update(conclusion=conclusion, date=date)
            created += 1
        elif any(getattr(update, name) != value for name, value in values.items()):
            updated += 1
        else:
            values = {}  # as it should be: not saved again
        if values:
            for name, value in values.items():
                setattr(update, name, value)
            update.full_clean()
            update.save()
        update.evidence_meetings.set(Meeting.objects.filter(slug__in=evidence))
    return f"Sample follow-up updates: {created} created, {updated} updated."
