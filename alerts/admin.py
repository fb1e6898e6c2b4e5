"""Email alerts in the admin: for administrators only (an address is personal data).

Read-only: an address follows a filter only by confirming it; an administrator sees how
many follow what, and deletes a subscription when its owner asks.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Subscription


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Awaiting confirmation"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(confirmed_at__isnull=self.value() == "no")
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "filter", "language", "frequency", "confirmed", "last_sent_at"]
    list_filter = ["kind", "frequency", ConfirmedFilter, "language"]
    search_fields = ["email", "query"]
    date_hierarchy = "created_at"
    fields = [
        "email",
        "kind",
        "query",
        "language",
        "frequency",
        "created_at",
        "confirmed_at",
        "last_sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("filter"), ordering="query")
    def filter(self, obj):
        return obj.query or _("(all)")

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed_at")
    def confirmed(self, obj):
        return obj.confirmed_at is not None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
