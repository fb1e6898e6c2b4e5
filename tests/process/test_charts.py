"""The pictures' geometry (process/charts.py), from figures alone."""

import datetime

from process import charts

D = datetime.date


def term(label, started, ended=None, **extra):
    return {"label": label, "started": started, "ended": ended, "title": label, "url": "/", **extra}


def found(**parts):
    return {
        "first_meeting": None,
        "chairs": [],
        "seats": [],
        "memberships": [],
        "meetings": {"each": [], "months": [], "total": 0, "by_year": []},
        "titles": {
            "chairs": "Chairs",
            "sides": [("african", "African"), ("european", "European")],
            "members": "Members",
            "meetings": "Meetings",
        },
        **parts,
    }


def test_an_axis_places_days_and_mirrors_them_right_to_left():
    axis = charts.Axis(D(2016, 1, 1), D(2018, 1, 1))
    assert axis.at(D(2016, 1, 1)) == 0 and axis.at(D(2018, 1, 1)) == 100
    assert charts.Axis(D(2016, 1, 1), D(2018, 1, 1), rtl=True).at(D(2016, 1, 1)) == 100
    # A term running on is drawn up to the axis's end, never beyond.
    assert axis.at(D(2030, 1, 1)) == 100
    assert [tick["year"] for tick in axis.years()] == [2016, 2017, 2018]


def test_a_long_axis_labels_every_fifth_year():
    ticks = charts.Axis(D(1990, 1, 1), D(2025, 1, 1)).years()
    assert [tick["year"] for tick in ticks if tick["labelled"]] == [
        1990,
        1995,
        2000,
        2005,
        2010,
        2015,
        2020,
        2025,
    ]


def test_seats_are_packed_in_as_few_rows_as_they_need():
    rows = charts.packed(
        [
            term("A", D(2015, 1, 1), D(2016, 12, 31)),
            term("B", D(2015, 6, 1)),
            term("C", D(2017, 1, 1)),
        ]
    )
    assert [[seat["label"] for seat in row] for row in rows] == [["A", "C"], ["B"]]


def test_the_timeline_has_a_lane_each_and_nothing_without_a_record():
    assert charts.timeline(found(), D(2020, 1, 1), rtl=False) is None
    drawn = charts.timeline(
        found(
            chairs=[term("UK", D(2016, 5, 24), D(2016, 12, 15)), term("Ethiopia", D(2016, 12, 16))],
            seats=[term("Germany", D(2017, 5, 18), side="european")],
            memberships=[term("Uganda", D(2017, 5, 18))],
            first_meeting=D(2016, 5, 24),
            meetings={
                "each": [{"start_date": D(2016, 5, 24), "name": "Khartoum", "url": "/m/"}],
                "months": [],
                "total": 1,
                "by_year": [],
            },
        ),
        D(2020, 1, 1),
        rtl=False,
    )
    names = [lane["name"] for lane in drawn.lanes]
    assert names == ["chairs", "seats-african", "seats-european", "members", "meetings"]
    chairs = drawn.lanes[0]["bars"]
    # The axis starts on the first of January of the first year.
    assert chairs[0]["x"] == "9.86%" and chairs[1]["x"] == "23.96%"
    assert drawn.lanes[1]["empty"] and not drawn.lanes[2]["empty"]
    assert drawn.lanes[4]["dots"][0]["x"] == "9.86%"
    lanes_bottom = max(lane["top"] for lane in drawn.lanes)
    assert drawn.height > lanes_bottom


def test_meetings_counted_by_month_are_columns_on_the_scale_of_the_busiest():
    drawn = charts.timeline(
        found(
            first_meeting=D(2016, 1, 1),
            meetings={
                "each": None,
                "months": [
                    {"month": D(2016, 1, 1), "count": 4},
                    {"month": D(2016, 2, 1), "count": 2},
                ],
                "total": 6,
                "by_year": [],
            },
        ),
        D(2017, 1, 1),
        rtl=True,
    )
    columns = drawn.lanes[-1]["columns"]
    assert [column["height"] for column in columns] == ["44", "22"]
    # Right to left: January is further right than February.
    assert float(columns[0]["x"][:-1]) > float(columns[1]["x"][:-1])


def test_an_organisation_s_share_per_year():
    chart = charts.share_columns(
        [
            {"year": 2016, "label": "2016", "attended": 1, "total": 4, "url": "/"},
            {"year": 2017, "label": "2017", "attended": 2, "total": 2, "url": "/"},
        ],
        rtl=False,
    )
    first, second = chart["shapes"]
    assert first["value"] == "1/4" and first["total_height"] == "120"
    assert first["attended_height"] == "30" and second["total_height"] == "60"
    assert float(first["x"][:-1]) < float(second["x"][:-1])
    assert charts.share_columns([], rtl=False)["shapes"] == []
