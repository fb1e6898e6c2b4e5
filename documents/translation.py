"""The document fields visitors read in their language (core/translated_text.py)."""

from modeltranslation.translator import TranslationOptions, register

from documents.models import Document, DocumentType


@register(DocumentType)
class DocumentTypeTranslation(TranslationOptions):
    fields = ["name"]
    required_languages = ["en"]
    # Unique: an untranslated name is NULL, never a second "".
    empty_values = None


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ["title", "description"]
    required_languages = {"en": ["title"]}
