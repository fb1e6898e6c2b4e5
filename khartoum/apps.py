from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KhartoumConfig(AppConfig):
    """The project shell: settings, root URLs, the home page. Its migrations are the history
    of models that have since moved to the apps that own them (core, accounts, secretariat)."""

    name = "khartoum"
    verbose_name = _("Khartoum Process")
