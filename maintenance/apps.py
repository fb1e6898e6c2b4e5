from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    """Backups and restores, and the clean-up of files nothing refers to (commands only)."""

    name = "maintenance"
    verbose_name = _("Maintenance")
