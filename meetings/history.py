"""What a meeting's history keeps: its versions carry its participants, conclusions, photos and
previous addresses (core.history); a restore keeps the address it replaces redirecting."""

from core import history
from meetings.models import (
    Conclusion,
    Meeting,
    MeetingType,
    Organisation,
    Participant,
    Photo,
    PreviousSlug,
)


def keep_previous_address(meeting, restored):
    if meeting.slug != restored.slug:
        restored.keep_address(meeting.slug)


def register():
    for model in [Organisation, MeetingType, Participant, Conclusion, Photo, PreviousSlug]:
        history.register(model)
    history.register(
        Meeting,
        follow=["participants", "conclusions", "photos", "previous_slugs"],
        records=["previous_slugs"],
        on_restore=keep_previous_address,
    )
