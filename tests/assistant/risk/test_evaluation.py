"""The risk scorer: coverage-based recall by assertion, precision, assertion accuracy."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assistant.errors import ResourceError
from assistant.note.structured import Item, StructuredNote
from assistant.risk.evaluation import load_risk_records, score_risk

TEXT = "Work stress. Said she hopes not to wake up, has pills saved. Denies HI. Safety plan made."
GOLD = {
    "risk": ["hopes not to wake up, has pills saved", "Denies HI", "Safety plan made"],
    "risk_assertions": {
        "hopes not to wake up, has pills saved": "present",
        "Denies HI": "denied",
        "Safety plan made": "safety_action",
    },
}
RECORD = {"id": "r1", "keywords": False, "text": TEXT, "gold": GOLD}


def item(words: str, assertion: str) -> Item:
    start = TEXT.index(words)
    return Item(words, start, start + len(words), assertion=assertion)


def predictor(*items: Item):
    def predict(text: str, when: dt.date) -> StructuredNote:
        note = StructuredNote(text=text)
        note.sections["risk"] = list(items)
        return note

    return predict


def test_risk_score_a_statement_split_in_clauses_is_found():
    report = score_risk(
        [RECORD],
        predictor(
            item("hopes not to wake up", "present"),
            item("has pills saved", "present"),
            item("Denies HI", "denied"),
            item("Work stress", "present"),
        ),
    )
    assert report.found["present"] == 1 and report.found["denied"] == 1
    assert report.recall("safety_action") == 0.0
    assert report.correct == 3 and report.predicted == 4  # "Work stress" is not risk
    assert report.assertion_accuracy == 1.0
    assert report.present_missing == []


def test_risk_score_wrong_assertion_and_risk_listed_as_missing():
    wrong = score_risk([RECORD], predictor(item("Denies HI", "present")))
    assert wrong.assertion_accuracy == 0.0
    assert wrong.recall("present") == 0.0
    empty = score_risk([RECORD], predictor())
    assert empty.present_missing == ["r1"] and empty.with_present == 1


def test_risk_records_whose_gold_does_not_fit_are_refused(tmp_path):
    bad = dict(RECORD, gold=dict(GOLD, risk_assertions={"Denies HI": "denied"}))
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="r1.*risk_assertions must name every risk phrase"):
        load_risk_records(path)
