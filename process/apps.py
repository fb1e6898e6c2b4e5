from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessConfig(AppConfig):
    name = "process"
    verbose_name = _("The Process over time")

    def ready(self):
        from core import history, page_parts
        from core.record_version import follow_changes
        from process.figures import chair_at
        from process.models import Chairmanship, Membership, SteeringCommitteeSeat

        for model in [Membership, SteeringCommitteeSeat, Chairmanship]:
            history.register(model)
        # Shown on /members/, /process/, the organisations' pages and the meetings' pages.
        follow_changes(Membership, SteeringCommitteeSeat, Chairmanship)
        # The chair of the Process at the time, among a meeting's key facts.
        page_parts.register(
            "meetings:detail",
            page_parts.Part(
                template="process/chair_fact.html", data=chair_at, place=page_parts.FACT
            ),
        )
