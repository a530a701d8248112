"""The timeline's homework follow-up, each note's risk status and the open risk carried forward."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant import SECTIONS
from web.clients import timeline
from web.notes.review_page import reviewed_audit, reviewed_risk
from web.records import Note

# The opening words of the audit's risk check for each status.
AUDIT_SAYS = {
    "current": "Current risk",
    "denied": "Risk asked about and denied",
    "history_only": "Only past risk is recorded",
    "not_assessed": "Risk not addressed",
}


def _note(i: int, date: str, structured: dict | None = None, **sections: list[str]) -> Note:
    base = {s: [] for s in SECTIONS}
    base.update(sections)
    return Note(
        id=i,
        fields={"date": date, "duration_minutes": None, "sections": base},
        structured=structured or {},
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def _risk_items(**assertions: str) -> dict:
    """A pipeline output whose risk items carry the given assertions (text=assertion)."""
    items = [{"text": t, "start": 0, "end": len(t), "assertion": a} for t, a in assertions.items()]
    return {"sections": {"risk": items}}


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
    ("lines", "structured", "status"),
    [
        (["reports passive SI, no plan or intent"], None, "current"),
        (["denies SI/HI"], None, "denied"),
        (["SI: none"], None, "denied"),
        (["said she has had no thoughts of harming herself"], None, "denied"),
        (["SI is gone this week"], None, "denied"),
        (["attempt in 2019"], None, "history_only"),
        ([], None, "not_assessed"),
        # the pipeline's assertion stands while the line is its words, unedited
        (["SI"], _risk_items(SI="historical"), "history_only"),
        # an edited line is read again: "SI today" is current risk whatever the pipeline said
        (["SI today"], _risk_items(SI="historical"), "current"),
    ],
)
def test_timeline_review_page_and_audit_agree_on_the_risk_status(lines, structured, status):
    note = _note(1, "2026-11-01", structured, risk=lines)
    audit = reviewed_audit("", note.fields, note.structured)
    check = next(c for c in audit if c["id"] == "risk")
    entry = timeline.build([note])[0]
    assert reviewed_risk(note.fields, note.structured).status == status
    assert entry.risk.status == status
    assert check["message"].startswith(AUDIT_SAYS[status])


def test_timeline_current_risk_without_safety_action_warns_like_the_audit():
    warned = _note(1, "2026-11-01", risk=["passive SI this week"])
    answered = _note(2, "2026-11-08", risk=["passive SI this week", "Safety plan reviewed"])
    for note, lacks in ((warned, True), (answered, False)):
        check = next(c for c in reviewed_audit("", note.fields, {}) if c["id"] == "risk")
        assert timeline.build([note])[0].risk.lacks_safety_action is lacks
        assert (check["status"] == "warn") is lacks


@pytest.mark.parametrize(
    ("line", "is_open"),
    [
        ("passive SI without plan", True),  # ideation reported; only the plan is absent
        ("denies SI/HI", False),
        ("no safety concerns", False),
        ("Safety plan reviewed", False),  # what was done about risk is never open risk
        ("HI toward coworker", True),
    ],
)
def test_timeline_open_risk_is_present_statements_only(line, is_open):
    entry = timeline.build([_note(1, "2026-11-01", risk=[line])])[0]
    assert [s.text for s in entry.open_risk] == ([line] if is_open else [])


def test_timeline_safety_action_beside_present_risk_is_not_open():
    lines = ["passive SI this week", "Safety plan reviewed"]
    entry = timeline.build([_note(1, "2026-11-01", risk=lines)])[0]
    assert [s.text for s in entry.open_risk] == ["passive SI this week"]
    assert [s.assertion for s in entry.risk.statements] == ["present", "safety_action"]


@pytest.mark.parametrize(
    ("later", "still_open"),
    [
        ([], True),  # nothing said about risk: the earlier risk stays open
        (["attempt in 2019"], True),  # past risk only does not close current risk
        (["Safety plan reviewed"], True),
        (["SI is gone this week"], False),  # resolved
        (["denies SI/HI"], False),
    ],
)
def test_timeline_open_risk_carries_forward_until_denied(later, still_open):
    notes = [
        _note(1, "2026-11-01", risk=["passive SI, no plan"]),
        _note(2, "2026-11-08", risk=later),
        _note(3, "2026-11-15"),
    ]
    first, second, third = timeline.build(notes)
    assert [s.text for s in first.open_risk] == ["passive SI, no plan"]
    assert not first.risk_carried
    for entry in (second, third):
        assert [s.text for s in entry.open_risk] == (["passive SI, no plan"] if still_open else [])
        assert entry.risk_carried is still_open
        assert entry.open_since == ("2026-11-01" if still_open else None)


def test_timeline_later_present_risk_replaces_the_open_risk():
    notes = [
        _note(1, "2026-11-01", risk=["passive SI, no plan"]),
        _note(2, "2026-11-08", risk=["HI toward coworker", "denies SI"]),
        _note(3, "2026-11-15"),
    ]
    entries = timeline.build(notes)
    assert [s.text for s in entries[2].open_risk] == ["HI toward coworker"]
    assert entries[2].open_since == "2026-11-08"
    assert [e.risk.status for e in entries] == ["current", "current", "not_assessed"]


def _linked(i: int, date: str, previous: int, *links: tuple[str, int, str]) -> Note:
    """A note structured against note `previous`, its topics linked to that note's homework."""
    items = [
        {"text": t, "start": 0, "end": len(t), "homework_ref": ref, "homework_status": status}
        for t, ref, status in links
    ]
    note = _note(i, date, {"sections": {"topics": items}}, topics=[t for t, _, _ in links])
    note.previous_note_id = previous
    return note


