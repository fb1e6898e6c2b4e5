"""Per-row totals as correlated subqueries, so a list keeps its plain SELECT.

A join with GROUP BY would group by every column of the row (a meeting's body text
included) before the LIMIT, and would have to be carried into the paginator's count and
every facet query; a subquery is evaluated for the rows of the page only.
"""

from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def subquery_total(queryset, path, aggregate):
    """`aggregate` over the rows of `queryset` whose `path` is the outer query's row (0 if none)."""
    totals = (
        queryset.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(total=aggregate)
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=IntegerField()), 0)
