"""What visitors read in their language: the record's translated fields (django-modeltranslation).

Each translated field has a column per language (`title_en`, `title_fr`, `title_ar`, registered
in meetings/translation.py and documents/translation.py); `meeting.title` reads the visitor's
language and falls back to English where the translation is empty. English is required.
"""

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language, override
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


class WrittenInEnglish:
    """A model saved and deleted with English active, whatever the request's language.

    The original column (`title`) then always holds the English text, and what a save sets
    off (the search index, the record's version) reads the English columns, as it did before
    there were translations; the other languages' columns are written as the form set them.
    """

    def save(self, *args, **kwargs):
        with override(settings.LANGUAGE_CODE):
            return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with override(settings.LANGUAGE_CODE):
            return super().delete(*args, **kwargs)


def translated_fields(model):
    try:
        return translator.get_options_for_model(model).get_field_names()
    except NotRegistered:
        return []


def shown_language(obj, field):
    """The language of what `obj.<field>` shows: the visitor's, or English where the text is
    not translated (and so shown in English)."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or field not in translated_fields(type(obj)):
        return language
    if getattr(obj, build_localized_fieldname(field, language), None):
        return language
    return settings.LANGUAGE_CODE


def untranslated(obj, *fields):
    """Whether any of `fields` of `obj` that has text is shown in English for want of a
    translation into the visitor's language."""
    language = get_language() or settings.LANGUAGE_CODE
    return any(
        getattr(obj, field, None) and shown_language(obj, field) != language for field in fields
    )


def visitor_language():
    return get_language() or settings.LANGUAGE_CODE


def localized(lookup, language):
    """`lookup` ("meeting__title") naming its last field's column in `language`."""
    return build_localized_fieldname(lookup, language)


def translated_lookup(model, lookup):
    """Whether `lookup` ("meeting_type__name"), from `model`, ends on a translated field."""
    *path, last = lookup.split("__")
    for name in path:
        model = model._meta.get_field(name).related_model
    return last in translated_fields(model)


def shown_text(model, lookup, language=None):
    """The text of `lookup` visitors read, for the database: the translation into their
    language where there is one, else the English, as `meeting.title` reads it.

    Querysets of translated models read `title` in a filter, order or values() as the active
    language's column, with no fallback (django-modeltranslation's rewriting): a French page
    would then find, order and count by French titles, which are mostly empty. Whatever is
    not translated is returned as the lookup itself; without a `model`, `lookup` is taken to
    be translated.
    """
    language = language or visitor_language()
    if model is not None and not translated_lookup(model, lookup):
        return F(lookup)
    english = F(localized(lookup, settings.LANGUAGE_CODE))
    if language == settings.LANGUAGE_CODE:
        return english
    return Coalesce(
        NullIf(F(localized(lookup, language)), Value("")), english, output_field=TextField()
    )


def english_text(model, lookup):
    """The English text of `lookup`, for the database, whatever the active language."""
    return shown_text(model, lookup, settings.LANGUAGE_CODE)


def every_language(model, lookup):
    """[(language, lookup of its column)] of `lookup`: one per language if it is translated."""
    if not translated_lookup(model, lookup):
        return [(settings.LANGUAGE_CODE, lookup)]
    return [(code, localized(lookup, code)) for code, _name in settings.LANGUAGES]
