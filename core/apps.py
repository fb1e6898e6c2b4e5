from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the site shares: publishing, history, review, the record's version."""

    name = "core"
    verbose_name = _("Khartoum Process")

    def ready(self):
        from django.contrib.admin.models import LogEntry

        from core.admin.forms_across_sign_in import forget_anothers_form
        from core.history import link_log_entry
        from core.review_mail import remember_language
        from core.roles import create_role_groups
        from core.search import register_functions

        post_migrate.connect(create_role_groups)
        connection_created.connect(register_functions)
        post_save.connect(link_log_entry, sender=LogEntry)
        user_logged_in.connect(remember_language)
        user_logged_in.connect(forget_anothers_form)
