"""Uploads that are not kept leave no file behind.

A FileField stores its file while the row is saved, before the database has it. When the
save fails, or the transaction around it is rolled back later (an admin form whose inline
fails, a client gone mid-request, a database that stops answering), the row is gone but the
object would stay in the bucket, referenced by nothing. Models with files take
`FilesRemovedOnRollback` first among their bases:

- a save that fails removes the files it has just stored;
- within a request (`UploadRollbackMiddleware`), a file stored in a transaction is removed
  at the end of the request unless that transaction was committed (`transaction.on_commit`
  is told when it is; Django has no hook for a rollback). Code that stores a file before
  saving its row says so with `remove_unless_committed` (documents.services.attach_file).
"""

import logging
import threading
from contextlib import contextmanager

from django.db import connection, models, transaction

logger = logging.getLogger(__name__)

_state = threading.local()


def _pending():
    return getattr(_state, "pending", None)


@contextmanager
def files_removed_unless_committed():
    """Files stored inside the block by a transaction that does not commit are removed
    when it ends."""
    outer = _pending()
    # Already inside a transaction (a test's, which never commits): its fate is decided after
    # the block, so nothing is tracked here.
    pending = _state.pending = None if connection.in_atomic_block else {}
    try:
        yield
    finally:
        _state.pending = outer
        for storage, name in list((pending or {}).values()):
            remove(storage, name)


def remove(storage, name):
    try:
        storage.delete(name)
        logger.info("Removed %s: its upload was not saved", name)
    except Exception:
        logger.exception("Could not remove %s, an upload that was not saved", name)


def new_files(instance):
    """The FileFields of the instance whose file is still to be stored."""
    return [
        field
        for field in instance._meta.concrete_fields
        if isinstance(field, models.FileField)
        and getattr(instance, field.attname)
        and not getattr(instance, field.attname)._committed
    ]


class FilesRemovedOnRollback:
    def save(self, *args, **kwargs):
        fields = new_files(self)
        try:
            super().save(*args, **kwargs)
        except BaseException:
            for field in fields:
                stored = getattr(self, field.attname)
                if stored and stored._committed:
                    remove(stored.storage, stored.name)
            raise
        for field in fields:
            stored = getattr(self, field.attname)
            remove_unless_committed(stored.storage, stored.name)


def remove_unless_committed(storage, name):
    """The file just stored is removed at the end of the request unless the transaction
    that refers to it commits. For code that stores a file before saving its row
    (`FieldFile.save(..., save=False)`)."""
    pending = _pending()
    if pending is None:
        return
    key = (id(storage), name)
    pending[key] = (storage, name)
    # Runs at once outside a transaction, else when the outermost one commits.
    transaction.on_commit(lambda: pending.pop(key, None))


class UploadRollbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with files_removed_unless_committed():
            return self.get_response(request)
