"""What a document's history keeps: its versions carry its language versions with their
earlier files and former names (core.history); a restore keeps the file it replaces."""

from django.utils import timezone

from core import history
from core.restore import keep_first_public
from documents.models import (
    Document,
    DocumentFile,
    DocumentFileRevision,
    DocumentType,
    FormerFileName,
)
from documents.services import keep_as_earlier_file, retire_name


def keep_replaced_file(document_file, restored):
    if document_file.file.name != restored.file.name:
        keep_as_earlier_file(restored, document_file, timezone.now())
    retire_name(restored, document_file.public_name)


def register():
    history.register(DocumentType)
    history.register(FormerFileName)
    # A file's extracted text is the software's, not an officer's: never told in history.
    history.register(DocumentFileRevision, undescribed=["text"])
    history.register(
        DocumentFile,
        follow=["revisions", "former_names"],
        records=["revisions", "former_names"],
        undescribed=["text"],
        on_restore=keep_replaced_file,
    )
    history.register(Document, follow=["files"], on_restore=keep_first_public)
