from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from documents.forms import BulkUploadForm, MeetingDocumentForm, MeetingDocumentFormSet
from documents.models import Document, download_total
from documents.services import create_documents
from khartoum.admin_actions import publish, unpublish
from khartoum.admin_dates import DateHints
from khartoum.aggregates import subquery_total

from .forms import MeetingForm, PhotoForm
from .models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo


@admin.register(MeetingType)
class MeetingTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    autocomplete_fields = ["organisation"]
    fields = ["role", "organisation", "country", "person_name", "person_title", "order"]
    extra = 1


class ConclusionInline(admin.TabularInline):
    model = Conclusion
    fields = ["kind", "text", "attribution", "order"]
    extra = 1


class DocumentInline(admin.StackedInline):
    """Stacked, three fields a line: as a table it was wider than a laptop's window."""

    model = Document
    form = MeetingDocumentForm
    formset = MeetingDocumentFormSet
    fields = [
        ("title", "document_type"),
        ("date", "status", "meeting_order"),
        ("language", "upload", "files_list"),
    ]
    readonly_fields = ["files_list"]
    show_change_link = True
    extra = 1

    def get_queryset(self, request):
        # In the order of the meeting's public page.
        return super().get_queryset(request).prefetch_related("files").in_meeting_order()

    @admin.display(description=_("files"))
    def files_list(self, obj):
        files = obj.files.all() if obj.pk else []
        return ", ".join(f"{file.language.upper()}: {file.public_name}" for file in files) or "—"


class PhotoInline(admin.TabularInline):
    model = Photo
    form = PhotoForm
    fields = ["preview", "image", "caption", "credit", "order"]
    readonly_fields = ["preview"]
    extra = 1

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="max-height:80px;max-width:120px">', obj.thumbnail_url
        )


@admin.register(Meeting)
class MeetingAdmin(DateHints, admin.ModelAdmin):
    form = MeetingForm
    list_display = [
        "title",
        "start_date",
        "meeting_type",
        "host_country",
        "status",
        "document_count",
        "download_count",
    ]
    # Years come from date_hierarchy; CountryFilter lists only the countries that have hosted.
    list_filter = ["meeting_type", ("host_country", CountryFilter), "status"]
    list_select_related = ["meeting_type"]
    search_fields = [
        "title",
        "city",
        "participants__organisation__name",
        "participants__organisation__acronym",
        "participants__person_name",
    ]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    actions = [publish, unpublish]
    save_on_top = True
    inlines = [ParticipantInline, ConclusionInline, DocumentInline, PhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "meeting_type", "ordinal", "status"]}),
        (_("When and where"), {"fields": ["start_date", "end_date", "city", "host_country"]}),
        (_("Content"), {"fields": ["thematic_focus", "summary", "body"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                document_count=subquery_total(Document.objects.all(), "meeting", Count("pk")),
                download_count=download_total("document_file__document__meeting"),
            )
        )

    @admin.display(description=_("documents"), ordering="document_count")
    def document_count(self, obj):
        return obj.document_count

    @admin.display(description=_("downloads"), ordering="download_count")
    def download_count(self, obj):
        return obj.download_count

    def get_urls(self):
        return [
            path(
                "<int:pk>/upload-documents/",
                self.admin_site.admin_view(self.upload_documents_view),
                name="meetings_meeting_upload_documents",
            ),
            *super().get_urls(),
        ]

    def upload_documents_view(self, request, pk):
        """Bulk upload: many files at once, each a document of the meeting; all or nothing."""
        meeting = get_object_or_404(Meeting, pk=pk)
        if not (
            self.has_change_permission(request, meeting)
            and request.user.has_perm("documents.add_document")
        ):
            raise PermissionDenied
        form = BulkUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            create_documents(
                meeting,
                data["files"],
                document_type=data["document_type"],
                language=data["language"],
                date=data["date"],
                status=data["status"],
            )
            count = len(data["files"])
            self.message_user(
                request,
                ngettext(
                    "%(count)d document added to “%(meeting)s”.",
                    "%(count)d documents added to “%(meeting)s”.",
                    count,
                )
                % {"count": count, "meeting": meeting},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload documents to “%s”") % meeting,
            "opts": self.opts,
            "original": meeting,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/meetings/meeting/upload_documents.html", context)
