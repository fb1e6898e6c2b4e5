from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from core.pending import forget_deleted
        from documents import history
        from documents.models import Document

        history.register()
        post_delete.connect(forget_deleted, sender=Document)
