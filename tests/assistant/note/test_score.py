"""The documentation score: the rubric's arithmetic a reviewer can check by hand."""

from __future__ import annotations

import pytest

from assistant.note import Flag, Session, StructuredNote
from assistant.note.score import COMPLETENESS_WEIGHTS, score_note


@pytest.fixture
def complete_note(make_note):
    def build(flags=()) -> StructuredNote:
        return make_note(
            "...",
            Session(date="2026-11-20", duration_minutes=50),
            flags,
            interventions=["thought record"],
            client_response=["completed 5 of 7 entries"],
            risk=["denies thoughts of suicide"],
            plan=["build exposure list"],
            homework=["sleep diary"],
        )

    return build


def jargon(text: str) -> Flag:
    return Flag("jargon", text, 0, len(text), "r")


def interpretive(text: str) -> Flag:
    return Flag("interpretive", text, 0, len(text), "r")


def test_score_complete_plain_observable_note_scores_100(complete_note):
    score = score_note(complete_note())
    assert score.total == 100
    assert [p.id for p in score.parts] == ["completeness", "observable", "plain"]


def test_score_completeness_weights_sum_to_50():
    assert sum(COMPLETENESS_WEIGHTS.values()) == 50


def test_score_empty_note_earns_only_language_points_and_half_for_warned_progress():
    score = score_note(StructuredNote(text="..."))
    completeness = score.parts[0]
    assert completeness.points == COMPLETENESS_WEIGHTS["progress"] / 2
    assert score.total == round(completeness.points) + 30 + 20


@pytest.mark.parametrize(("count", "observable"), [(1, 20), (2, 10), (3, 0), (5, 0)])
def test_score_each_interpretive_flag_costs_ten_points(complete_note, count, observable):
    score = score_note(complete_note([interpretive(f"label{i}") for i in range(count)]))
    assert score.parts[1].points == observable
    assert score.total == 50 + observable + 20


def test_score_jargon_costs_per_distinct_term(complete_note):
    score = score_note(complete_note([jargon("pt"), jargon("Pt"), jargon("pt"), jargon("HW")]))
    assert score.parts[2].points == 20 - 2 * 4
    assert "hw, pt" in score.parts[2].detail


def test_score_jargon_points_never_go_below_zero(complete_note):
    score = score_note(complete_note([jargon(f"t{i}") for i in range(9)]))
    assert score.parts[2].points == 0


def test_score_missing_risk_costs_its_weight(complete_note):
    note = complete_note()
    note.sections["risk"] = []
    assert score_note(note).total == 100 - COMPLETENESS_WEIGHTS["risk"]


def test_score_to_dict_is_what_the_web_page_shows(complete_note):
    out = score_note(complete_note([jargon("pt")])).to_dict()
    assert out["total"] == 96 and out["max"] == 100
    assert {p["id"] for p in out["parts"]} == {"completeness", "observable", "plain"}
