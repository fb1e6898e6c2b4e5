from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    """The secretariat's admin as a whole: the audit log, and what every list of it does."""

    name = "secretariat"
    verbose_name = _("Audit")

    def ready(self):
        from django.contrib import admin

        from core.admin.changelist import bear_every_date_hierarchy

        # Every app's admin is registered by now: the admin's app comes first.
        bear_every_date_hierarchy(admin.site)
