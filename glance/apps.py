from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlanceConfig(AppConfig):
    """The Process at a glance: charts of the public record, each leading to its list."""

    name = "glance"
    verbose_name = _("The Process at a glance")
