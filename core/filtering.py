"""Faceted filtering shared by the public lists: each choice shows how many results it gives.

A FilterSet declares its facets; after validating the query string it counts, for each facet,
the results every value would give, and puts the counts into the choices of that field's
select. The form is then rendered by Django's form rendering with the templates named here.
"""

import hashlib
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections
from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast
from django.forms.renderers import TemplatesSetting
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import SuffixedMultiWidget

from core.translated_text import shown_text


class FilterFormRenderer(TemplatesSetting):
    """Renders each field of a public filter form with the site's markup."""

    field_template_name = "includes/filter_field.html"


class FilterForm(forms.Form):
    default_renderer = FilterFormRenderer()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # “Year”, not “Year:”
        super().__init__(*args, **kwargs)


class DateRangeInputs(SuffixedMultiWidget):
    """The two date inputs of a DateFromToRangeFilter, each with its own label."""

    template_name = "includes/date_range_inputs.html"
    suffixes = ["after", "before"]
    labels = [_("From"), _("Until")]

    def __init__(self, attrs=None):
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        super().__init__([date_input, date_input], attrs)

    def decompress(self, value):
        return [value.start, value.stop] if value else [None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], self.labels, strict=True):
            subwidget["label"] = label
        return context


def search_filter(placeholder):
    """The `q` filter of a list: a search box whose text the FilterSet's queryset matches."""
    return django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.SearchInput(attrs={"placeholder": placeholder}),
    )


# The name of the total's row among the facets' rows (no facet's name starts with "#").
TOTAL = "#total"
# Each row counted for the facets: which count it is, the value and its label. They are
# annotated first, then named in values(): values(name=expression) alone would select every
# column of a translated model (django-modeltranslation's values()).
FACET_COLUMNS = ["facet", "value", "label"]

# What lists cache is keyed by the record's version, so it is replaced as soon as anything
# changes (and by the code's release, which the cache adds to every key: core.redis_cache);
# the timeout only bounds how long unused entries stay.
LIST_CACHE_TIMEOUT = 3600


class RecordChoiceField(django_filters.fields.ModelChoiceField):
    """A row of the record chosen in the address, found once per record version.

    Its queryset must be the same for every request (no visitor's rights): the row a value
    names is cached under the record's version, which every change of the record moves on.
    """

    record_version = None
    # {cache key: value} the list view read in the round trip of everything its page caches:
    # a row missing there is not in the cache either.
    cached_rows = None

    def cache_key(self, value):
        model = self.queryset.model._meta.label_lower
        # The value as typed in the address can be anything (spaces, control characters,
        # any length): its digest keeps the key valid for every cache backend.
        digest = hashlib.sha256(str(value).encode()).hexdigest()
        return ":".join(
            map(str, ["choice", model, self.to_field_name, self.record_version, digest])
        )

    def to_python(self, value):
        if self.record_version is None or value in self.empty_values:
            return super().to_python(value)
        key = self.cache_key(value)
        found = cache.get(key) if self.cached_rows is None else self.cached_rows.get(key)
        if found is None:
            try:
                found = super().to_python(value)
            except ValidationError:
                # A value that names nothing is found once as well (False: no such row).
                found = False
            cache.set(key, found, LIST_CACHE_TIMEOUT)
        if found is False:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class RecordChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RecordChoiceField


def type_filter(field_name, queryset):
    """A type chosen by its slug, the address's `type=thematic-meeting`, among `queryset` (a
    callable given the request, so that it is read at each request)."""
    return RecordChoiceFilter(
        field_name=field_name, to_field_name="slug", queryset=queryset, label=_("Type")
    )


class YearFilter(django_filters.NumberFilter):
    # A whole number: NumberFilter's decimal field would take 2017.5, which no date has.
    field_class = forms.IntegerField


def year_filter(field_name):
    """A year of a date field, chosen from a facet's select."""
    return YearFilter(
        field_name=field_name,
        lookup_expr="year",
        label=_("Year"),
        min_value=1900,
        max_value=2999,
        widget=forms.Select,
    )


class FacetSelect(forms.Select):
    """The select of a facet: “All”, then each value with the number of results it gives.

    Its options are written in one template, not one template each: a facet can list a
    dozen values, and every list page renders several facets.
    """

    template_name = "includes/facet_select.html"


@dataclass(frozen=True)
class Facet:
    """How the choices of one filter are counted and listed.

    value: the lookup whose values are counted; each is also the value sent in the address.
    label: the lookup of each value's readable name (“meeting_type__name”), or a function
        from a value to its name (`countries.name`); the value itself when neither is given.
    order: the order of the choices, "label" (alphabetical) or "-value" (newest year first).
    limit: list only this many values, those with the most results; `narrowed_by` names the
        text filter that finds the others, shown only when there are more.
    distinct: count each result once per value, where the lookup reaches several rows of one
        result (the organisations of a commitment's meeting, each with several delegates).
    """

    value: str
    label: str | object | None = None
    order: str = "label"
    limit: int | None = None
    narrowed_by: str | None = None
    distinct: bool = False


