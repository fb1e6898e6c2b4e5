from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from khartoum.record import follow_changes

        from .models import (
            Document,
            DocumentFile,
            DocumentFileRevision,
            DocumentType,
            FormerFileName,
        )

        # Each is seen by the public: on a document's page or card, in the lists' filters, or
        # as a file name that redirects. Not `DownloadTally`: written on every download, and
        # no list count depends on it.
        follow_changes(DocumentType, Document, DocumentFile, FormerFileName, DocumentFileRevision)
