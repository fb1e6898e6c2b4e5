"""The Process at a glance: the geometry of the charts that show the figures (glance.figures).

The charts are rendered by templates (templates/includes/glance/) as inline SVG from the
shapes computed here, from the figures alone: nothing here reads the database. Widths and
horizontal positions are percentages of the chart's width, heights and vertical positions
pixels: a chart fills any screen width while its text keeps its size. Positions are
computed for the page's direction, so in Arabic the bars grow from the right and time runs
from right to left, with the text upright.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import get_language_bidi, gettext, ngettext

# The series of the stacked chart: a colour and a pattern each, so that types are told
# apart without colour (each is also named in the legend and the table). The colours are
# from the Okabe–Ito palette, darkened where needed for 3:1 contrast against white.
SERIES_STYLES = ["solid", "stripes", "dots", "grid", "waves", "plain-grey"]


# Ranked bars: a label line above each bar, the value after its end.
ROW_HEIGHT = 46
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


def number(value):
    return number_format(value, force_grouping=True)


def length(value):
    """A coordinate as SVG reads it: written here, since a template would write a float the
    language's way (“12,5” in French), which SVG does not read."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def percent(value):
    return f"{length(value)}%"


@dataclass
class Chart:
    """What the chart templates render: the shapes, the words and the table alternative.

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


def charts(found, prefix, top):
    """Every chart of the figures `found` (glance.figures), in the visitor's language and
    direction, their ids starting with `prefix`; the ranked charts show their `top` rows."""
    rtl = get_language_bidi()
    totals = found["totals"]
    built = {}

    by_year = found["meetings_by_year"]
    series = (
        [
            {**one, "style": SERIES_STYLES[min(index, len(SERIES_STYLES) - 1)]}
            for index, one in enumerate(by_year["series"])
        ]
        if len(by_year["series"]) > 1
        else []
    )
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
        url=reverse("meetings:list"),
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

    by_domain = found["meetings_by_domain"]
    shapes, height = ranked_bars(by_domain, rtl)
    built["meetings_by_domain"] = Chart(
        id=f"{prefix}-meetings-by-domain",
        kind="bars",
        title=gettext("Meetings by priority domain"),
        summary=domain_summary(by_domain) if by_domain else "",
        url=reverse("meetings:list"),
        table_headings=[gettext("Priority domain"), gettext("Meetings")],
        rows=shapes,
        shapes=shapes,
        height=height,
        empty_message=gettext("No published meeting is on a priority domain yet."),
    )

    ranked = {
        "host_countries": (
            gettext("Host countries"),
            gettext("Country"),
            gettext("Meetings"),
            reverse("meetings:list"),
            gettext("No meeting with a host country has been published yet."),
        ),
        "organisations": (
            gettext("The organisations that took part most"),
            gettext("Organisation"),
            gettext("Meetings"),
            reverse("meetings:list"),
            gettext("No participants have been published yet."),
        ),
        "document_types": (
            gettext("Documents by type"),
            gettext("Type"),
            gettext("Documents"),
            reverse("documents:list"),
            gettext("No documents have been published yet."),
        ),
        "document_languages": (
            gettext("Documents by language"),
            gettext("Language"),
            gettext("Documents"),
            reverse("documents:list"),
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


def domain_summary(rows):
    """The sentence under the domains' chart: which domain the most meetings were on (the
    bars are in the Action Plan's order, not ranked), and how a meeting is counted."""
    peak = max(row["count"] for row in rows)
    leaders = [row for row in rows if row["count"] == peak]
    if len(leaders) > 1:
        lead = ngettext(
            "%(tied)s domain has the most meetings: %(count)s each.",
            "%(tied)s domains have the most meetings: %(count)s each.",
            len(leaders),
        ) % {"tied": number(len(leaders)), "count": number(peak)}
    else:
        lead = gettext("“%(name)s” has the most meetings: %(count)s.") % {
            "name": leaders[0]["title"],
            "count": number(peak),
        }
    return " ".join(
        [
            lead,
            gettext(
                "A meeting counts under each domain that it or one of its conclusions is on; "
                "the domains are in the order of the Joint Valletta Action Plan."
            ),
        ]
    )
