from django.contrib import admin

from core.admin.history import HistoryAdmin
from core.admin.translated_fields import TranslatedFields, with_translations
from priorities.models import PriorityDomain


@admin.register(PriorityDomain)
class PriorityDomainAdmin(TranslatedFields, HistoryAdmin):
    list_display = ["number", "name", "short_name", "slug"]
    list_display_links = ["name"]
    fields = with_translations(
        PriorityDomain, ["number", "name", "short_name", "slug", "description"]
    )
    prepopulated_fields = {"slug": ["short_name"]}
    search_fields = ["name_en", "name_fr", "name_ar", "short_name_en"]
