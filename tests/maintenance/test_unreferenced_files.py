"""manage.py unreferenced_files: the files of deleted documents and photos, listed, then
removed only when asked; never those of a live row, nor, by default, those a deleted item's
history can restore."""

from io import StringIO

import pytest
import reversion
from django.core.files.storage import default_storage
from django.core.management import call_command

from maintenance.backup import stored_names
from tests import object_storage
from tests.factories import DocumentFileFactory, PhotoFactory

pytestmark = pytest.mark.django_db
s3_endpoint = object_storage.s3_endpoint
s3_client = object_storage.s3_client
s3_bucket = object_storage.s3_bucket


@pytest.fixture(params=["filesystem", "s3"])
def any_storage(request):
    if request.param == "s3":
        request.getfixturevalue("s3_bucket")
    return request.param


def run(*args):
    out = StringIO()
    call_command("unreferenced_files", *args, stdout=out)
    return out.getvalue()


def test_files_of_deleted_items_are_listed_then_removed_when_asked(any_storage, client):
    kept = DocumentFileFactory()
    photo = PhotoFactory()
    assert client.get(f"/photos/{photo.pk}/thumb.webp").status_code == 200
    kept_photo = PhotoFactory(meeting=photo.meeting)
    assert client.get(f"/photos/{kept_photo.pk}/thumb.webp").status_code == 200
    deleted = DocumentFileFactory()
    gone = [deleted.file.name, photo.image.name]
    deleted.document.delete()
    photo.delete()
    stored = set(stored_names())
    renditions = {name for name in stored if name.startswith("photos/renditions/")}
    assert len(renditions) == 2

    listing = run()
    assert "dry run" in listing
    for name in gone:
        assert name in listing
    assert kept.file.name not in listing and kept_photo.image.name not in listing
    assert set(stored_names()) == stored  # nothing removed

    run("--delete")
    left = set(stored_names())
    assert not set(gone) & left
    assert {kept.file.name, kept_photo.image.name} <= left
    assert len({name for name in left if name.startswith("photos/renditions/")}) == 1
    assert "0 file(s)" in run()


def test_earlier_versions_of_a_file_are_kept():
    from documents.services import attach_file
    from tests.factories import pdf_bytes

    current = DocumentFileFactory()
    first = current.file.name
    from django.core.files.uploadedfile import SimpleUploadedFile

    attach_file(current.document, current.language, SimpleUploadedFile("new.pdf", pdf_bytes(2)))
    run("--delete")
    assert first in set(stored_names())


def test_a_deleted_item_its_history_can_restore_keeps_its_file_by_default(any_storage):
    with reversion.create_revision():
        document_file = DocumentFileFactory()
        document = document_file.document
        document.save()
    name = document_file.file.name
    document.delete()

    listing = run("--delete")
    assert "Kept: 1 file(s)" in listing
    assert default_storage.exists(name)

    listing = run("--delete", "--include-history")
    assert name in listing
    assert not default_storage.exists(name)


def test_staged_uploads_are_left_to_their_own_command():
    from django.core.files.base import ContentFile

    name = default_storage.save("pending/form-upload.pdf", ContentFile(b"%PDF-1.4"))
    run("--delete")
    assert default_storage.exists(name)
