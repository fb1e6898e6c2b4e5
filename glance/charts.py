"""The Process at a glance: the record's figures, and the geometry of the charts that show them.

The figures are counted from what is public only (the same `published()` querysets as the
lists), in one query each, and cached per record version and language like the lists'
counts (core.views): a page of charts costs the same few queries however long
the record grows. Staff signed in see the public figures too: they are the same for
everyone, and cached as such. Each figure keeps the address of the filtered list it
summarises, so a chart, a bar or a table cell leads to the list that shows the same count.

The charts are drawn by templates as inline SVG from the shapes computed here. Widths and
horizontal positions are percentages of the chart's width, heights and vertical positions
pixels: a chart fills any screen width while its text keeps its size. Positions are
computed for the page's direction, so in Arabic the bars grow from the right and time runs
from right to left, with the text upright.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator
from django.utils.translation import get_language, get_language_bidi, gettext, ngettext
from django_countries import countries

from core.record_version import record_version
from core.translated_text import english_text, shown_text
from core.views import LIST_CACHE_TIMEOUT
from documents.filters import language_label
from documents.models import Document, DocumentFile, DownloadTally
from meetings.models import Meeting, Participant

# How many rows the ranked charts show, and how many meeting types the stacked chart
# draws on their own (the rest are drawn together as “Other types”).
TOP = 10
MAX_SERIES = 5
DOWNLOAD_MONTHS = 12
# Downloads are tallied without moving the record's version (core.record_version): their
# figure is counted afresh at most this often.
DOWNLOADS_CACHE_TIMEOUT = 3600

# The series of the stacked chart: a colour and a pattern each, so that types are told
# apart without colour (each is also named in the legend and the table). The colours are
# from the Okabe–Ito palette, darkened where needed for 3:1 contrast against white.
SERIES_STYLES = ["solid", "stripes", "dots", "grid", "waves", "plain-grey"]


def url(name, **query):
    """A list's address with its filters, as the list's own filter form would write it."""
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def number(value):
    return number_format(value, force_grouping=True)


# ------------------------------------------------------------------ the figures


def figures():
    """Every figure of the page, counted once per record version and language."""
    version = record_version()
    key = ":".join(["glance", get_language(), str(version)])
    found = cache.get_or_set(key, count_figures, LIST_CACHE_TIMEOUT)
    return {**found, "downloads": downloads(version)}


def count_figures():
    return {
        "meetings_by_year": meetings_by_year(),
        "host_countries": host_countries(),
        "organisations": organisations(),
        "document_types": document_types(),
        "document_languages": document_languages(),
        "totals": totals(),
    }


def totals():
    return {
        "meetings": Meeting.objects.published().count(),
        "documents": Document.objects.published().count(),
    }


def meetings_by_year():
    """{"years": [{label, total, url, cells: [{count, url} per series]}],
    "series": [{slug, name, total, style}]}.

    The most frequent types are series of their own; the others, if more than one, are
    drawn together as “Other types”.
    """
    rows = list(
        Meeting.objects.published()
        .values(
            "start_date__year",
            "meeting_type__slug",
            "meeting_type__order",
            # The name visitors read; the English orders the types alike in every language.
            type_name=shown_text(Meeting, "meeting_type__name"),
            english_name=english_text(Meeting, "meeting_type__name"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_type = {}
    for row in rows:
        kind = by_type.setdefault(
            row["meeting_type__slug"],
            {
                "slug": row["meeting_type__slug"],
                "name": row["type_name"],
                "english_name": row["english_name"],
                "order": row["meeting_type__order"],
                "total": 0,
            },
        )
        kind["total"] += row["n"]
    ranked = sorted(by_type.values(), key=lambda kind: (-kind["total"], kind["english_name"]))
    kept = ranked if len(ranked) <= MAX_SERIES + 1 else ranked[:MAX_SERIES]
    kept = sorted(kept, key=lambda kind: (kind["order"], kind["english_name"]))
    series = [
        {
            "slug": kind["slug"],
            "name": kind["name"],
            "total": kind["total"],
        }
        for kind in kept
    ]
    slugs = [kind["slug"] for kind in kept]
    if len(kept) < len(ranked):
        series.append(
            {
                "slug": "",
                "name": gettext("Other types"),
                "total": sum(kind["total"] for kind in ranked[MAX_SERIES:]),
            }
        )
    for index, one in enumerate(series):
        one["style"] = SERIES_STYLES[min(index, len(SERIES_STYLES) - 1)]
    counts = {}
    for row in rows:
        slug = row["meeting_type__slug"]
        column = slugs.index(slug) if slug in slugs else len(slugs)
        year = counts.setdefault(row["start_date__year"], [0] * len(series))
        year[column] += row["n"]
    years = []
    for year in sorted(counts):
        years.append(
            {
                "label": str(year),
                "total": sum(counts[year]),
                "url": url("meetings:list", year=year),
                "cells": [
                    {
                        "count": count,
                        "url": url("meetings:list", type=one["slug"], year=year)
                        if one["slug"]
                        else "",
                    }
                    for one, count in zip(series, counts[year], strict=True)
                ],
            }
        )
    return {"years": years, "series": series}


def host_countries():
    """The host countries, most meetings first: [{label, count, url}]."""
    rows = (
        Meeting.objects.published()
        .exclude(host_country="")
        .values("host_country")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ranked = [
        {
            "label": countries.name(row["host_country"]) or row["host_country"],
            "count": row["n"],
            "url": url("meetings:list", host_country=row["host_country"]),
        }
        for row in rows
    ]
    return rank(ranked)


def organisations():
    """The organisations at the most public meetings, top ten: [{label, count, url}]."""
    # Grouped from the participants (with the organisation's name by a join): about
    # twice as quick on a long record as grouping the organisations over their joins.
    rows = (
        Participant.objects.filter(
            meeting__in=Meeting.objects.published(), organisation__isnull=False
        )
        .values(
            "organisation",
            "organisation__acronym",
            name=shown_text(Participant, "organisation__name"),
        )
        .annotate(n=Count("meeting", distinct=True))
        .order_by("-n", "organisation__name_en")[:TOP]
    )
    # The acronym is shorter, where it tells the organisation apart from the others.
    acronyms = Counter(row["organisation__acronym"] for row in rows)
    return [
        {
            "label": acronym if acronym and acronyms[acronym] == 1 else row["name"],
            "title": row["name"],
            "count": row["n"],
            "url": url("meetings:list", organisation=row["organisation"]),
        }
        for row in rows
        for acronym in [row["organisation__acronym"]]
    ]


def document_types():
    rows = (
        Document.objects.published()
        .values("document_type__slug", name=shown_text(Document, "document_type__name"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    return rank(
        [
            {
                "label": row["name"],
                "count": row["n"],
                "url": url("documents:list", type=row["document_type__slug"]),
            }
            for row in rows
        ]
    )


def document_languages():
    """Documents with a file in each language (a document in two languages counts in both,
    as the list filtered by language counts it)."""
    rows = (
        DocumentFile.objects.filter(document__in=Document.objects.published())
        .values("language")
        .annotate(n=Count("document", distinct=True))
        .order_by()
    )
    return rank(
        [
            {
                "label": language_label(row["language"]),
                "count": row["n"],
                "url": url("documents:list", language=row["language"]),
            }
            for row in rows
        ]
    )


def rank(rows):
    return sorted(rows, key=lambda row: (-row["count"], row["label"].casefold()))[:TOP]


def downloads(version, today=None):
    """Downloads of public documents in each of the last twelve months, this one included.

    Every public document counts, whether or not its page shows its own count: that choice
    (`show_download_count`) is about telling how often one document is read, and a
    month's total over the whole record tells nothing of any one document. Drafts and
    scheduled documents, downloaded by staff only, are left out like everywhere else.
    """
    today = today or timezone.localdate()
    hour = timezone.now().strftime("%Y%m%d%H")
    key = ":".join(["glance-downloads", get_language(), str(version), hour])
    return cache.get_or_set(key, lambda: count_downloads(today), DOWNLOADS_CACHE_TIMEOUT)


def count_downloads(today):
    months = []
    month = today.replace(day=1)
    for _ in range(DOWNLOAD_MONTHS):
        months.insert(0, month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    totals = dict(
        DownloadTally.objects.filter(
            document_file__document__in=Document.objects.published(), month__gte=months[0]
        )
        .values("month")
        .annotate(total=Sum("count"))
        .order_by()
        .values_list("month", "total")
    )
    return {
        "months": [
            {
                "label": date_format(month, "M"),
                "long_label": date_format(month, "F Y"),
                # The year under its first month and under each January.
                "sublabel": str(month.year) if month.month == 1 or month == months[0] else "",
                "total": totals.get(month, 0),
            }
            for month in months
        ],
        "total": sum(totals.values()),
        "url": url("documents:list"),
    }


# ------------------------------------------------------------------ the charts

# Ranked bars: a label line above each bar, the value after its end.
ROW_HEIGHT = 46
BAR_HEIGHT = 16
# The longest bar leaves room after it for its value.
LONGEST_BAR = 86
# What a ranked bar's label fits in on a phone's width.
LABEL_LENGTH = 38
# Columns: room above the tallest for its value, the plot, the labels below.
PLOT_TOP = 26
PLOT_HEIGHT = 150
COLUMN_LABELS = 28
# Beyond this many columns, every other label is left out on narrow screens (CSS).
CROWDED = 8


def length(value):
    """A coordinate as SVG reads it: written here, since a template would write a float the
    language's way (“12,5” in French), which SVG does not read."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def percent(value):
    return f"{length(value)}%"


