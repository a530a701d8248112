"""The timeline's homework follow-up and open-risk rules (web/timeline.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant import SECTIONS, Item, StructuredNote
from assistant.note.completeness import audit_note
from web.clients import timeline
from web.records import Note


def _note(i: int, date: str, **sections: list[str]) -> Note:
    base = {s: [] for s in SECTIONS}
    base.update(sections)
    return Note(
        id=i,
        fields={"date": date, "duration_minutes": None, "sections": base},
        structured={},
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize(
    ("later", "status"),
    [
        ({"client_response": ["completed the sleep diary 5 of 7 nights"]}, "reviewed"),
        ({"topics": ["diary showed late bedtimes"]}, "reviewed"),
        ({"topics": ["conflict with sister"]}, "not mentioned"),
        ({"homework": ["sleep diary again"]}, "not mentioned"),  # re-assigning is not reviewing
    ],
)
def test_timeline_homework_reviewed_by_next_note(later, status):
    notes = [_note(2, "2026-11-08", **later), _note(1, "2026-11-01", homework=["sleep diary"])]
    entries = timeline.build(notes)
    assert [e.date for e in entries] == ["2026-11-01", "2026-11-08"]
    assert entries[0].homework[0].status == status


@pytest.mark.parametrize(
    ("line", "is_open"),
    [
        ("passive SI without plan", True),  # ideation reported; only the plan is absent
        ("denies SI/HI", False),
        ("no safety concerns", False),
        ("reports thoughts of self-harm last week", True),
        ("HI toward coworker", True),
    ],
)
def test_timeline_open_risk_excludes_denials(line, is_open):
    entries = timeline.build([_note(1, "2026-11-01", risk=[line])])
    assert (line in entries[0].open_risk) is is_open


@pytest.mark.parametrize(
    ("line", "is_open"),
    [
        ("reports passive SI, no plan or intent", True),
        ("denies SI/HI", False),
        ("SI: none", False),
        ("said she has had no thoughts of harming herself", False),
    ],
)
def test_timeline_and_audit_agree_on_what_is_a_denial(line, is_open):
    entries = timeline.build([_note(1, "2026-11-01", risk=[line])])
    note = StructuredNote(text=line, sections={"risk": [Item(line, 0, len(line))]})
    risk = next(check for check in audit_note(note) if check.id == "risk")
    assert (line in entries[0].open_risk) is is_open
    # risk present without a safety plan warns; a denial is "Risk addressed"
    assert (risk.status == "warn") is is_open
