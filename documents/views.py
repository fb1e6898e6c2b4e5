from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.record_version import record_version
from core.views import LIST_CACHE_TIMEOUT, FilteredListView, PublicDetailView, digest
from documents.counting import count_when_sent, is_bot
from documents.filters import DocumentFilter
from documents.models import Document, DocumentFile
from documents.serving import serve_stored_file
from documents.structured_data import digital_document

NO_SUCH_FILE = _("This document has no file of that name.")


class DocumentListView(FilteredListView):
    follow_url_names = {
        "feed": "documents:feed",
        "csv": "documents:csv",
        "alerts": "alerts:documents",
    }
    filterset_class = DocumentFilter
    template_name = "documents/document_list.html"
    filter_title = _("Filter documents")
    context_object_name = "document_ids"
    paginate_by = 20

    def get_queryset(self):
        return Document.objects.published()

    row_template = "includes/document_row.html"

    def row_keys(self, ids):
        # A row shows its download count, which changes without the record's version.
        return dict(
            Document.objects.filter(pk__in=ids)
            .with_download_counts()
            .values_list("pk", "download_count")
        )

    def decorate(self, queryset):
        return (
            queryset.select_related("document_type", "meeting")
            # A row shows neither the description nor its meeting's text.
            .defer("description", "meeting__summary", "meeting__body")
            .prefetch_related("files")
            .with_download_counts()
        )

    def row_context(self, document):
        return {"document": document, "show_meeting": True}


class DocumentDetailView(PublicDetailView):
    not_found_message = _(
        "There is no published document at this address. Find it in the list of documents."
    )
    template_name = "documents/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        queryset = (
            Document.objects.visible_to(self.request.user)
            .select_related("document_type", "meeting")
            .with_download_counts()
        )
        if self.request.user.is_staff:
            files = DocumentFile.objects.prefetch_related("revisions")
        else:
            files = DocumentFile.objects.all()
        return queryset.prefetch_related(Prefetch("files", queryset=files))

    def get_context_data(self, **kwargs):
        document = self.object
        return super().get_context_data(
            structured_data=digital_document(document, document.files.all(), self.request),
            **kwargs,
        )


@require_safe
def download(request, pk, filename):
    """The file itself at a permanent address: /documents/<id>/<public file name>.

    The name picks the language version. A name the version had before (a public name since
    changed, or the name its file was served under before public names existed) redirects
    permanently to the current address.
    """
    if "\x00" in filename:  # no stored name has one, and PostgreSQL refuses to compare it
        raise Http404(str(NO_SUCH_FILE))
    # What the public may download changes only with the record: the check's answer for
    # anonymous visitors is cached under its version, so a download costs no query but its count.
    key = None
    if not request.user.is_authenticated:
        key = f"download:{record_version()}:{pk}:{digest(filename)}"
        document_file = cache.get(key)
        if document_file is not None:
            return serve_counted(request, document_file, public=True)
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related("meeting"), pk=pk
    )
    files = DocumentFile.objects.filter(document=document)
    document_file = files.filter(public_name=filename).first()
    if document_file is not None and key and document.is_public:
        cache.set(key, document_file, LIST_CACHE_TIMEOUT)
    if document_file is None:
        # A version's current name wins over the same name another version had before.
        former = (
            files.filter(former_names__name=filename).order_by("-former_names__retired_at").first()
            or files.filter(original_name=filename).first()
            or files.filter(revisions__original_name=filename)
            .order_by("-revisions__replaced_at")
            .first()
        )
        if former is None:
            raise Http404(str(NO_SUCH_FILE))
        return redirect(former, permanent=True)
    return serve_counted(request, document_file, public=document.is_public)


def serve_counted(request, document_file, *, public):
    """The file, counted once sent in full to a visitor who is not a bot."""
    response, full_download = serve_stored_file(request, document_file, public=public)
    if full_download and not is_bot(request):
        count_when_sent(response, document_file)
    return response
