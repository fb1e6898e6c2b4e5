from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class KhartoumConfig(AppConfig):
    name = "khartoum"
    verbose_name = _("Khartoum Process")

    def ready(self):
        from .record import content_changed
        from .roles import create_role_groups

        post_migrate.connect(create_role_groups)
        post_save.connect(content_changed)
        post_delete.connect(content_changed)
