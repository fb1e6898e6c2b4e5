from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KhartoumConfig(AppConfig):
    name = "khartoum"
    verbose_name = "Khartoum Process"

    def ready(self):
        from .roles import create_secretariat_group

        post_migrate.connect(create_secretariat_group)
