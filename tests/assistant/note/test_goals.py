"""A note's progress toward its treatment goals: its lines in every format, and the audit."""

from __future__ import annotations

import pytest

from assistant.note.completeness import audit_note
from assistant.note.formats import fill, render_note, template
from assistant.note.goals import GoalProgress, goal_line

GOALS = [
    {"text": "Reduce panic attacks", "progress": "better", "evidence": ["one panic attack"]},
    {"text": "Improve sleep", "progress": "not_addressed", "evidence": []},
]
NOTE = {
    "session": {"date": "2026-11-20"},
    "sections": {"topics": [{"text": "one panic attack"}], "risk": [{"text": "denied SI"}]},
    "goals": GOALS,
}


def test_goal_line_says_progress_and_quotes_evidence():
    line = goal_line(GoalProgress.from_dict(GOALS[0]))
    assert line == "Reduce panic attacks: better (evidence: \u201cone panic attack\u201d)"
    assert goal_line(GoalProgress("Improve sleep")) == "Improve sleep: progress not recorded"


def test_goal_progress_refuses_a_value_outside_the_four():
    with pytest.raises(ValueError, match="better, same, worse, not_addressed"):
        GoalProgress("Improve sleep", "improved")


def test_girp_goals_section_holds_the_goal_progress():
    out = render_note(NOTE, "girp")
    assert (
        "Goals:\n  Treatment goals: Reduce panic attacks: better (evidence: \u201cone panic "
        "attack\u201d); Improve sleep: not addressed\n  Session focus: one panic attack"
    ) in out


@pytest.mark.parametrize("fmt", ["plain", "soap", "dap", "birp", "markdown"])
def test_formats_without_a_goals_part_add_a_section_of_them(fmt):
    out = render_note(NOTE, fmt)
    assert "Progress toward treatment goals" in out
    assert "Improve sleep: not addressed" in out
    # and a note without goals gets no such section
    assert "Progress toward treatment goals" not in render_note({**NOTE, "goals": []}, fmt)


def test_fill_puts_the_goal_lines_in_the_girp_part_only_once():
    filled = fill(NOTE, template("girp"))
    lines = [line for s in filled.sections for p in s.parts for line in p.lines]
    assert sum("Reduce panic attacks" in line for line in lines) == 1


@pytest.mark.parametrize(
    ("progress", "status", "words"),
    [
        (("better", "not_addressed"), "ok", "Reduce panic attacks: better; Improve sleep: not"),
        (("better", None), "warn", "1 of the 2 treatment goals is not recorded (Improve sleep)"),
        (("not_addressed", "not_addressed"), "warn", "No treatment goal is recorded as addressed"),
    ],
)
def test_audit_progress_reads_the_goal_progress(make_note, progress, status, words):
    note = make_note(topics=["discussed the weekend"])
    goals = [GoalProgress(g["text"], p) for g, p in zip(GOALS, progress, strict=True)]
    check = next(c for c in audit_note(note, goals) if c.id == "progress")
    assert (check.status, words in check.message) == (status, True)


def test_audit_progress_without_a_plan_looks_for_words_of_change(make_note):
    note = make_note(client_response=["fewer panic attacks than last week"])
    assert next(c for c in audit_note(note) if c.id == "progress").status == "ok"
    assert next(c for c in audit_note(note, []) if c.id == "progress").status == "ok"
