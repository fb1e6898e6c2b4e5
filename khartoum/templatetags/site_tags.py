"""Small helpers for the public templates."""

from django import template
from django.template.defaultfilters import filesizeformat

register = template.Library()


@register.filter
def filesize(value):
    """Like `filesizeformat`, without a trailing “.0”: “84 KB”, “1.4 MB”."""
    return filesizeformat(value).replace(".0\xa0", "\xa0")