HOMEWORK = {"sections": {"homework": [{"text": "sleep diary"}, {"text": "walk 3x"}]}}


def test_timeline_homework_status_comes_from_the_links():
    first = _note(1, "2026-11-01", HOMEWORK, homework=["sleep diary", "walk 3x"])
    # "diary" is a shared word, but the link, not the words, decides
    second = _linked(2, "2026-11-08", 1, ("walked twice", 1, "partial"), ("no diary", 1, "done"))
    entries = timeline.build([second, first])
    assert [(h.text, h.status) for h in entries[0].homework] == [
        ("sleep diary", "not mentioned"),
        ("walk 3x", "partial"),
    ]


@pytest.mark.parametrize(
    ("status", "shown"), [("done", "done"), ("not_done", "not done"), (None, "not stated")]
)
def test_timeline_linked_status_words(status, shown):
    first = _note(1, "2026-11-01", HOMEWORK, homework=["sleep diary"])
    second = _linked(2, "2026-11-08", 1, ("the diary", 0, status))
    assert timeline.build([first, second])[0].homework[0].status == shown


def test_timeline_links_follow_the_note_structured_against_it():
    """A draft between them, structured against an older note, does not decide."""
    first = _note(1, "2026-11-01", HOMEWORK, homework=["sleep diary"])
    between = _linked(3, "2026-11-05", 99, ("sleep diary talk", 0, "done"))
    second = _linked(2, "2026-11-08", 1, ("the diary", 0, "not_done"))
    assert timeline.build([first, between, second])[0].homework[0].status == "not done"


def test_timeline_interventions_keep_the_pipelines_canonical_name_else_the_taxonomys():
    structured = {
        "sections": {
            "interventions": [
                {
                    "text": "CR re work",
                    "start": 0,
                    "end": 10,
                    "canonical": "Cognitive restructuring (CBT)",
                }
            ]
        }
    }
    note = _note(1, "2026-11-01", structured, interventions=["CR re work", "exposure", "chat", " "])
    named = {"exposure": ["Exposure therapy"]}
    [entry] = timeline.build([note], techniques=lambda line: named.get(line, []))
    assert [(i.text, i.names) for i in entry.interventions] == [
        ("CR re work", ("Cognitive restructuring (CBT)",)),
        ("exposure", ("Exposure therapy",)),
        ("chat", ()),
    ]
