from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from . import search

        # What the search indexes of meetings and their conclusions, and when it is refreshed.
        search.register()
