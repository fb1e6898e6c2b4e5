from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from core import history
        from core.pending import forget_deleted
        from core.record_version import follow_changes
        from followup import page_parts
        from followup.models import Update

        history.register(Update)
        # Shown on /follow-up/, its channels and the meetings' pages.
        follow_changes(Update)
        post_delete.connect(forget_deleted, sender=Update)
        page_parts.register()
