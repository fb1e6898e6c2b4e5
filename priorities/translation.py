"""The domain's texts visitors read in their language (core/translated_text.py)."""

from modeltranslation.translator import TranslationOptions, register

from priorities.models import PriorityDomain


@register(PriorityDomain)
class PriorityDomainTranslation(TranslationOptions):
    fields = ["name", "short_name", "description"]
    required_languages = {"en": ["name", "short_name"]}
    # Unique: an untranslated name is NULL, never a second "".
    empty_values = {"name": None}
