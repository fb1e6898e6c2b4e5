"""What a meeting's history keeps: its versions carry its participants, conclusions, photos and
previous addresses (core.history); a restore keeps the address it replaces redirecting."""

from core import history
from core.restore import keep_first_public, written
from meetings.models import (
    Conclusion,
    Meeting,
    MeetingType,
    Organisation,
    Participant,
    Photo,
    PreviousSlug,
)


def keep_stamp_revision_and_address(meeting, restored):
    """As a document's stamp (core.restore); calendars see a newer revision, never an older
    one; and the address keeps leading here."""
    keep_first_public(meeting, restored)
    fields = ["sequence", *Meeting.CALENDAR_FIELDS]
    restored.count_calendar_revision({name: getattr(meeting, name) for name in fields})
    written(restored, "sequence")
    if meeting.slug != restored.slug:
        restored.keep_address(meeting.slug)


def register():
    for model in [Organisation, MeetingType, Participant, Conclusion, Photo, PreviousSlug]:
        history.register(model)
    history.register(
        Meeting,
        follow=["participants", "conclusions", "photos", "previous_slugs"],
        records=["previous_slugs"],
        on_restore=keep_stamp_revision_and_address,
    )
