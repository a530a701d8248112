"""The note's risk status, derived once from its statements' assertions."""

from __future__ import annotations

import pytest

from assistant.note.risk import (
    RiskStatement,
    note_statements,
    reviewed_statements,
    risk_status,
)
from assistant.note.structured import Item


def statements(*pairs: tuple[str, str]) -> list[RiskStatement]:
    return [RiskStatement(text, assertion) for text, assertion in pairs]


@pytest.mark.parametrize(
    ("pairs", "status"),
    [
        ((), "not_assessed"),
        ((("Safety plan reviewed", "safety_action"),), "not_assessed"),
        ((("attempt at 19", "historical"),), "history_only"),
        ((("denies SI/HI", "denied"), ("attempt at 19", "historical")), "denied"),
        ((("initially denied SI", "denied"), ("later disclosed a plan", "present")), "current"),
    ],
)
def test_risk_status_from_assertions(pairs, status):
    assert risk_status(statements(*pairs)).status == status


def test_risk_status_current_without_safety_action_says_so():
    bare = risk_status(statements(("hoping not to wake up", "present")))
    assert bare.lacks_safety_action and bare.label == "Current risk"
    helped = risk_status(
        statements(("hoping not to wake up", "present"), ("crisis line given", "safety_action"))
    )
    assert not helped.lacks_safety_action
    assert [s.text for s in helped.present] == ["hoping not to wake up"]


def test_risk_reviewed_lines_keep_the_engine_assertion_until_edited():
    items = [
        {"text": "has been giving away her books", "start": 0, "end": 30, "assertion": "present"}
    ]
    kept = reviewed_statements(["has been giving away her books", "  "], items)
    assert kept == [RiskStatement("has been giving away her books", "present")]
    edited = reviewed_statements(["denies SI/HI"], items)
    assert edited == [RiskStatement("denies SI/HI", "denied")]  # read again by the rules


def test_risk_note_statements_read_items_without_an_assertion(make_note):
    note = make_note(risk=["SI is gone this week", Item("rope bought", 0, 11, assertion="present")])
    assert [s.assertion for s in note_statements(note)] == ["denied", "present"]
