"""Faceted filtering shared by the public lists: each choice shows how many results it gives."""

from dataclasses import dataclass

import django_filters
from django.db.models import Count


@dataclass
class FacetChoice:
    value: str
    label: str
    count: int
    selected: bool


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose `facets` name, per filter, the value and label to count results by.

    A facet's counts apply every other active filter but not its own, so a visitor sees what
    each choice would give. One query per facet, whatever the number of rows.
    """

    # filter name -> (value lookup, label lookup or None)
    facets = {}

    def facet_label(self, name, value, label):
        return label if label is not None else value

    def facet_choices(self):
        # A value that is not valid (?year=abc) is reported to the visitor and left out of
        # the counts, so the other choices still show what they would give.
        invalid = set(self.form.errors) if self.is_bound else set()
        result = {}
        for name, (value_lookup, label_lookup) in self.facets.items():
            others = self.data.copy()
            for key in list(others):
                field = key.rsplit("_", 1)[0] if key not in self.filters else key
                if key in {name, "page"} or key in invalid or field in invalid:
                    others.pop(key)
            filterset = type(self)(data=others, queryset=self.queryset, request=self.request)
            lookups = [value_lookup] + ([label_lookup] if label_lookup else [])
            rows = (
                filterset.qs.order_by()
                .exclude(**{f"{value_lookup}__isnull": True})
                .values(*lookups)
                .annotate(n=Count("pk", distinct=True))
            )
            current = str(self.data.get(name, ""))
            choices = [
                FacetChoice(
                    value=str(row[value_lookup]),
                    label=str(self.facet_label(name, row[value_lookup], row.get(label_lookup))),
                    count=row["n"],
                    selected=str(row[value_lookup]) == current,
                )
                for row in rows
                if row[value_lookup] != ""
            ]
            result[name] = self.sort_facet(name, choices)
        return result

    def sort_facet(self, name, choices):
        return sorted(choices, key=lambda choice: choice.label.lower())
