"""The admin's forms for translated fields: each translation under the English text it
translates, in one form.

The English text keeps its field (`title`); its French and Arabic translations follow it
(`title_fr`, `title_ar`), optional. Plain fields rather than django-modeltranslation's tabs:
those need jQuery UI from elsewhere, which the Content Security Policy and slow links both
refuse, whereas fields one after another are read in order by a screen reader, reached by
the keyboard and compared at a glance, without any script. Each field says its language
(`lang`, and `dir`: `rtl` for Arabic, `ltr` for English and French, whatever the admin's own
language), so it is typed and spell-checked as such.
"""

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import get_language_info, override, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.translated_text import translated_fields


class EnglishOriginalsForm(forms.ModelForm):
    """A model form whose original fields (`title`) read and write the English text.

    django-modeltranslation's `title` means the active language's text: the form fills and
    saves those fields with English active, so an officer using the admin in French still
    edits the English text there, and the French one in `title_fr`.
    """

    def __init__(self, *args, **kwargs):
        with override(settings.LANGUAGE_CODE):
            super().__init__(*args, **kwargs)

    def _post_clean(self):
        with override(settings.LANGUAGE_CODE):
            super()._post_clean()


# The interface's languages named within a sentence (“Title in French”): French writes them
# in lower case there, « Titre en français », whereas Django's catalogues name a language as
# it stands alone, capitalised, as the public language switcher does (« Français »).
WITHIN_A_SENTENCE = {
    "en": pgettext_lazy("language named within a sentence", "English"),
    "fr": pgettext_lazy("language named within a sentence", "French"),
    "ar": pgettext_lazy("language named within a sentence", "Arabic"),
}


def _label(verbose_name, language):
    name = WITHIN_A_SENTENCE.get(language) or get_language_info(language)["name_translated"]
    return _("%(field)s in %(language)s") % {"field": capfirst(verbose_name), "language": name}


translated_label = lazy(_label, str)


class TranslatedFields:
    """For a ModelAdmin or inline of a model with translated fields: the English form, and
    each translation field labelled with its language and marked up in it."""

    form = EnglishOriginalsForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None:
            return field
        original = getattr(db_field, "translated_field", None)
        if original is not None:
            mark_language(field, db_field.language)
            field.label = translated_label(original.verbose_name, db_field.language)
            field.help_text = _("Empty: shown in English, with a note saying so.")
        elif db_field.name in translated_fields(db_field.model):
            # The original field holds the English text (EnglishOriginalsForm), in an admin
            # that may be in Arabic.
            mark_language(field, settings.LANGUAGE_CODE)
        return field


def mark_language(field, language):
    bidi = get_language_info(language)["bidi"]
    field.widget.attrs.update(lang=language, dir="rtl" if bidi else "ltr")


def with_translations(model, names):
    """`names` with each translated field followed by its French and Arabic fields."""
    translated = set(translated_fields(model))
    result = []
    for name in names:
        result.append(name)
        if name in translated:
            result += [
                f"{name}_{code}"
                for code, _name in settings.LANGUAGES
                if code != settings.LANGUAGE_CODE
            ]
    return result