@dataclass
class FacetChoice:
    value: str
    label: str
    count: int


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose `facets` show, for each choice, how many results it would give.

    A facet's counts apply every other filter that is set and valid, but not its own, so a
    visitor sees what each choice would give; a value that is not valid (?year=abc) is
    reported by the form and left out of the counts. One query per facet, with no join
    beyond the ones its lookups name, whatever the number of rows.
    """

    facets = {}
    # Filters folded under “More filters”; the search and the facets stay in view.
    more_filters = []
    # The record's version, set by the list view before validating: rows chosen in the
    # address (RecordChoiceField) are then found once per version.
    record_version = None

    class Meta:
        form = FilterForm

    @cached_property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if isinstance(field, RecordChoiceField):
                field.record_version = self.record_version
        return form

    def search(self, queryset, name, value):
        # What a search matches is the queryset's to say, the same for every channel.
        return queryset.search(value)

    def counts(self, filtered):
        """{"count": the number of `filtered` rows, "facets": each facet's counts}, the part
        worth caching; "facets" maps a facet's name to ([FacetChoice], has_more).

        Each facet is counted on the queryset the view gave (no list's joins or
        annotations), with every other valid filter applied; the total and every facet
        are counted in one query.
        """
        parts = [self._total_part(filtered)] + [
            self.facet_rows(name, facet) for name, facet in self.facets.items()
        ]
        rows = union_all(parts, [*FACET_COLUMNS, "n"])
        total = next((row["n"] for row in rows if row["facet"] == TOTAL), 0)
        facets = {}
        for name, facet in self.facets.items():
            # One more than the limit tells whether there are more; one more for a blank.
            found = [row for row in rows if row["facet"] == name and row["value"] != ""]
            facets[name] = (
                [
                    FacetChoice(row["value"], self._label(facet, row["value"], row), row["n"])
                    for row in found[: facet.limit]
                ],
                bool(facet.limit) and len(found) > facet.limit,
            )
        return {"count": total, "facets": facets}

    @staticmethod
    def _total_part(filtered):
        # No GROUP BY: a constant is not grouped by, so this is one row, the total.
        return (
            filtered.order_by()
            .annotate(facet=Value(TOTAL), value=Value(""), label=Value(""))
            .values(*FACET_COLUMNS)
            .annotate(n=Count("pk"))
        )

    def others_applied(self, name):
        """The items with every valid filter applied but `name`'s: what the choices of `name`
        are counted among, so each count is what choosing it would give."""
        queryset = self.queryset.all()
        for other, value in self.valid_values.items():
            if other != name:
                queryset = self.filters[other].filter(queryset, value)
        return queryset

    def facet_rows(self, name, facet):
        """The rows (FACET_COLUMNS and "n") of one facet's counts, joined with the others' in
        one query. A FilterSet whose facet is not a count by lookup (a meeting is on a domain
        through its conclusions too) counts it its own way here."""
        queryset = self.others_applied(name)
        # A label read by lookup is the visitor's text, English where it is not translated:
        # the active language's column alone would often be empty.
        label = (
            shown_text(queryset.model, facet.label) if isinstance(facet.label, str) else Value("")
        )
        rows = (
            queryset.exclude(**{f"{facet.value}__isnull": True})
            .order_by()
            .annotate(
                facet=Value(name),
                value=Cast(facet.value, output_field=CharField()),
                label=Cast(label, output_field=CharField()),
            )
            .values(*FACET_COLUMNS)
            .annotate(n=Count("pk", distinct=facet.distinct))
            .order_by("-n", "value")
        )
        return rows[: facet.limit + 2] if facet.limit else rows

    def show_facets(self, counts, total):
        """Put the counts into each facet's select: “All”, then “Label (count)” per value.

        `total` is the number of results of the whole filter set: the count of a facet's
        selected value, which may not be among its most used ones.
        """
        self.facet_choices = {}
        self.facet_has_more = {}
        for name, facet in self.facets.items():
            choices, self.facet_has_more[name] = counts[name]
            choices = list(choices)
            # The visitor's choice stays in the list even when it is not among the most
            # used or the other filters leave it no results: otherwise the next submit
            # would drop it.
            current = self.valid_values.get(name)
            raw = str(self.data.get(name, "")).strip()
            if current not in (None, "") and raw not in {choice.value for choice in choices}:
                label = str(current) if isinstance(facet.label, str) else self._label(facet, raw)
                choices.append(FacetChoice(raw, label, total))
            if facet.order == "-value":
                choices.sort(key=lambda choice: choice.value, reverse=True)
            else:
                choices.sort(key=lambda choice: choice.label.lower())
            self.facet_choices[name] = choices
            self.form.fields[name].widget = FacetSelect(
                choices=[("", _("All"))]
                + [(choice.value, f"{choice.label} ({choice.count})") for choice in choices]
            )

    def cache_key(self):
        """What the results and the facets' counts depend on besides the record: each
        filter's value as the address gives it.

        Read without validating anything, so that everything keyed by it can be read from
        the cache at once: under one version of the record, the same values always
        validate alike.
        """
        form = self.form
        values = sorted(
            (name, form[name].data)
            for name in form.fields
            if form[name].data not in (None, "", [], ["", ""], [None, None])
        )
        return f"{type(self).__name__}:{hashlib.sha256(repr(values).encode()).hexdigest()}"

    def record_choice_keys(self):
        """{field name: cache key} of each row chosen in the address (RecordChoiceField)."""
        form = self.form
        return {
            name: field.cache_key(form[name].data)
            for name, field in form.fields.items()
            if isinstance(field, RecordChoiceField) and form[name].data not in field.empty_values
        }

    def use_cached_choices(self, found):
        """Hand the rows chosen in the address, already read from the cache ({key: row}), to
        their fields, which then do not ask the cache again."""
        for field in self.form.fields.values():
            if isinstance(field, RecordChoiceField):
                field.cached_rows = found

    @staticmethod
    def _label(facet, value, row=None):
        if isinstance(facet.label, str):
            return str(row["label"])
        if facet.label is not None:
            return str(facet.label(value))
        return str(value)

    @cached_property
    def valid_values(self):
        """The cleaned value of each filter the address sets validly; invalid ones are left out."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def field_groups(self):
        """The form's fields as rendered: the search and facets, then those under “More filters”.

        A facet's narrowing text field is rendered only when the facet lists some of its
        values, or when the visitor has used it; a hidden field (a filter reached by a link)
        only carries its value along. Returns {"main", "more", "more_open", "hidden"}.
        """
        narrowing = {facet.narrowed_by: name for name, facet in self.facets.items()}
        groups = {"main": [], "more": [], "more_open": False, "hidden": []}
        for field in self.form:
            if field.is_hidden:
                groups["hidden"].append(field)
                continue
            facet = narrowing.get(field.name)
            if facet and not (self.facet_has_more.get(facet) or field.data or field.errors):
                continue
            if field.name in self.more_filters:
                groups["more"].append(field)
                groups["more_open"] |= bool(self._raw_values(field) or field.errors)
            else:
                groups["main"].append(field)
        return groups

    @cached_property
    def active_filters(self):
        """The filters a visitor has set: a label, a readable value, a link that removes it."""
        chips = []
        for field in self.form:
            raw = self._raw_values(field)
            if not raw:
                continue
            remaining = self.data.copy()
            for key in [*raw, "page"]:
                remaining.pop(key, None)
            query = remaining.urlencode()
            path = self.request.path
            chips.append(
                {
                    "label": field.label,
                    "value": self._readable(field, raw),
                    "remove_url": f"{path}?{query}" if query else path,
                }
            )
        return chips

    def _raw_values(self, field):
        """{parameter: value} of what the visitor typed for a field (two for a range)."""
        widget = field.field.widget
        names = (
            [f"{field.html_name}_{suffix}" for suffix in widget.suffixes]
            if isinstance(widget, SuffixedMultiWidget)
            else [field.html_name]
        )
        raw = {name: str(self.data.get(name, "")).strip() for name in names}
        return {name: value for name, value in raw.items() if value}

    def _readable(self, field, raw):
        widget = field.field.widget
        if isinstance(widget, DateRangeInputs):
            words = dict(zip(widget.suffixes, widget.labels, strict=True))
            return " ".join(
                f"{str(words[name.rsplit('_', 1)[1]]).lower()} {readable_date(value)}"
                for name, value in raw.items()
            )
        value = raw[field.html_name]
        if field.errors:
            return value
        if isinstance(widget, forms.SearchInput):
            return f"“{value}”"
        for choice in getattr(self, "facet_choices", {}).get(field.name, []):
            if choice.value == value:
                return choice.label
        chosen = self.valid_values.get(field.name)
        return str(chosen) if hasattr(chosen, "pk") else value


def readable_date(raw):
    """A date from the address as people write it (“1 February 2017”), else as given."""
    try:
        date = parse_date(raw)
    except ValueError:  # well formed but no such day: 2017-02-30
        date = None
    return date_format(date, "j F Y") if date else raw


def union_all(querysets, columns):
    """The `columns` of every queryset's rows, each row a {column: value} dict, read in one
    query.

    Each queryset keeps its own order and limit, and is compiled alone, as it would run by
    itself. Their columns must have matching types. Values come as the database driver
    gives them, with no field's conversion.
    """
    compiled = []
    for queryset in querysets:
        try:
            compiled.append(queryset.query.get_compiler(queryset.db).as_sql())
        except EmptyResultSet:  # one that can match nothing (.none(), `in` an empty list)
            continue
    if not compiled:
        return []
    # A subquery in FROM may have its own ORDER BY and LIMIT, in PostgreSQL and SQLite alike;
    # its columns are named, not counted on to come in the same order.
    names = ", ".join(f'"{column}"' for column in columns)
    sql = " UNION ALL ".join(
        f"SELECT {names} FROM ({part}) AS part_{number}"
        for number, (part, _params) in enumerate(compiled)
    )
    params = [param for _part, part_params in compiled for param in part_params]
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
