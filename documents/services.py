"""Actions that write a document with its files: a language version and its history, or many
documents at once from a bulk upload."""

import os

from django.db import transaction
from django.utils import timezone

from khartoum.uploads import clean_filename

from .models import Document, DocumentFile, DocumentFileRevision
from .validation import inspect_upload


def unique_name_within(document, language, name):
    """Two language versions of one document never share a download name."""
    taken = set(
        DocumentFile.objects.filter(document=document)
        .exclude(language=language)
        .values_list("original_name", flat=True)
    )
    stem, ext = os.path.splitext(name)
    candidate, number = name, 1
    while candidate in taken:
        suffix = language if number == 1 else f"{language}-{number}"
        candidate, number = f"{stem}-{suffix}{ext}", number + 1
    return candidate


@transaction.atomic
def attach_file(document, language, upload, facts=None):
    """Make `upload` the current file of `document` in `language`.

    A file already there becomes an earlier version (kept, visible to staff); the language
    version keeps its identity, so its address and download counts carry on.
    `facts` may pass an `inspect_upload` result already computed by a form.
    """
    facts = facts or inspect_upload(upload)
    now = timezone.now()
    current = (
        DocumentFile.objects.select_for_update()
        .filter(document=document, language=language)
        .first()
    )
    if current is None:
        current = DocumentFile(document=document, language=language)
    else:
        DocumentFileRevision.objects.create(
            document_file=current,
            file=current.file.name,
            original_name=current.original_name,
            size=current.size,
            content_type=current.content_type,
            sha256=current.sha256,
            page_count=current.page_count,
            uploaded_at=current.uploaded_at,
            replaced_at=now,
        )
    name = unique_name_within(document, language, clean_filename(upload.name))
    upload.seek(0)
    current.file.save(name, upload, save=False)
    current.original_name = name
    current.size = facts.size
    current.content_type = facts.content_type
    current.sha256 = facts.sha256
    current.page_count = facts.page_count
    current.uploaded_at = now
    current.save()
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
