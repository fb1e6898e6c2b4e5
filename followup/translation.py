"""The updates' text visitors read in their language (core/translated_text.py)."""

from modeltranslation.translator import TranslationOptions, register

from followup.models import Update


@register(Update)
class UpdateTranslation(TranslationOptions):
    fields = ["text"]
    required_languages = ["en"]
