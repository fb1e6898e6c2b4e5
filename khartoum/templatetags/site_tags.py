"""Small helpers for the public templates: filter forms, facets, dates and file sizes."""

import datetime

from django import forms, template
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import SuffixedMultiWidget

from khartoum.filtering import FacetChoice

register = template.Library()

# Labels for the two inputs of a range filter, by the suffix django-filter gives them.
RANGE_LABELS = {"after": _("From"), "before": _("Until"), "min": _("From"), "max": _("To")}


@register.filter
def get_item(mapping, key):
    """`facets|get_item:field.name`: a dictionary value by a key held in a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def filesize(value):
    """Like `filesizeformat`, without a trailing “.0”: “84 KB”, “1.4 MB”."""
    return filesizeformat(value).replace(".0\xa0", "\xa0")


@register.filter
def day_span(meeting):
    """The days of a meeting for its date tile: “8”, “18–19”, “30–1”."""
    start, end = meeting.start_date, meeting.end_date or meeting.start_date
    if start == end:
        return str(start.day)
    return f"{start.day}–{end.day}"


@register.filter
def month_span(meeting):
    """The month and year of a meeting for its date tile: “May 2017”, “Nov–Dec 2016”."""
    start, end = meeting.start_date, meeting.end_date or meeting.start_date
    if (start.year, start.month) == (end.year, end.month):
        return date_format(start, "M Y")
    if start.year == end.year:
        return f"{date_format(start, 'M')}–{date_format(end, 'M Y')}"
    return f"{date_format(start, 'M Y')}–{date_format(end, 'M Y')}"


@register.filter
def field_kind(bound_field, facets):
    """How the filter form draws a field: "facet", "range", "search" or "text"."""
    if facets and bound_field.name in facets:
        return "facet"
    if isinstance(bound_field.field.widget, forms.MultiWidget):
        return "range"
    if bound_field.name == "q":
        return "search"
    return "text"


def _range_names(bound_field):
    widget = bound_field.field.widget
    suffixes = widget.suffixes if isinstance(widget, SuffixedMultiWidget) else ["0", "1"]
    return [(suffix, f"{bound_field.html_name}_{suffix}") for suffix in suffixes]


@register.filter
def range_inputs(bound_field):
    """The two inputs of a range filter (e.g. adopted_after / adopted_before) with labels."""
    data = bound_field.form.data
    return [
        {
            "name": name,
            "id": f"id_{name}",
            "label": RANGE_LABELS.get(suffix, ""),
            "value": data.get(name, "") if hasattr(data, "get") else "",
        }
        for suffix, name in _range_names(bound_field)
    ]


def _readable(raw):
    """A date from the query string as people write it (“1 February 2017”), else as given."""
    raw = raw.strip()
    try:
        return date_format(datetime.date.fromisoformat(raw), "j F Y")
    except ValueError:
        return raw


def _current_label(bound_field, value, facet_choices):
    """A readable label for the value a visitor set, using only what is already loaded."""
    for choice in facet_choices or ():
        if choice.selected:
            return choice.label
    cleaned = getattr(bound_field.form, "cleaned_data", {}).get(bound_field.name)
    if isinstance(bound_field.field, forms.ModelChoiceField):
        # The form already fetched the object while validating: no further query.
        return str(cleaned) if cleaned is not None else value
    if isinstance(bound_field.field, forms.ChoiceField):
        return str(dict(bound_field.field.choices).get(value, value))
    return value


@register.filter
def facet_options(bound_field, facets):
    """The options of a facet's select; the current value is kept even when it counts 0.

    A value the other filters leave with no results does not appear among the facet's rows,
    but the visitor chose it: without it, submitting the form again would drop the filter.
    """
    choices = list((facets or {}).get(bound_field.name, []))
    value = bound_field.data
    if value in (None, "") or bound_field.errors or any(c.selected for c in choices):
        return choices
    label = _current_label(bound_field, str(value), choices)
    return [FacetChoice(value=str(value), label=label, count=0, selected=True), *choices]


@register.simple_tag(takes_context=True)
def active_filters(context, filterset, facets=None):
    """The filters a visitor has set, each with a label and a link that removes it."""
    request = context["request"]
    form = filterset.form
    chips = []
    for bound_field in form:
        if isinstance(bound_field.field.widget, forms.MultiWidget):
            names = [name for _suffix, name in _range_names(bound_field)]
            parts = [
                (str(RANGE_LABELS.get(suffix, "")).lower(), _readable(request.GET.get(name, "")))
                for suffix, name in _range_names(bound_field)
            ]
            value = " ".join(f"{word} {part}" for word, part in parts if part)
        else:
            names = [bound_field.html_name]
            raw = request.GET.get(bound_field.html_name, "").strip()
            if not raw:
                value = ""
            elif bound_field.name == "q":
                value = f"“{raw}”"
            elif bound_field.errors:
                value = raw
            else:
                value = _current_label(bound_field, raw, (facets or {}).get(bound_field.name))
        if not value:
            continue
        remaining = request.GET.copy()
        for name in [*names, "page"]:
            remaining.pop(name, None)
        query = remaining.urlencode()
        chips.append(
            {
                "label": bound_field.label,
                "value": value,
                "remove_url": f"{request.path}?{query}" if query else request.path,
            }
        )
    return chips


@register.simple_tag
def filter_fields(filterset, facets=None):
    """The form's fields in two groups: the search and facets first, the rest under "More".

    Returns {"main": [(kind, field)], "more": [(kind, field)], "more_active": bool}; the
    "More filters" group starts open when one of its filters is set.
    """
    groups = {"main": [], "more": [], "more_active": False}
    data = filterset.form.data
    for bound_field in filterset.form:
        kind = field_kind(bound_field, facets)
        if kind in {"search", "facet"}:
            groups["main"].append((kind, bound_field))
            continue
        groups["more"].append((kind, bound_field))
        names = (
            [name for _suffix, name in _range_names(bound_field)]
            if kind == "range"
            else [bound_field.html_name]
        )
        if any(str(data.get(name, "")).strip() for name in names) or bound_field.errors:
            groups["more_active"] = True
    return groups
