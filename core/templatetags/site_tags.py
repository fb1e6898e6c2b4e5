"""Small helpers for the public templates."""

import functools
import json

from django import template
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from core.languages import canonical_address, opengraph_locale
from core.languages import language_versions as _language_versions
from core.richtext import plain_text, sanitise, shift_headings
from core.translated_text import shown_language, translated_fields, untranslated

register = template.Library()


@register.filter
def filesize(value):
    """Like `filesizeformat`, without a trailing “.0”: “84 KB”, “1.4 MB”."""
    return filesizeformat(value).replace(".0\xa0", "\xa0")


@register.simple_tag
def icon(name):
    """A decorative icon from includes/icon.html, rendered once per name and process.

    Lists render the same few icons dozens of times a page; an include would evaluate the
    template's chain of names each time.
    """
    return _icon(name)


@functools.cache
def _icon(name):
    return mark_safe(render_to_string("includes/icon.html", {"name": name}))


@register.filter
def richtext(value, top_heading=2):
    """Stored rich text as HTML, its headings moved down to start at `top_heading`.

    Only what comes out of the sanitiser is marked safe. The field stores sanitised HTML, but
    a row can be written without the field's save (a queryset update, a fixture, a restore
    from history): sanitising again here costs little and leaves nothing to trust.
    """
    return mark_safe(shift_headings(sanitise(value), top_heading))


@register.filter
def plaintext(value):
    """The words of rich text, for a summary or a meta description."""
    return plain_text(value)


# What `json_script` escapes: the data cannot end its <script> element or open a comment.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """Structured data as a JSON-LD data block, escaped like Django's `json_script`."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The current page in each language (core.languages), for the switcher and hreflang."""
    request = context.get("request")
    if request is None:
        return []
    try:
        request.get_host()
    except DisallowedHost:
        # The page refusing an unknown host must not ask for its address.
        return []
    return _language_versions(request)


@register.simple_tag(takes_context=True)
def canonical_link(context):
    """`<link rel="canonical">` for the page (core.languages.canonical_address), with the
    query parameters its view names as meaningful (`canonical_parameters`); nothing on a
    page refusing an unknown host."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        request.get_host()
    except DisallowedHost:
        return ""
    address = canonical_address(request, context.get("canonical_parameters", ()))
    return format_html('<link rel="canonical" href="{}">', address)


@register.simple_tag
def opengraph_locale_of_page():
    return opengraph_locale(get_language())


@register.simple_tag
def lang_of(obj, field):
    """` lang="en" dir="ltr"` for a translated text shown in English for want of a translation
    into the page's language (core/translated_text.py); nothing otherwise."""
    language = shown_language(obj, field)
    if language == get_language():
        return ""
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)


def _records(items):
    for item in items:
        if isinstance(item, Model):
            yield item
        elif isinstance(item, list | tuple | QuerySet):
            yield from _records(item)


@register.inclusion_tag("includes/translation_note.html")
def translation_note(*items):
    """A note, in the visitor's language, that some of these records' texts are shown in
    English for want of a translation. Takes records and lists of them (nested too)."""
    missing = any(
        untranslated(record, *translated_fields(type(record))) for record in _records(items)
    )
    # The page's language named in itself, as within a sentence: « en français ».
    return {"missing": missing, "language": get_language_info(get_language())["name_local"]}
