import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import get_deleted_objects, quote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin.actions import publish, save_status, submit_for_review, unpublish
from core.admin.dates import DateHints
from core.admin.history import HistoryAdmin, logged_deletion
from core.admin.inlines import LabelledTabularInline
from core.admin.pending import PendingChangesAdmin
from core.admin.translated_fields import TranslatedFields, with_translations
from core.admin.workflow import (
    EDITOR_STATUSES,
    PublicWithParentInline,
    PublishableAdmin,
    PublishableInline,
    StateFilter,
    can_publish,
)
from core.aggregates import subquery_total
from core.history import describe_values, field_values
from core.languages import colon
from core.publishing import State, Status
from documents.forms import BulkUploadForm, MeetingDocumentForm
from documents.models import Document, download_total
from documents.services import create_documents
from meetings.forms import ConclusionForm, MeetingForm, PhotoForm
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo


@admin.register(MeetingType)
class MeetingTypeAdmin(TranslatedFields, HistoryAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    fields = with_translations(MeetingType, ["name", "slug", "order"])
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_en", "name_fr", "name_ar"]


@admin.register(Organisation)
class OrganisationAdmin(PendingChangesAdmin, TranslatedFields, HistoryAdmin):
    list_display = ["name", "acronym", "kind", "country", "pending_change"]
    list_filter = ["kind"]
    fields = with_translations(
        Organisation, ["name", "slug", "acronym", "kind", "country", "website"]
    )
    # The slug is the organisation's page address (process: /organisations/<slug>/).
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_en", "name_fr", "name_ar", "acronym"]

    def holds_changes(self, organisation):
        """An organisation that a published (or scheduled) meeting names."""
        return organisation.participations.filter(meeting__status=Status.PUBLISHED).exists()


class ParticipantInline(LabelledTabularInline):
    model = Participant
    autocomplete_fields = ["organisation"]
    fields = ["role", "organisation", "country", "person_name", "person_title", "order"]
    extra = 1


class ConclusionInline(TranslatedFields, admin.StackedInline):
    """Stacked: as a table, its text in three languages was wider than a laptop's window."""

    model = Conclusion
    fields = [
        ("kind", "attribution", "order"),
        *with_translations(Conclusion, ["text"]),
        "domains",
    ]
    form = ConclusionForm
    extra = 1


class DocumentInline(TranslatedFields, PublishableInline, admin.StackedInline):
    """Stacked, three fields a line: as a table it was wider than a laptop's window."""

    model = Document
    form = MeetingDocumentForm
    fields = [
        ("title", "document_type"),
        ("date", "status", "meeting_order"),
        ("language", "upload", "files_list"),
        "domains",
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
        names = ((file.language.upper(), colon(), file.public_name) for file in files)
        return format_html_join(", ", "{}{} <bdi>{}</bdi>", names) or "—"


class PhotoInline(PublicWithParentInline, admin.StackedInline):
    """Stacked, like the documents: with its text alternative, a table row would be wider
    than a laptop's window."""

    model = Photo
    form = PhotoForm
    fields = [
        ("preview", "image"),
        ("caption", "credit", "order"),
        ("alt_text", "decorative"),
    ]
    readonly_fields = ["preview"]
    extra = 1

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<img class="photo-preview" src="{}" alt="">', obj.thumbnail_url)


@admin.register(Meeting)
class MeetingAdmin(
    PendingChangesAdmin, TranslatedFields, PublishableAdmin, DateHints, HistoryAdmin
):
    form = MeetingForm
    list_display = [
        "title",
        "state",
        "start_date",
        "meeting_type",
        "host_country",
        "document_count",
        "download_count",
    ]
    # Years come from date_hierarchy; CountryFilter lists only the countries that have hosted.
    list_filter = [
        "meeting_type",
        ("host_country", CountryFilter),
        StateFilter,
        ("submitted_by", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["meeting_type", "submitted_by"]
    search_fields = [
        "title_en",
        "title_fr",
        "title_ar",
        "city",
        "participants__organisation__name_en",
        "participants__organisation__name_fr",
        "participants__organisation__acronym",
        "participants__person_name",
    ]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    actions = [publish, unpublish, submit_for_review]
    address_fields = ["slug"]
    save_on_top = True
    inlines = [ParticipantInline, ConclusionInline, DocumentInline, PhotoInline]
    fieldsets = [
        (
            None,
            {"fields": with_translations(Meeting, ["title", "slug", "meeting_type", "ordinal"])},
        ),
        (
            _("Publication"),
            {"fields": ["status", "publish_at", "review_note", "not_public", "previous_addresses"]},
        ),
        (_("When and where"), {"fields": ["start_date", "end_date", "city", "host_country"]}),
        (
            _("Content"),
            {"fields": with_translations(Meeting, ["domains", "summary", "body"])},
        ),
    ]
    readonly_fields = ["not_public", "previous_addresses"]

    def draft_documents(self, request, meeting):
        """The documents to offer to publish with a meeting that is not published yet."""
        if (
            meeting is None
            or meeting.status == Status.PUBLISHED
            or not (self.can_publish(request) and can_publish(request, Document))
        ):
            return []
        return list(meeting.documents.filter(status__in=[Status.DRAFT, Status.REVIEW]))

    def related_drafts(self, request, queryset):
        if not can_publish(request, Document):
            return []
        return list(
            Document.objects.filter(
                meeting__in=queryset.exclude(status=Status.PUBLISHED),
                status__in=[Status.DRAFT, Status.REVIEW],
            ).select_related("meeting")
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.draft_documents(request, obj):
            return fieldsets
        return [
            # Right below the status that publishes the meeting.
            (name, {**options, "fields": ["status", "publish_documents", *options["fields"][1:]]})
            if options["fields"][0] == "status"
            else (name, options)
            for name, options in fieldsets
        ]

    def get_form(self, request, obj=None, **kwargs):
        drafts = self.draft_documents(request, obj)
        if drafts:
            # Asked while the meeting is not published yet; default yes, so that publishing
            # it does not leave its page without documents.
            field = forms.BooleanField(
                label=ngettext(
                    "When it is published, also publish its %(count)d unpublished document",
                    "When it is published, also publish its %(count)d unpublished documents",
                    len(drafts),
                )
                % {"count": len(drafts)},
                required=False,
                initial=True,
                help_text=format_html_join(
                    ", ", "“{}” ({})", ((d.title, d.get_status_display()) for d in drafts)
                ),
            )
            kwargs["form"] = type("MeetingForm", (self.form,), {"publish_documents": field})
        return super().get_form(request, obj, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        meeting = form.instance
        if form.cleaned_data.get("publish_documents") and meeting.status == Status.PUBLISHED:
            drafts = list(meeting.documents.filter(status__in=[Status.DRAFT, Status.REVIEW]))
            before = {document.pk: field_values(document) for document in drafts}
            count = save_status(drafts, Status.PUBLISHED, by=request.user)
            for document in drafts:
                # Its own history says what happened to it, not the meeting's whole change.
                changes = describe_values(Document, before[document.pk], field_values(document))
                admin.ModelAdmin.log_change(
                    self,
                    request,
                    document,
                    gettext("Published with its meeting: %(changes)s.") % {"changes": changes},
                )
            self.message_user(
                request,
                ngettext(
                    "%d document published with the meeting.",
                    "%d documents published with the meeting.",
                    count,
                )
                % count,
                messages.SUCCESS,
            )

    @admin.display(description=_("on the site"))
    def not_public(self, meeting):
        """How much of the meeting the public does not see, and why."""
        if meeting.pk is None:
            return "—"
        documents = list(meeting.documents.all())
        photos = meeting.photos.count()
        hidden = [document for document in documents if not document.is_published]
        states = dict.fromkeys(State, 0)
        for document in hidden:
            states[document.state] += 1
        reasons = ", ".join(
            f"{count} {state.label.lower()}" for state, count in states.items() if count
        )
        if not documents:
            own = _("It has no documents.")
        elif hidden:
            own = ngettext(
                "%(hidden)d of its %(count)d document is not public (%(reasons)s).",
                "%(hidden)d of its %(count)d documents are not public (%(reasons)s).",
                len(documents),
            ) % {"hidden": len(hidden), "count": len(documents), "reasons": reasons}
        else:
            own = ngettext(
                "Its document is public.", "All its %(count)d documents are public.", len(documents)
            ) % {"count": len(documents)}
        if meeting.is_published:
            pictures = (
                ngettext("Its %d photo is public.", "Its %d photos are public.", photos) % photos
                if photos
                else _("It has no photos.")
            )
            return format_html("{} {}", own, pictures)
        return format_html(
            "{} {}",
            _(
                "The meeting is not public, so none of its documents (%(documents)d) "
                "and photos (%(photos)d) are."
            )
            % {"documents": len(documents), "photos": photos},
            _("Once it is: %s") % own if hidden else "",
        )

    @admin.display(description=_("previous addresses"))
    def previous_addresses(self, meeting):
        slugs = list(meeting.previous_slugs.values_list("slug", flat=True)) if meeting.pk else []
        if not slugs:
            return "—"
        return format_html_join(", ", "<bdi><code>{}</code></bdi>", ((slug,) for slug in slugs))

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
        if not can_publish(request, Document):
            form.fields["status"].choices = EDITOR_STATUSES
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
        """Delete meetings with what goes with them, recoverable from history.

        Each meeting's last revision holds it with its rows, and its documents: as they were
        when deleted with it, or as they were left standing alone. Recovering it brings back
        the first and takes back the second (core/restore.py).
        """
        detaching = self.detaching_documents(request)
        deleted = []
        for meeting in meetings:
            documents = list(meeting.documents.all())
            with self.create_revision(request):
                reversion.set_comment(gettext("Deleted."))
                reversion.add_to_revision(meeting)
                for document in documents:
                    if detaching:
                        self.detach(request, document, meeting)
                    else:
                        reversion.add_to_revision(document)
            if not detaching:
                deleted += documents
        with logged_deletion([*deleted, *meetings]):
            if deleted:
                self.log_deletions(request, deleted)
                Document.objects.filter(pk__in=[document.pk for document in deleted]).delete()
            for meeting in meetings:
                meeting.delete()

    def detach(self, request, document, meeting):
        document.meeting = None
        document.save(update_fields=["meeting", "updated_at"])
        admin.ModelAdmin.log_change(
            self,
            request,
            document,
            gettext("Meeting: “%(meeting)s” → — (the meeting was deleted).") % {"meeting": meeting},
        )
