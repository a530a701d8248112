"""Training data of the role head: annotated jottings, segment labels, grouped folds."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from assistant.classifier.training import (
    _folds,
    label_segment,
    segment_rows,
    training_files,
)
from assistant.evaluate import load_records
from assistant.vocab import ROLES

JOTTING = {
    "id": "t1",
    "reference_date": "2026-11-29",
    "text": "11/20 50 min. Work stress and the new manager. Intro'd thought record. "
    "Tearful talking about mom. HW: 3 thought records. Denies SI.",
    "gold": {
        "topics": ["Work stress and the new manager"],
        "interventions": ["Intro'd thought record"],
        "client_response": ["Tearful talking about mom"],
        "quotes": [],
        "homework": ["3 thought records"],
        "plan": [],
        "risk": ["Denies SI"],
    },
}


@pytest.fixture(scope="module")
def training_records() -> list[dict]:
    return [rec for path in training_files() for rec in load_records(path)]


def test_classifier_training_label_is_the_most_overlapped_gold_phrase():
    text, gold = JOTTING["text"], JOTTING["gold"]
    at = text.index("HW: 3")
    assert label_segment(at, at + len("HW: 3 thought records."), text, gold) == "homework"
    # a segment over two phrases takes the one it shares more characters with
    at = text.index("Tearful")
    assert label_segment(at - 10, at + 25, text, gold) == "client_response"
    assert label_segment(0, 5, text, gold) is None


def test_classifier_training_rows_label_every_segment(engine):
    rows = segment_rows(engine.nlp, [JOTTING])
    by_text = {r["text"]: r["role"] for r in rows}
    assert by_text["Tearful talking about mom."] == "client_response"
    assert by_text["Denies SI."] == "risk"
    assert "session_admin" in by_text.values()  # "11/20 50 min." holds no gold phrase
    assert all(r["jotting"] == "t1" and r["role"] in ROLES for r in rows)
    assert {len(r["features"]) for r in rows} == {len(rows[0]["features"])}


def test_classifier_training_files_hold_two_thousand_segments_of_every_role(
    engine, training_records
):
    assert len(training_records) >= 300
    rows = segment_rows(engine.nlp, training_records)
    counts = Counter(r["role"] for r in rows)
    assert len(rows) >= 2000
    assert set(counts) == set(ROLES)
    assert min(counts.values()) >= 100


def test_classifier_training_jottings_share_no_text_with_the_evaluation_sets(
    training_records, corpora
):
    texts = {rec["text"] for rec in training_records}
    assert len({rec["id"] for rec in training_records}) == len(training_records)
    for path in sorted((corpora / "eval").glob("*.jsonl")):
        assert not texts & {rec["text"] for rec in load_records(path)}, path.name


def test_classifier_training_folds_keep_a_jottings_segments_together():
    y = np.array([i % 3 for i in range(60) for _ in range(3)])
    groups = np.array([f"g{i}" for i in range(60) for _ in range(3)])
    folds = _folds(y, groups, seed=7)
    assert len(folds) == 5
    for train_idx, test_idx in folds:
        assert not set(groups[train_idx]) & set(groups[test_idx])
        assert len(train_idx) + len(test_idx) == len(y)
