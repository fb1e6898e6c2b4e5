from django import template

from core.languages import colon

register = template.Library()


register.simple_tag(colon, name="colon")


@register.filter
def domains_beyond(item, parent):
    """The priority domains of `item` (a conclusion) that `parent` (its meeting) is not on:
    the meeting's are said once, in its facts. Read from what was prefetched."""
    said = set(parent.domains.all())
    return [domain for domain in item.domains.all() if domain not in said]
