import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import get_deleted_objects, quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from documents.forms import BulkUploadForm, MeetingDocumentForm, MeetingDocumentFormSet
from documents.models import Document, download_total
from documents.services import create_documents
from khartoum.admin import HistoryAdmin
from khartoum.admin_actions import publish, unpublish
from khartoum.aggregates import subquery_total

from .forms import PhotoForm
from .models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo


@admin.register(MeetingType)
class MeetingTypeAdmin(HistoryAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
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


class DocumentInline(admin.TabularInline):
    model = Document
    form = MeetingDocumentForm
    formset = MeetingDocumentFormSet
    fields = ["title", "document_type", "date", "status", "language", "upload", "files_list"]
    readonly_fields = ["files_list"]
    show_change_link = True
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("files")

    @admin.display(description=_("files"))
    def files_list(self, obj):
        files = obj.files.all() if obj.pk else []
        return ", ".join(f"{file.language.upper()}: {file.original_name}" for file in files) or "—"


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
class MeetingAdmin(HistoryAdmin):
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
            with self.create_revision(request):
                documents = create_documents(
                    meeting,
                    data["files"],
                    document_type=data["document_type"],
                    language=data["language"],
                    date=data["date"],
                    status=data["status"],
                )
                self.log_upload(request, meeting, documents)
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

    def log_upload(self, request, meeting, documents):
        """Each uploaded document in the admin log, and the meeting's history shows the upload."""
        for document in documents:
            files = ", ".join(file.original_name for file in document.files.all())
            admin.ModelAdmin.log_addition(
                self,
                request,
                document,
                gettext("Added by bulk upload to “%(meeting)s”: %(files)s.")
                % {"meeting": meeting, "files": files},
            )
        message = ngettext(
            "Uploaded %(count)d document: %(titles)s.",
            "Uploaded %(count)d documents: %(titles)s.",
            len(documents),
        ) % {
            "count": len(documents),
            "titles": "; ".join(f"“{document}”" for document in documents),
        }
        admin.ModelAdmin.log_change(self, request, meeting, message)
        reversion.add_to_revision(meeting)  # with its documents, as they are now
        reversion.set_comment(message)

    # Deleting a meeting: its documents go with it, or stay as documents that stand alone.

    def detaching_documents(self, request):
        return request.POST.get("documents") == "detach"

    def get_deleted_objects(self, objs, request):
        """Documents protect their meeting from deletion: list them as going with it instead."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        documents = list(Document.objects.filter(meeting__in=[meeting.pk for meeting in objs]))
        if not documents:
            return deleted, counts, perms_needed, protected
        as_protected = {
            format_html(
                '{}: <a href="{}">{}</a>',
                capfirst(Document._meta.verbose_name),
                reverse("admin:documents_document_change", args=[quote(document.pk)]),
                document,
            )
            for document in documents
        }
        protected = [item for item in protected if item not in as_protected]
        if self.detaching_documents(request):
            if not request.user.has_perm("documents.change_document"):
                perms_needed.add(Document._meta.verbose_name)
            return deleted, counts, perms_needed, protected
        more, more_counts, more_perms, more_protected = get_deleted_objects(
            documents, request, self.admin_site
        )
        for name, count in more_counts.items():
            counts[name] = counts.get(name, 0) + count
        return deleted + more, counts, perms_needed | more_perms, protected + more_protected

    def delete_view(self, request, object_id, extra_context=None):
        meeting = self.get_object(request, object_id)
        context = {"attached_documents": meeting.documents.count() if meeting else 0}
        return super().delete_view(request, object_id, {**context, **(extra_context or {})})

    def delete_model(self, request, obj):
        self.delete_meetings(request, [obj])

    def delete_queryset(self, request, queryset):
        self.delete_meetings(request, list(queryset))

    @transaction.atomic
    def delete_meetings(self, request, meetings):
        """Delete meetings with what goes with them, recoverable from history."""
        documents = list(Document.objects.filter(meeting__in=[meeting.pk for meeting in meetings]))
        if documents and self.detaching_documents(request):
            with self.create_revision(request):
                for document in documents:
                    document.meeting = None
                    document.save(update_fields=["meeting", "updated_at"])
                    admin.ModelAdmin.log_change(
                        self,
                        request,
                        document,
                        gettext("Meeting: “%(meeting)s” → — (the meeting was deleted).")
                        % {"meeting": ", ".join(str(meeting) for meeting in meetings)},
                    )
            documents = []
        # The saved state holds the meeting's documents, their files and photos: a recovered
        # meeting comes back whole.
        self.record_before_deletion(request, meetings)
        if documents:
            self.log_deletions(request, documents)
            Document.objects.filter(pk__in=[document.pk for document in documents]).delete()
        for meeting in meetings:
            meeting.delete()
