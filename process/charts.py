"""The Process over time: the geometry of its pictures, drawn by templates as inline SVG.

Nothing here reads the database: the figures come from process.figures. As the glance's
charts do, horizontal positions and widths are percentages of the picture's width (it fills
any screen) and vertical ones pixels (its text keeps its size); in a right-to-left page time
runs from right to left, with the text upright ("start" anchors the page's direction turns).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import number_format

# The timeline: a row of year labels, then lanes one after the other, each with a heading.
AXIS_HEIGHT = 24
LANE_HEADING = 22
LANE_GAP = 14
CHAIR_ROW = 34  # a bar and, above it, its label
SEAT_ROW = 12
MARKER_ROW = 18
MEETING_ROW = 22
MONTH_COLUMNS = 44
# A term's label is drawn only on a bar at least this wide (percent): the tables name all.
LABELLED = 7
LABEL_LENGTH = 18
# Beyond this many public meetings, the meetings lane shows how many there were each month
# instead of one link per meeting.
MEETINGS_SHOWN = 150
# The share chart of an organisation's page.
SHARE_PLOT = 120
SHARE_TOP = 20
SHARE_LABELS = 26
SHARE_CROWDED = 12


def length(value):
    """A coordinate as SVG reads it, whatever the language (“12,5” is no SVG number)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def percent(value):
    return f"{length(value)}%"


def number(value):
    return number_format(value, force_grouping=True)


def short(text, size=LABEL_LENGTH):
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


@dataclass
class Axis:
    """Days as percentages of the width, from the first of January of `first` to `last`."""

    first: datetime.date
    last: datetime.date
    rtl: bool = False

    @property
    def days(self):
        return max((self.last - self.first).days, 1)

    def at(self, day):
        """The position of `day`, a number between 0 and 100 from the start of time."""
        day = min(max(day, self.first), self.last)
        share = 100 * (day - self.first).days / self.days
        return 100 - share if self.rtl else share

    def span(self, start, end):
        """(x, width) of a period, in percents, whichever way time runs."""
        a, b = self.at(start), self.at(end)
        left = min(a, b)
        return left, max(abs(b - a), 0.4)

    def years(self):
        """The year ticks: every year, or every second or fifth one on a long axis."""
        count = self.last.year - self.first.year + 1
        step = 1 if count <= 14 else 2 if count <= 28 else 5
        ticks = []
        for year in range(self.first.year, self.last.year + 1):
            x = self.at(datetime.date(year, 1, 1))
            middle = self.at(min(datetime.date(year, 7, 1), self.last))
            ticks.append(
                {
                    "year": year,
                    "x": percent(x),
                    "label_x": percent(middle),
                    "labelled": (year - self.first.year) % step == 0,
                }
            )
        return ticks


def axis_for(first_day, today, rtl):
    return Axis(datetime.date(first_day.year, 1, 1), today, rtl)


def start_anchor(x, width, rtl):
    """Where a label written from a bar's start goes: its left end, or its right end in
    right-to-left."""
    return percent(x + width if rtl else x)


def packed(terms):
    """Terms put into rows so that none overlaps another in its row, earliest first: the
    fewest rows a Steering Committee's turnover needs."""
    rows = []
    for term in sorted(terms, key=lambda term: (term["started"], term["label"])):
        for row in rows:
            if row[-1]["ended"] is not None and row[-1]["ended"] < term["started"]:
                row.append(term)
                break
        else:
            rows.append([term])
    return rows


@dataclass
class Timeline:
    """What templates/process/timeline.html draws."""

    height: int
    years: list
    lanes: list = field(default_factory=list)
    today_x: str = ""


def bar(term, axis, today, y, height, rtl):
    x, width = axis.span(term["started"], term["ended"] or today)
    return {
        **term,
        "x": percent(x),
        "width": percent(width),
        "y": y,
        "height": height,
        "label_x": start_anchor(x, width, rtl),
        "label_dx": -3 if rtl else 3,
        "labelled": width >= LABELLED,
        "short_label": short(term["label"]),
    }


