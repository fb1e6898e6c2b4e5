"""What the search indexes of documents (see core/search.py)."""

from django.contrib.postgres.search import SearchVector
from django.db.models import F, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from core import search
from core.richtext import plain_text
from documents.models import Document, DocumentFile


def files_text(files):
    """The text of `files`, the files of one document, for the database."""
    return search.joined(files.filter(document=OuterRef("pk")), "document", F("text"))


def meeting_title(column):
    """The `column` of a document's meeting's title, reached through its foreign key (this
    app knows nothing of meetings), or ""."""
    meetings = Document._meta.get_field("meeting").related_model.objects
    return Coalesce(
        Subquery(meetings.rewrite(False).filter(pk=OuterRef("meeting_id")).values(column)[:1]),
        Value(""),
        output_field=TextField(),
    )


def document_vector():
    """A document's search vector: title and reference, then its description, then the text
    of its files (each in its language's configuration), then its meeting's title."""
    files = DocumentFile.objects
    stemmed = list(search.LANGUAGE_CONFIGS)
    return (
        SearchVector("title_en", "reference", config=search.ENGLISH, weight="A")
        + SearchVector(search.strip_tags("description_en"), config=search.ENGLISH, weight="B")
        + search.translated_vector("title", weight="A")
        + search.translated_vector("description", weight="B", rich=["description"])
        + SearchVector(files_text(files.filter(language="en")), config=search.ENGLISH, weight="C")
        + SearchVector(files_text(files.filter(language="fr")), config=search.FRENCH, weight="C")
        + SearchVector(
            files_text(files.exclude(language__in=stemmed)), config=search.SIMPLE, weight="C"
        )
        + SearchVector(meeting_title("title_en"), config=search.ENGLISH, weight="D")
        + SearchVector(meeting_title("title_fr"), config=search.FRENCH, weight="D")
        + SearchVector(meeting_title("title_ar"), config=search.SIMPLE, weight="D")
    )


def snippet_text():
    return [
        *search.shown_and_english("description", rich=True),
        files_text(DocumentFile.objects.all()),
    ]


def document_plain_text(document):
    return [
        plain_text(document.description),
        *(plain_text(text) for text in search.english_if_other(document, "description")),
        *DocumentFile.objects.filter(document=document).values_list("text", flat=True),
    ]


def register():
    search.register(
        search.Indexed(
            Document,
            vector=document_vector,
            snippet_text=snippet_text,
            plain_text=document_plain_text,
            includes=("files", "meeting"),
        )
    )
