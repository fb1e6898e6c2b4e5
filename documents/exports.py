from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.channels import (
    BadFilter,
    bad_filter_response,
    conditional_on_record,
    csv_response,
    filtered,
    last_change,
)
from documents.filters import DocumentFilter
from documents.models import Document


@require_safe
@conditional_on_record
def documents_csv(request):
    """The documents the list's filters select, as a spreadsheet, with each file's address."""
    try:
        _filterset, documents = filtered(
            DocumentFilter,
            request,
            Document.objects.published()
            .select_related("document_type", "meeting")
            .defer("description", "meeting__summary", "meeting__body")
            .prefetch_related("files", "domains"),
        )
    except BadFilter as error:
        return bad_filter_response(error)
    header = [
        gettext("Title"),
        gettext("Address"),
        gettext("Type"),
        gettext("Date"),
        gettext("Adopted on"),
        gettext("Reference code"),
        gettext("Priority domains"),
        gettext("Meeting"),
        gettext("Meeting address"),
        gettext("Languages"),
        gettext("Files"),
    ]

    def row(document):
        files = list(document.files.all())
        meeting = document.meeting
        return [
            document.title,
            request.build_absolute_uri(document.get_absolute_url()),
            document.document_type.name,
            document.date.isoformat(),
            document.adopted_on.isoformat() if document.adopted_on else "",
            document.reference,
            "; ".join(domain.name for domain in document.domains.all()),
            meeting.title if meeting else "",
            request.build_absolute_uri(meeting.get_absolute_url()) if meeting else "",
            " ".join(file.language for file in files),
            " ".join(request.build_absolute_uri(file.get_absolute_url()) for file in files),
        ]

    rows = (row(document) for document in documents.iterator(chunk_size=500))
    return csv_response(
        "khartoum-process-documents.csv", header, rows, last_modified=last_change(documents)
    )