@dataclass
class Chart:
    """What the chart templates draw: the shapes, the words and the table alternative.

    id: the prefix of the ids in the page; kind: "bars" (ranked, horizontal) or "columns"
    (one per year or month, stacked by series when there are several).
    """

    id: str
    kind: str
    title: str
    summary: str
    url: str
    table_headings: list
    rows: list = field(default_factory=list)
    series: list = field(default_factory=list)
    shapes: list = field(default_factory=list)
    height: int = 0
    empty_message: str = ""
    crowded: bool = False
    # Labels too long to sit under every column (month names in some languages).
    long_labels: bool = False
    # The columns' baseline, on the pixel grid.
    baseline: str = length(PLOT_TOP + PLOT_HEIGHT + 0.5)

    @property
    def empty(self):
        return not self.shapes


def ranked_bars(rows, rtl):
    """Shapes of a ranked bar chart: each row's label, bar and value, in pixels and percents.

    In a right-to-left page the bars grow from the right edge; text keeps `text-anchor`
    "start", which the page's direction turns to the right end.
    """
    peak = max((row["count"] for row in rows), default=0)
    shapes = []
    for index, row in enumerate(rows):
        width = LONGEST_BAR * row["count"] / peak if peak else 0
        width = max(width, 0.5)
        top = index * ROW_HEIGHT
        shapes.append(
            {
                **row,
                "value": number(row["count"]),
                # SVG text does not wrap: a long name is cut to fit a phone (the table has
                # it whole).
                "short_label": Truncator(row["label"]).chars(LABEL_LENGTH),
                "label_x": "100%" if rtl else "0",
                "label_y": top + 15,
                "bar_x": percent(100 - width if rtl else 0),
                "bar_y": top + 22,
                "bar_width": percent(width),
                "value_x": percent(100 - width if rtl else width),
                "value_dx": -6 if rtl else 6,
                "value_y": top + 35,
            }
        )
    return shapes, len(rows) * ROW_HEIGHT


