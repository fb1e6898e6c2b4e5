"""The meeting fields visitors read in their language (core/translated_text.py)."""

from modeltranslation.translator import TranslationOptions, register

from meetings.models import Conclusion, Meeting, MeetingType, Organisation


@register(MeetingType)
class MeetingTypeTranslation(TranslationOptions):
    fields = ["name"]
    required_languages = ["en"]
    # Unique: an untranslated name is NULL, never a second "".
    empty_values = None


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ["name"]
    required_languages = ["en"]
    empty_values = None


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ["title", "summary", "body"]
    required_languages = {"en": ["title"]}


@register(Conclusion)
class ConclusionTranslation(TranslationOptions):
    fields = ["text"]
    required_languages = ["en"]
