from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from core.pending import forget_deleted
        from core.record_version import follow_changes
        from meetings import history
        from meetings import search as meetings_search
        from meetings.models import (
            Conclusion,
            Meeting,
            MeetingType,
            Organisation,
            Participant,
            Photo,
            PreviousSlug,
        )

        history.register()
        # Each is seen by the public: on a meeting's page or card, in the lists' filters, or
        # as an old address that redirects.
        follow_changes(
            MeetingType, Organisation, Meeting, PreviousSlug, Participant, Conclusion, Photo
        )
        for model in [Meeting, Organisation]:
            post_delete.connect(forget_deleted, sender=model)
        # What the search indexes of meetings and their conclusions, and when it is refreshed.
        meetings_search.register()