def columns(items, styles, rtl, names=()):
    """Shapes of a column chart: one column per item, stacked by series.

    `items` have a `label`, a `total` and, when there are several series (`styles`, their
    fills; `names`, theirs), `cells` with a `count` per series. In a right-to-left page the
    first item is at the right.
    """
    count = len(items)
    peak = max((item["total"] for item in items), default=0)
    slot = 100 / count if count else 0
    width = min(slot * 0.62, 14)
    baseline = PLOT_TOP + PLOT_HEIGHT
    shapes = []
    for index, item in enumerate(items):
        position = count - 1 - index if rtl else index
        centre = slot * (position + 0.5)
        bottom = baseline
        segments = []
        counts = [cell["count"] for cell in item["cells"]] if styles else [item["total"]]
        for series, value in enumerate(counts):
            if not value:
                continue
            height = PLOT_HEIGHT * value / peak
            bottom -= height
            segments.append(
                {
                    # Shown on hover: a segment has no label of its own.
                    "title": f"{names[series]}, {item['label']}: {number(value)}" if names else "",
                    "style": styles[series] if styles else "",
                    "y": length(bottom),
                    "height": length(height),
                }
            )
        # From the latest backwards, every other label may give way on a narrow screen.
        minor = count > CROWDED and (count - 1 - index) % 2 == 1
        shapes.append(
            {
                **item,
                "value": number(item["total"]),
                "x": percent(centre - width / 2),
                "width": percent(width),
                "centre": percent(centre),
                "segments": segments,
                "value_y": length(bottom - 7),
                "label_y": baseline + 19,
                "sublabel_y": baseline + 35,
                "minor": minor,
            }
        )
    second_line = any(item.get("sublabel") for item in items)
    return shapes, baseline + COLUMN_LABELS + (16 if second_line else 0)


