"""Actions that write a document with its files: a language version and its history, or many
documents at once from a bulk upload."""

import os

from django.db import transaction
from django.utils import timezone

from core.staged_uploads import discard_when_saved
from core.upload_rollback import remove_unless_committed
from core.uploads import clean_filename
from documents.extraction import extract_text
from documents.models import (
    Document,
    DocumentFile,
    DocumentFileRevision,
    FormerFileName,
    default_public_name,
)
from documents.validation import inspect_upload


def unique_name_within(document, language, name):
    """Two language versions of one document never share a public file name."""
    taken = set(
        DocumentFile.objects.filter(document=document)
        .exclude(language=language)
        .values_list("public_name", flat=True)
    )
    stem, ext = os.path.splitext(name)
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}{ext}", number + 1
    return candidate


def retire_name(document_file, name):
    """Keep `name` answering (with a redirect) after the version's public name changed."""
    if name and name != document_file.public_name:
        FormerFileName.objects.get_or_create(document_file=document_file, name=name)
    # A name given back to the version is its current one again, not a former one.
    document_file.former_names.filter(name=document_file.public_name).delete()


def keep_as_earlier_file(document_file, replaced, replaced_at):
    """Keep the file `replaced` (a language version as it was) as an earlier version of
    `document_file`: staff still see it, and nothing leaves it referenced only by history."""
    return DocumentFileRevision.objects.create(
        document_file=document_file,
        file=replaced.file.name,
        original_name=replaced.original_name,
        size=replaced.size,
        content_type=replaced.content_type,
        sha256=replaced.sha256,
        page_count=replaced.page_count,
        uploaded_at=replaced.uploaded_at,
        replaced_at=replaced_at,
        text=replaced.text,
    )


@transaction.atomic
def attach_file(document, language, upload, facts=None, public_name=""):
    """Make `upload` the current file of `document` in `language`.

    A file already there becomes an earlier version (kept, visible to staff); the language
    version keeps its identity and its public file name, so its address and download counts
    carry on. A new version is named `public_name`, or a clean name made from the document.
    `facts` may pass an `inspect_upload` result already computed by a form.
    """
    facts = facts or inspect_upload(upload)
    now = timezone.now()
    current = (
        DocumentFile.objects.select_for_update()
        .filter(document=document, language=language)
        .first()
    )
    original_name = clean_filename(upload.name)
    extension = os.path.splitext(original_name)[1]
    former_name = None
    if current is None:
        current = DocumentFile(document=document, language=language)
        name = public_name or default_public_name(document, language, extension)
    else:
        keep_as_earlier_file(current, current, now)
        # The name stays; only a file of another kind changes its extension.
        former_name = current.public_name
        name = public_name or os.path.splitext(current.public_name)[0] + extension
    current.text = extract_text(upload, original_name)
    upload.seek(0)
    current.file.save(original_name, upload, save=False)
    # Stored before its row: removed again if the transaction does not commit.
    remove_unless_committed(current.file.storage, current.file.name)
    discard_when_saved(upload)
    current.public_name = unique_name_within(document, language, name)
    current.original_name = original_name
    current.size = facts.size
    current.content_type = facts.content_type
    current.sha256 = facts.sha256
    current.page_count = facts.page_count
    current.uploaded_at = now
    current.save()
    if former_name:
        retire_name(current, former_name)
    return current


def title_from_filename(name):
    """“joint_conclusions-Malta.pdf” → “Joint conclusions Malta”."""
    stem = os.path.splitext(clean_filename(name))[0]
    title = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return title[:1].upper() + title[1:]


@transaction.atomic
def create_documents(meeting, uploads, *, document_type, language, date, status):
    """One document of `meeting` for each upload, titled after its file name; all or nothing.

    Each upload carries the `facts` its form's validation measured.
    """
    documents = []
    for upload in uploads:
        document = Document.objects.create(
            title=title_from_filename(upload.name),
            document_type=document_type,
            meeting=meeting,
            date=date or meeting.start_date,
            status=status,
        )
        attach_file(document, language, upload, facts=upload.facts)
        documents.append(document)
    return documents
