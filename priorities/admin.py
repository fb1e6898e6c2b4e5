from django.contrib import admin

from core.admin.history import HistoryAdmin
from core.admin.translated_fields import TranslatedFields, with_translations
from priorities.models import PriorityDomain


@admin.register(PriorityDomain)
class PriorityDomainAdmin(TranslatedFields, HistoryAdmin):
    """The five domains' names and translations, written by administrators (core.roles).

    The Action Plan has five, and they come with the site: none is added or deleted here,
    and their numbers and slugs stay, for the slug is in every address filtered by it
    (`?domain=return`), which alerts and other sites keep.
    """

    list_display = ["number", "name", "short_name", "slug"]
    list_display_links = ["name"]
    fields = with_translations(
        PriorityDomain, ["number", "slug", "name", "short_name", "description"]
    )
    readonly_fields = ["number", "slug"]
    search_fields = ["name_en", "name_fr", "name_ar", "short_name_en"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