def charts(prefix="glance", top=TOP):
    """Every chart of the page, in the visitor's language and direction; the ranked charts
    show their `top` rows."""
    found = figures()
    rtl = get_language_bidi()
    totals = found["totals"]
    built = {}

    by_year = found["meetings_by_year"]
    series = by_year["series"] if len(by_year["series"]) > 1 else []
    shapes, height = columns(
        by_year["years"],
        [one["style"] for one in series],
        rtl,
        names=[one["name"] for one in series],
    )
    built["meetings_by_year"] = Chart(
        id=f"{prefix}-meetings-by-year",
        kind="columns",
        title=gettext("Meetings per year, by type"),
        summary=ngettext(
            "%(count)s public meeting since %(first)s.",
            "%(count)s public meetings since %(first)s.",
            totals["meetings"],
        )
        % {
            "count": number(totals["meetings"]),
            "first": by_year["years"][0]["label"] if by_year["years"] else "",
        },
        url=url("meetings:list"),
        table_headings=[gettext("Year"), *[one["name"] for one in series], gettext("Total")]
        if series
        else [gettext("Year"), gettext("Meetings")],
        rows=shapes,
        series=series,
        shapes=shapes,
        height=height,
        empty_message=gettext("No meetings have been published yet."),
        crowded=len(shapes) > CROWDED,
    )

    ranked = {
        "host_countries": (
            gettext("Host countries"),
            gettext("Country"),
            gettext("Meetings"),
            url("meetings:list"),
            gettext("No meeting with a host country has been published yet."),
        ),
        "organisations": (
            gettext("The organisations that took part most"),
            gettext("Organisation"),
            gettext("Meetings"),
            url("meetings:list"),
            gettext("No participants have been published yet."),
        ),
        "document_types": (
            gettext("Documents by type"),
            gettext("Type"),
            gettext("Documents"),
            url("documents:list"),
            gettext("No documents have been published yet."),
        ),
        "document_languages": (
            gettext("Documents by language"),
            gettext("Language"),
            gettext("Documents"),
            url("documents:list"),
            gettext("No documents have been published yet."),
        ),
    }
    for name, (title, heading, value_heading, list_url, empty) in ranked.items():
        rows = found[name][:top]
        shapes, height = ranked_bars(rows, rtl)
        built[name] = Chart(
            id=f"{prefix}-{name.replace('_', '-')}",
            kind="bars",
            title=title,
            summary=ranked_summary(name, found[name], totals) if rows else empty,
            url=list_url,
            table_headings=[heading, value_heading],
            rows=shapes,
            shapes=shapes,
            height=height,
            empty_message=empty,
        )

    downloads = found["downloads"]
    shapes, height = columns(downloads["months"], [], rtl) if downloads["total"] else ([], 0)
    months = downloads["months"]
    built["downloads"] = Chart(
        id=f"{prefix}-downloads",
        kind="columns",
        title=gettext("Downloads per month"),
        summary=ngettext(
            "%(count)s download of public documents from %(first)s to %(last)s.",
            "%(count)s downloads of public documents from %(first)s to %(last)s.",
            downloads["total"],
        )
        % {
            "count": number(downloads["total"]),
            "first": months[0]["long_label"],
            "last": months[-1]["long_label"],
        },
        url=downloads["url"],
        table_headings=[gettext("Month"), gettext("Downloads")],
        rows=[
            {**month, "label": month["long_label"], "value": number(month["total"])}
            for month in months
        ],
        shapes=shapes,
        height=height,
        empty_message=gettext("No downloads have been counted in the last twelve months."),
        crowded=len(shapes) > CROWDED,
        long_labels=len(shapes) > CROWDED and max(len(month["label"]) for month in months) > 4,
    )
    return built


def ranked_summary(name, rows, totals):
    """The sentence under a ranked chart's title: who leads, or how many share the lead."""
    top = rows[0]
    tied = sum(row["count"] == top["count"] for row in rows)
    values = {
        "name": top.get("title", top["label"]),
        "count": number(top["count"]),
        "tied": number(tied),
        "documents": number(totals["documents"]),
    }
    if name == "document_types":
        if tied > 1:
            return (
                ngettext(
                    "%(documents)s public document.",
                    "%(documents)s public documents.",
                    totals["documents"],
                )
                % values
            )
        return (
            ngettext(
                "%(documents)s public document; the most frequent type is “%(name)s”.",
                "%(documents)s public documents; the most frequent type is “%(name)s”.",
                totals["documents"],
            )
            % values
        )
    if tied > 1:
        return {
            "host_countries": ngettext(
                "%(tied)s country has hosted the most meetings: %(count)s each.",
                "%(tied)s countries have hosted the most meetings: %(count)s each.",
                tied,
            ),
            "organisations": ngettext(
                "%(tied)s organisation took part in the most meetings: %(count)s each.",
                "%(tied)s organisations took part in the most meetings: %(count)s each.",
                tied,
            ),
            "document_languages": ngettext(
                "%(tied)s language has the most documents: %(count)s each.",
                "%(tied)s languages have the most documents: %(count)s each.",
                tied,
            ),
        }[name] % values
    return {
        "host_countries": gettext("%(name)s has hosted the most meetings: %(count)s."),
        "organisations": gettext("%(name)s took part in the most meetings: %(count)s."),
        "document_languages": gettext("%(name)s has the most documents: %(count)s."),
    }[name] % values
