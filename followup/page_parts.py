"""What the follow-up adds to a meeting's page (core.page_parts): its commitments' follow-up,
and the earlier commitments taken up at it."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core import page_parts
from followup.commitments import (
    evidence_of,
    public_updates,
    status_label,
    taken_up_at,
    with_status,
)
from followup.models import COMMITTING, Progress
from meetings.models import Conclusion


def follow_up(meeting, request):
    """The meeting's commitments, each with its public status and public updates (with their
    public evidence); None when it has none. Nothing of a draft meeting's is public."""
    commitments = [c for c in meeting.conclusions.all() if c.kind in COMMITTING]
    if not commitments or not meeting.is_published:
        return None
    updates = {}
    for update in public_updates().filter(conclusion__in=[c.pk for c in commitments]):
        update.evidence = evidence_of(update)
        updates.setdefault(update.conclusion_id, []).append(update)
    shown = []
    for commitment in commitments:
        found = updates.get(commitment.pk, [])
        # Updates come newest first (Update.Meta.ordering): the first gives the status.
        progress = found[0].progress if found else Progress.OPEN
        shown.append(
            {
                "commitment": commitment,
                "progress": progress,
                "status_label": status_label(progress),
                "updates": found,
            }
        )
    return {"commitments": shown, "updated": sum(1 for item in shown if item["updates"])}


def taken_up_here(meeting, request):
    """Earlier meetings' commitments whose public updates cite this meeting, its conclusions
    or its documents; each with its status and the updates that cite it. None when none do."""
    if not meeting.is_published:
        return None
    citing = taken_up_at(meeting).order_by("date", "id")
    commitments = (
        with_status(Conclusion.objects.all())
        .select_related("meeting")
        .prefetch_related(
            Prefetch("updates", queryset=citing, to_attr="citing_updates"),
        )
        .filter(pk__in=citing.values("conclusion"))
        .order_by("meeting__start_date", "meeting_id", "order", "id")
    )
    shown = [
        {"commitment": commitment, "status_label": status_label(commitment.progress)}
        for commitment in commitments
    ]
    return {"commitments": shown} if shown else None


def register():
    page_parts.register(
        "meetings:detail",
        page_parts.Part(
            template="followup/meeting_follow_up.html",
            data=follow_up,
            anchor="follow-up",
            title=_("Follow-up"),
        ),
    )
    page_parts.register(
        "meetings:detail",
        page_parts.Part(
            template="followup/meeting_taken_up.html",
            data=taken_up_here,
            anchor="taken-up",
            title=_("Commitments taken up here"),
        ),
    )
