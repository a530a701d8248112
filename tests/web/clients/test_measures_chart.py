"""The measures chart's geometry: days along x, the share of each scale's top up y."""

from __future__ import annotations

import datetime as dt

from web.clients import measures_chart as chart
from web.clients.measures_chart import Point

D = dt.date


def test_measures_chart_nothing_to_draw_is_none():
    assert chart.build([]) is None


def test_measures_chart_places_days_and_shares_of_the_scale():
    built = chart.build(
        [
            Point("PHQ-9", D(2026, 11, 30), 27, 27, "27/27"),
            Point("PHQ-9", D(2026, 11, 1), 0, 27, "0/27"),
            Point("anxiety", D(2026, 11, 15), 5, 10, "5/10"),
        ]
    )
    phq, anxiety = built.series
    assert (phq.name, anxiety.name) == ("PHQ-9", "anxiety")  # in order of first appearance
    first, last = phq.marks
    assert (first.x, first.y) == (built.left, built.bottom)  # day one, 0 of 27
    assert (last.x, last.y) == (built.right, built.top)  # the last day, 27 of 27
    (middle,) = anxiety.marks
    assert abs(middle.x - (built.left + built.right) / 2) < 12  # the 15th of 30 days
    assert middle.y == (built.top + built.bottom) / 2  # 5 of 10
    assert phq.points == f"{first.x:.1f},{first.y:.1f} {last.x:.1f},{last.y:.1f}"
    assert first.title == "PHQ-9 0/27 on 2026-11-01"
    assert [label for _, label in built.x_ticks][0] == "2026-11-01"
    assert [label for _, label in built.x_ticks][-1] == "2026-11-30"
    assert [label for _, label in built.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]


def test_measures_chart_one_day_sits_in_the_middle():
    built = chart.build([Point("SUDS", D(2026, 11, 2), 70, 100, "70/100")] * 2)
    assert {m.x for m in built.series[0].marks} == {(built.left + built.right) / 2}
    assert [label for _, label in built.x_ticks] == ["2026-11-02"]


def test_measures_chart_describes_itself_in_words():
    built = chart.build(
        [
            Point("GAD-7", D(2026, 10, 1), 15, 21, "15/21"),
            Point("GAD-7", D(2026, 11, 1), 9, 21, "9/21"),
            Point("C-SSRS", D(2026, 11, 1), 0, 1, "negative"),
        ]
    )
    assert built.desc == (
        "One line per measure, each as a share of its scale's top, from 2026-10-01 to "
        "2026-11-01. GAD-7: 2 scores, from 15/21 on 2026-10-01 to 9/21 on 2026-11-01. "
        "C-SSRS: 1 score, negative on 2026-11-01."
    )


def test_measures_chart_styles_cycle_through_the_palette():
    points = [Point(f"m{i}", D(2026, 11, 1), 1, 10, "1/10") for i in range(chart.STYLES + 1)]
    styles = [s.style for s in chart.build(points).series]
    assert styles == [*range(chart.STYLES), 0]
