from django.contrib import admin
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.admin.actions import publish, submit_for_review, unpublish
from core.admin.dates import DateHints
from core.admin.history import HistoryAdmin
from core.admin.pending import PendingChangesAdmin
from core.admin.read_only import ReadOnlyAdmin
from core.admin.translated_fields import TranslatedFields, with_translations
from core.admin.workflow import PublicWithParentInline, PublishableAdmin, StateFilter
from core.languages import colon
from documents.filters import language_label
from documents.forms import DocumentFileForm, DocumentFileFormSet, DocumentForm
from documents.models import Document, DocumentFile, DocumentType, DownloadTally


class LanguageFilter(admin.SimpleListFilter):
    """The languages the documents are in, not every language a file may be in."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        used = DocumentFile.objects.order_by("language").values_list("language", flat=True)
        return [(code, language_label(code)) for code in used.distinct()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(files__language=self.value()).distinct()
        return queryset


@admin.register(DocumentType)
class DocumentTypeAdmin(TranslatedFields, HistoryAdmin):
    list_display = ["name", "slug", "order", "document_count"]
    list_editable = ["order"]
    fields = with_translations(DocumentType, ["name", "slug", "order"])
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_en", "name_fr", "name_ar"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(document_count=Count("documents"))

    @admin.display(description=_("documents"), ordering="document_count")
    def document_count(self, obj):
        return obj.document_count


class DocumentFileInline(PublicWithParentInline, admin.StackedInline):
    model = DocumentFile
    form = DocumentFileForm
    formset = DocumentFileFormSet
    extra = 1
    readonly_fields = ["current_file", "uploaded_as", "facts", "downloads", "earlier_versions"]
    fields = [
        "language",
        "public_name",
        "upload",
        "current_file",
        "uploaded_as",
        "facts",
        "downloads",
        "earlier_versions",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("revisions", "former_names")
            .annotate(total_downloads=Sum("tallies__count", default=0))
        )

    @admin.display(description=_("current file"))
    def current_file(self, obj):
        if not obj.pk:
            return "—"
        link = format_html(
            '<a href="{}"><bdi>{}</bdi></a>', obj.get_absolute_url(), obj.public_name
        )
        former = format_html_join(
            ", ", "<bdi>{}</bdi>", ((former.name,) for former in obj.former_names.all())
        )
        if not former:
            return link
        return format_html(
            "{}<br>{} {}", link, _("Earlier addresses, which redirect here:"), former
        )

    @admin.display(description=_("uploaded as"))
    def uploaded_as(self, obj):
        return format_html("<bdi>{}</bdi>", obj.original_name) if obj.pk else "—"

    @admin.display(description=_("details"))
    def facts(self, obj):
        if not obj.pk:
            return "—"
        pages = f", {obj.page_count} pages" if obj.page_count else ""
        return format_html(
            '<bdi>{}</bdi> · {}{} · SHA-256 <code dir="ltr">{}</code> · uploaded {}',
            obj.content_type,
            filesizeformat(obj.size),
            pages,
            obj.sha256,
            obj.uploaded_at.strftime("%Y-%m-%d %H:%M"),
        )

    @admin.display(description=_("downloads"))
    def downloads(self, obj):
        return getattr(obj, "total_downloads", 0) if obj.pk else "—"

    @admin.display(description=_("earlier versions"))
    def earlier_versions(self, obj):
        if not obj.pk or not obj.revisions.all():
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}"><bdi>{}</bdi></a> (uploaded {}, replaced {})',
            (
                (
                    revision.file.url,
                    revision.original_name,
                    revision.uploaded_at.strftime("%Y-%m-%d"),
                    revision.replaced_at.strftime("%Y-%m-%d"),
                )
                for revision in obj.revisions.all()
            ),
        )


@admin.register(Document)
class DocumentAdmin(
    PendingChangesAdmin, TranslatedFields, PublishableAdmin, DateHints, HistoryAdmin
):
    form = DocumentForm
    list_display = [
        "title",
        "state",
        "document_type",
        "meeting",
        "date",
        "languages",
        "download_count",
    ]
    list_filter = [
        StateFilter,
        "document_type",
        LanguageFilter,
        ("meeting", admin.EmptyFieldListFilter),
        ("submitted_by", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["document_type", "meeting", "submitted_by"]
    search_fields = [
        "title_en",
        "title_fr",
        "title_ar",
        "reference",
        "description_en",
        "meeting__title_en",
        "files__public_name",
        "files__original_name",
        "files__revisions__original_name",
    ]
    date_hierarchy = "date"
    autocomplete_fields = ["meeting"]
    actions = [publish, unpublish, submit_for_review]
    inlines = [DocumentFileInline]
    readonly_fields = ["downloads_by_month"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *with_translations(
                        Document, ["title", "document_type", "meeting", "meeting_order"]
                    ),
                    "domains",
                ]
            },
        ),
        (_("Publication"), {"fields": ["status", "publish_at", "review_note"]}),
        (_("Dates and reference"), {"fields": ["date", "adopted_on", "reference"]}),
        (_("Description"), {"fields": with_translations(Document, ["description"])}),
        (_("Downloads"), {"fields": ["show_download_count", "downloads_by_month"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_download_counts().prefetch_related("files")

    @admin.display(description=_("languages"))
    def languages(self, obj):
        return ", ".join(file.language.upper() for file in obj.files.all()) or "—"

    @admin.display(description=_("downloads"), ordering="download_count")
    def download_count(self, obj):
        return obj.download_count

    @admin.display(description=_("downloads by month"))
    def downloads_by_month(self, obj):
        tallies = (
            DownloadTally.objects.filter(document_file__document=obj)
            .values("month")
            .annotate(total=Sum("count"))
            .order_by("-month")
        )
        if not tallies:
            return _("No downloads yet.")
        return format_html_join(
            mark_safe("<br>"),
            "{}{} {}",
            ((tally["month"].strftime("%B %Y"), colon(), tally["total"]) for tally in tallies),
        )


@admin.register(DownloadTally)
class DownloadTallyAdmin(ReadOnlyAdmin):
    """Download counts per language version and month; read-only, written by downloads."""

    list_display = ["month_label", "document_link", "language", "count"]
    list_select_related = ["document_file__document"]
    list_filter = ["month", "document_file__language"]
    search_fields = ["document_file__document__title", "document_file__document__meeting__title"]
    date_hierarchy = "month"

    @admin.display(description=_("month"), ordering="month")
    def month_label(self, obj):
        return obj.month.strftime("%B %Y")

    @admin.display(description=_("document"))
    def document_link(self, obj):
        document = obj.document_file.document
        url = reverse("admin:documents_document_change", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, document.title)

    @admin.display(description=_("language"))
    def language(self, obj):
        return obj.document_file.get_language_display()
