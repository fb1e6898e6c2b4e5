from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext

from core.feeds import FilteredListFeed
from core.richtext import plain_text
from documents.filters import DocumentFilter
from documents.models import Document


class DocumentFeed(FilteredListFeed):
    filterset_class = DocumentFilter
    kind = "document"

    def public_items(self):
        return Document.objects.published().select_related("document_type", "meeting")

    def base_title(self):
        return gettext("Documents")

    def list_path(self):
        return reverse("documents:list")

    def description(self, obj):
        return gettext("Documents of the Khartoum Process, newest first.")

    def item_description(self, document):
        details = [document.document_type.name, date_format(document.date, "j F Y")]
        if document.meeting_id:
            details.append(document.meeting.title)
        text = Truncator(plain_text(document.description)).words(60)
        return f"{', '.join(details)}. {text}".strip()
