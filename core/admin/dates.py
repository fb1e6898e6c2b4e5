"""Every date field of the admin says how to type it (the formats are khartoum/formats/)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

DATE_HINT = _("YYYY-MM-DD, or DD/MM/YYYY.")


def with_date_hint(help_text):
    return format_lazy("{} {}", help_text, DATE_HINT) if help_text else DATE_HINT


class DateHints:
    """A ModelAdmin or inline mixin: date fields get the date hint after their help text."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.DateField):
            formfield.help_text = with_date_hint(formfield.help_text)
        return formfield
