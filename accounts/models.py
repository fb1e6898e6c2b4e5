from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignIn(models.Model):
    """One attempt to sign in, successful or not. Passwords are never kept."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    username = models.CharField(_("username given"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    successful = models.BooleanField(_("successful"))
    locked_out = models.BooleanField(
        _("locked out"),
        default=False,
        help_text=_("Refused for too many failures with this user name or from this address."),
    )
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ()
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    def __str__(self):
        outcome = _("signed in") if self.successful else _("failed to sign in")
        return f"{self.username} {outcome} ({self.at:%Y-%m-%d %H:%M})"
