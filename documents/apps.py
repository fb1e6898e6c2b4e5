from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from core.pending import forget_deleted
        from core.record_version import follow_changes
        from documents import history
        from documents import search as documents_search
        from documents.models import (
            Document,
            DocumentFile,
            DocumentFileRevision,
            DocumentType,
            FormerFileName,
        )

        history.register()
        # Each is seen by the public: on a document's page or card, in the lists' filters, or
        # as a file name that redirects. Not `DownloadTally`: written on every download, and
        # no list count depends on it.
        follow_changes(DocumentType, Document, DocumentFile, FormerFileName, DocumentFileRevision)
        post_delete.connect(forget_deleted, sender=Document)
        # What the search indexes of documents, and when it is refreshed.
        documents_search.register()
