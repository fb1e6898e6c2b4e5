from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from khartoum.record import follow_changes

        from .models import (
            Conclusion,
            Meeting,
            MeetingType,
            Organisation,
            Participant,
            Photo,
            PreviousSlug,
        )

        # Each is seen by the public: on a meeting's page or card, in the lists' filters, or
        # as an old address that redirects.
        follow_changes(
            MeetingType, Organisation, Meeting, PreviousSlug, Participant, Conclusion, Photo
        )
