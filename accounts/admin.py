"""Sign-ins to the admin and users' second factors."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignIn
from core.admin.read_only import ReadOnlyAdmin
from core.logs import log_event


@admin.register(SignIn)
class SignInAdmin(ReadOnlyAdmin):
    """Sign-ins to the admin, successful and failed; seen by those who see the audit log."""

    list_display = ["at", "username", "user", "successful", "locked_out", "address"]
    list_display_links = None
    list_filter = ["successful", "locked_out", ("user", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
    list_per_page = 50

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("secretariat.view_auditlog")

    def changelist_view(self, request, extra_context=None):
        context = {"title": _("Sign-ins to the admin, successful and failed")}
        return super().changelist_view(request, {**context, **(extra_context or {})})


# Users' second factors. An administrator sees whose they are and removes a lost phone's; the
# secret key, its QR code and the recovery codes are never shown, so no one in the admin can
# copy another person's second factor. django-otp's own admin pages show all three.
admin.site.unregister([TOTPDevice, StaticDevice])


class SecondFactorAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Removing someone's second factor lets the next sign-in with their password set up a new
    # one: logged with whose it was.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.log_removal(obj)

    def delete_queryset(self, request, queryset):
        devices = list(queryset)
        super().delete_queryset(request, queryset)
        for device in devices:
            self.log_removal(device)

    def log_removal(self, device):
        log_event("two_factor.removed", model=device._meta.label_lower, owner_id=device.user_id)


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(SecondFactorAdmin):
    pass


@admin.register(StaticDevice)
class RecoveryCodesAdmin(SecondFactorAdmin):
    list_display = [*SecondFactorAdmin.list_display, "codes_left"]
    fields = [*SecondFactorAdmin.fields, "codes_left"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(codes_left=Count("token_set"))

    @admin.display(description=_("codes left"), ordering="codes_left")
    def codes_left(self, device):
        return device.codes_left
