"""The client's measures over time as a chart: the geometry of a server-rendered SVG.

One line per measure (PHQ-9, GAD-7, anxiety ratings...), each point at its day and at its share
of the scale's top, so a PHQ-9 out of 27 and a rating out of 10 share one axis; the table beside
the chart gives every score as written. No user text goes into the SVG but through the template,
which escapes it; nothing is fetched by the browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 40, 16, 44  # margins: room for the axes' labels
STYLES = 8  # line styles in notewell.css (.series-0 ... .series-7): colour and dash pattern
X_TICKS = 5


@dataclass(frozen=True)
class Point:
    """One score on the chart: its measure, day, value and the top of its scale."""

    name: str
    day: dt.date
    value: float
    scale: float
    text: str  # the score as written, "14/27"


@dataclass(frozen=True)
class Mark:
    """A point placed on the chart, with what its tooltip says."""

    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Series:
    """One measure's line."""

    name: str
    style: int  # the CSS line style, 0 .. STYLES - 1
    marks: tuple[Mark, ...]

    @property
    def points(self) -> str:
        """The polyline's points attribute: "x,y x,y"."""
        return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in self.marks)


@dataclass(frozen=True)
class Chart:
    """Everything the template draws, in SVG user units."""

    series: tuple[Series, ...]
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    title: str
    desc: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def build(points: Iterable[Point]) -> Chart | None:
    """The chart of some scores, or None when there is none to draw.

    Args:
        points: the scores, in any order.
    Returns:
        The chart: one series per measure name in the order each first appears by day, points
        by day, x by day between the first and last, y by the share of the scale's top.
    """
    ordered = sorted(points, key=lambda p: p.day)
    if not ordered:
        return None
    first, last = ordered[0].day, ordered[-1].day
    span = (last - first).days

    def x(day: dt.date) -> float:
        if span == 0:
            return (LEFT + WIDTH - RIGHT) / 2
        return LEFT + (day - first).days / span * (WIDTH - LEFT - RIGHT)

    def y(share: float) -> float:
        return HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM)

    names = list(dict.fromkeys(p.name for p in ordered))
    series = tuple(
        Series(
            name=name,
            style=i % STYLES,
            marks=tuple(
                Mark(x(p.day), y(min(max(p.value / p.scale, 0.0), 1.0)), _title(p))
                for p in ordered
                if p.name == name
            ),
        )
        for i, name in enumerate(names)
    )
    days = sorted(
        {first + dt.timedelta(days=round(span * k / (X_TICKS - 1))) for k in range(X_TICKS)}
    )
    x_ticks = tuple((x(d), d.isoformat()) for d in days)
    y_ticks = tuple((y(share), f"{round(share * 100)}%") for share in (0, 0.25, 0.5, 0.75, 1))
    return Chart(
        series=series,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        title="Measures over time",
        desc=_describe(ordered, names),
    )


def _title(p: Point) -> str:
    return f"{p.name} {p.text} on {p.day.isoformat()}"


def _describe(ordered: list[Point], names: list[str]) -> str:
    """The chart in words, for a screen reader: each line's count, first and last score."""
    parts = [
        f"One line per measure, each as a share of its scale's top, from "
        f"{ordered[0].day.isoformat()} to {ordered[-1].day.isoformat()}."
    ]
    for name in names:
        own = [p for p in ordered if p.name == name]
        count = f"{len(own)} score{'s' if len(own) != 1 else ''}"
        if len(own) == 1:
            parts.append(f"{name}: {count}, {own[0].text} on {own[0].day.isoformat()}.")
        else:
            parts.append(
                f"{name}: {count}, from {own[0].text} on {own[0].day.isoformat()} "
                f"to {own[-1].text} on {own[-1].day.isoformat()}."
            )
    return " ".join(parts)
