from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class KhartoumConfig(AppConfig):
    # The app's own, among the other configurations below.
    default = True
    name = "khartoum"
    verbose_name = _("Khartoum Process")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib import admin
        from django.contrib.admin.models import LogEntry

        from .admin_changelist import bear_every_date_hierarchy
        from .audit import record_failed_sign_in, record_lockout, record_sign_in, record_sign_out
        from .history import link_log_entry  # (importing it registers the content models)
        from .kept_forms import forget_anothers_form
        from .pending import forget_deleted
        from .publishing import stamp_first_public
        from .record import content_changed
        from .review_mail import remember_language
        from .roles import create_role_groups
        from .search import register_functions

        post_migrate.connect(create_role_groups)
        pre_save.connect(stamp_first_public)
        connection_created.connect(register_functions)
        post_save.connect(content_changed)
        post_save.connect(link_log_entry, sender=LogEntry)
        post_delete.connect(content_changed)
        for model in ["meetings.Meeting", "documents.Document", "meetings.Organisation"]:
            post_delete.connect(forget_deleted, sender=model)
        user_logged_in.connect(record_sign_in)
        user_logged_in.connect(remember_language)
        user_logged_in.connect(forget_anothers_form)
        user_login_failed.connect(record_failed_sign_in)
        user_logged_out.connect(record_sign_out)
        user_locked_out.connect(record_lockout)
        # Every app's admin is registered by now: the admin's app comes first.
        bear_every_date_hierarchy(admin.site)


# django-otp's apps under names an administrator recognises in the admin's index (their labels,
# and so their tables and migrations, stay django-otp's).
class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Two-factor sign-in: authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Two-factor sign-in: recovery codes")