def timeline(found, today, rtl):
    """The lanes of the Process over time from `found` (process.figures.timeline_figures):
    chairmanships, the Steering Committee by side, members joining, the meetings."""
    starts = [
        day
        for day in [
            found["first_meeting"],
            *(term["started"] for term in found["chairs"]),
            *(term["started"] for term in found["seats"]),
            *(term["started"] for term in found["memberships"]),
        ]
        if day is not None
    ]
    if not starts:
        return None
    axis = axis_for(min(starts), today, rtl)
    y = AXIS_HEIGHT
    lanes = []

    def lane(name, title, rows_height):
        nonlocal y
        heading_y = y + 15
        top = y + LANE_HEADING
        y = top + rows_height + LANE_GAP
        found_lane = {
            "name": name,
            "title": title,
            "heading_x": "100%" if rtl else "0",
            "heading_y": heading_y,
            "top": top,
        }
        lanes.append(found_lane)
        return found_lane

    chairs = lane("chairs", found["titles"]["chairs"], CHAIR_ROW)
    chairs["bars"] = [
        {**bar(term, axis, today, chairs["top"] + 16, 16, rtl), "label_y": chairs["top"] + 11}
        for term in found["chairs"]
    ]

    for side, title in found["titles"]["sides"]:
        rows = packed([seat for seat in found["seats"] if seat["side"] == side])
        seats = lane(f"seats-{side}", title, max(len(rows), 1) * SEAT_ROW)
        seats["bars"] = [
            bar(seat, axis, today, seats["top"] + index * SEAT_ROW + 1, SEAT_ROW - 3, rtl)
            for index, row in enumerate(rows)
            for seat in row
        ]
        seats["empty"] = not rows

    joining = lane("members", found["titles"]["members"], MARKER_ROW)
    joining["markers"] = [
        {
            **membership,
            "x": percent(axis.at(membership["started"])),
            "y": joining["top"] + MARKER_ROW // 2,
        }
        for membership in found["memberships"]
    ]

    meetings = found["meetings"]
    if meetings["each"] is not None:
        meetings_lane = lane("meetings", found["titles"]["meetings"], MEETING_ROW)
        meetings_lane["dots"] = [
            {**meeting, "x": percent(axis.at(meeting["start_date"])), "y": meetings_lane["top"] + 9}
            for meeting in meetings["each"]
        ]
    else:
        meetings_lane = lane("meetings", found["titles"]["meetings"], MONTH_COLUMNS)
        peak = max((month["count"] for month in meetings["months"]), default=0)
        columns = []
        for month in meetings["months"]:
            x, width = axis.span(month["month"], next_month(month["month"]))
            height = MONTH_COLUMNS * month["count"] / peak if peak else 0
            columns.append(
                {
                    **month,
                    "x": percent(x),
                    "width": percent(max(width - 0.05, 0.15)),
                    "y": length(meetings_lane["top"] + MONTH_COLUMNS - height),
                    "height": length(height),
                    "value": number(month["count"]),
                }
            )
        meetings_lane["columns"] = columns
    return Timeline(
        height=y,
        years=axis.years(),
        lanes=lanes,
        today_x=percent(axis.at(today)),
    )


def next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def share_columns(years, rtl):
    """An organisation's share of the meetings, one column per year: the year's public
    meetings as a light column, those it attended as a dark one in front, both on the
    scale of the busiest year. `years`: [{year, attended, total, url}], oldest first."""
    count = len(years)
    peak = max((year["total"] for year in years), default=0)
    slot = 100 / count if count else 0
    width = min(slot * 0.62, 10)
    baseline = SHARE_TOP + SHARE_PLOT
    shapes = []
    for index, year in enumerate(years):
        position = count - 1 - index if rtl else index
        centre = slot * (position + 0.5)
        total = SHARE_PLOT * year["total"] / peak if peak else 0
        attended = SHARE_PLOT * year["attended"] / peak if peak else 0
        shapes.append(
            {
                **year,
                "x": percent(centre - width / 2),
                "width": percent(width),
                "centre": percent(centre),
                "total_y": length(baseline - total),
                "total_height": length(total),
                "attended_y": length(baseline - attended),
                "attended_height": length(attended),
                "value": f"{number(year['attended'])}/{number(year['total'])}",
                "value_y": length(baseline - total - 6),
                "label_y": baseline + 18,
                # From the latest backwards, every other label may give way on a phone.
                "minor": count > SHARE_CROWDED and (count - 1 - index) % 2 == 1,
            }
        )
    return {
        "shapes": shapes,
        "height": baseline + SHARE_LABELS,
        "baseline": length(baseline + 0.5),
        "crowded": count > SHARE_CROWDED,
    }
