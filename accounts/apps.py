from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AccountsConfig(AppConfig):
    """Signing in to the admin: the sign-in form and its limits, two factors, the sign-in log."""

    default = True
    name = "accounts"
    verbose_name = _("Sign-ins")

    def ready(self):
        from axes.signals import user_locked_out

        from accounts.sign_in_log import (
            record_failed_sign_in,
            record_lockout,
            record_sign_in,
            record_sign_out,
        )

        user_logged_in.connect(record_sign_in)
        user_login_failed.connect(record_failed_sign_in)
        user_logged_out.connect(record_sign_out)
        user_locked_out.connect(record_lockout)


# django-otp's apps under names an administrator recognises in the admin's index (their labels,
# and so their tables and migrations, stay django-otp's).
class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = _("Two-factor sign-in: authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Two-factor sign-in: recovery codes")
