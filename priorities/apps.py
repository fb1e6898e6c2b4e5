from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = _("Priority domains")

    def ready(self):
        from core import history
        from core.record_version import follow_changes
        from priorities.models import PriorityDomain

        history.register(PriorityDomain)
        # Named on meeting, conclusion and document pages and in every list's filter.
        follow_changes(PriorityDomain)
