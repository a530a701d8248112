"""The topics-over-time strip's rows, columns and geometry, from timeline entries."""

from __future__ import annotations

import datetime as dt

from assistant import SECTIONS
from web.clients import timeline, topic_strip
from web.records import Note


def _note(i: int, date: str, topics: list[str], risk: list[str] = ()) -> Note:
    sections = {s: [] for s in SECTIONS} | {"topics": topics, "risk": list(risk)}
    return Note(
        id=i,
        fields={"date": date, "duration_minutes": None, "sections": sections},
        structured={},
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def _by_first_word(texts: list[str]) -> list[list[int]]:
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        groups.setdefault(t.split()[0], []).append(i)
    return list(groups.values())


def test_topic_strip_rows_are_groups_columns_are_notes():
    entries = timeline.build(
        [
            _note(1, "2026-11-01", ["work stress", "sleep poor"]),
            _note(2, "2026-11-08", []),
            _note(3, "2026-11-15", ["work deadlines", "work again"], ["denies SI"]),
        ]
    )
    strip = topic_strip.build(entries, _by_first_word)
    assert [c.date for c in strip.columns] == ["2026-11-01", "2026-11-08", "2026-11-15"]
    assert [(r.label, [c.topics for c in r.cells]) for r in strip.rows] == [
        ("work stress", [("work stress",), (), ("work deadlines", "work again")]),
        ("sleep poor", [("sleep poor",), (), ()]),
    ]
    assert [r.notes for r in strip.rows] == [2, 1]
    assert [c.risk_words for c in strip.columns] == [
        "risk not assessed",
        "risk not assessed",
        "risk denied",
    ]
    assert strip.desc.endswith("work stress: 2 of 3 notes. sleep poor: 1 of 3 notes.")
    # columns side by side after the labels, rows stacked with the risk row last
    xs = [c.x for c in strip.columns]
    assert xs[0] > strip.left and xs[1] - xs[0] == xs[2] - xs[1] == strip.cell
    assert strip.width == strip.left + 3 * strip.cell + topic_strip.RIGHT
    assert strip.risk_y == strip.y(2) and strip.height > strip.risk_y + strip.row


def test_topic_strip_long_labels_are_cut_in_the_svg_only():
    label = "conflict with her sister about their mother's care home"
    strip = topic_strip.build(timeline.build([_note(1, "2026-11-01", [label])]), _by_first_word)
    row = strip.rows[0]
    assert row.label == label
    assert len(row.short) == topic_strip.MAX_LABEL and row.short.endswith("…")


def test_topic_strip_dates_drawn_at_most_six():
    notes = [_note(i, f"2026-10-{i:02d}", ["work"]) for i in range(1, 15)]
    strip = topic_strip.build(timeline.build(notes), _by_first_word)
    ticks = [c.date for c in strip.date_ticks]
    assert len(ticks) <= topic_strip.DATE_TICKS + 1
    assert ticks[0] == "2026-10-01" and ticks[-1] == "2026-10-14"


def test_topic_strip_none_without_topics():
    assert topic_strip.build(timeline.build([_note(1, "2026-11-01", [])]), _by_first_word) is None
    assert topic_strip.build([], _by_first_word) is None
