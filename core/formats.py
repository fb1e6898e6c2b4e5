"""The site's own date formats (SHORT_MONTH_FORMAT…), read from the project's format modules
(settings.FORMAT_MODULE_PATH) in the active language."""

from django.conf import settings
from django.utils.formats import iter_format_modules
from django.utils.translation import get_language


def site_format(name):
    """A format of the site's own (SHORT_MONTH_FORMAT) in the active language, else English.

    Django's get_format() knows only Django's own format names."""
    for language in (get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE):
        for module in iter_format_modules(language, settings.FORMAT_MODULE_PATH):
            if hasattr(module, name):
                return getattr(module, name)
    raise AttributeError(name)
