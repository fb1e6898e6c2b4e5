from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from core.pending import forget_deleted
        from meetings import history
        from meetings.models import Meeting, Organisation

        history.register()
        for model in [Meeting, Organisation]:
            post_delete.connect(forget_deleted, sender=model)
