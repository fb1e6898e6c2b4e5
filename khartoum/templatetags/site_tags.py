"""Small helpers for the public templates."""

import functools

from django import template
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def filesize(value):
    """Like `filesizeformat`, without a trailing “.0”: “84 KB”, “1.4 MB”."""
    return filesizeformat(value).replace(".0\xa0", "\xa0")


@register.simple_tag
def icon(name):
    """A decorative icon from includes/icon.html, drawn once per name and process.

    Lists draw the same few icons dozens of times a page; an include would evaluate the
    template's chain of names each time.
    """
    return _icon(name)


@functools.cache
def _icon(name):
    return mark_safe(render_to_string("includes/icon.html", {"name": name}))
