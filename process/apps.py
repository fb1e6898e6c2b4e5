from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessConfig(AppConfig):
    name = "process"
    verbose_name = _("The Process over time")

    def ready(self):
        from core import history
        from core.record_version import follow_changes
        from process.models import Chairmanship, Membership, SteeringCommitteeSeat

        for model in [Membership, SteeringCommitteeSeat, Chairmanship]:
            history.register(model)
        # Shown on /members/, /process/, the organisations' pages and the meetings' pages.
        follow_changes(Membership, SteeringCommitteeSeat, Chairmanship)
