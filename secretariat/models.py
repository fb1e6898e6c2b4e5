from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _


class AuditLog(LogEntry):
    """The admin's log of changes, as the site-wide audit log shows it.

    Its one permission, `secretariat.view_auditlog`, opens the audit log and the sign-ins.
    """

    class Meta:
        proxy = True
        default_permissions = ("view",)
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
