"""Risk gold is well formed: the evaluation sets' assertions and the risk sets of corpora/risk."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.risk.evaluation import load_risk_records
from assistant.vocab import ASSERTIONS

ROOT = Path(__file__).resolve().parents[2]
EVAL_FILES = sorted((ROOT / "corpora" / "eval").glob("*.jsonl"))
RISK_DIR = ROOT / "corpora" / "risk"
RISK_FILES = sorted(RISK_DIR.glob("*.jsonl"))
KINDS = {
    "ideation",
    "plan_intent_means",
    "preparatory",
    "attempt",
    "self_harm",
    "harm_others",
    "abuse_neglect",
    "substance",
    "medical_eating",
    "psychosis",
    "other",
}
STYLES = {
    "terse_shorthand",
    "bullets",
    "prose",
    "soap",
    "dap",
    "birp",
    "girp",
    "headers",
    "run_on",
    "one_line",
    "long_note",
}
KEYWORD = re.compile(
    r"\b(?:SI|HI|S/I|s/i|NSSI|SH|SA|OD(?:'?d)?)\b"
    r"|suicid|self[- ]?harm|\bkill|overdos|\bcut|attempt",
    re.IGNORECASE,
)


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("path", EVAL_FILES + RISK_FILES, ids=lambda p: p.name)
def test_risk_gold_names_an_assertion_for_every_phrase(path):
    records = load_risk_records(path)  # raises on a phrase without an assertion
    assert records
    for rec in records:
        assert set(rec["gold"]["risk_assertions"].values()) <= set(ASSERTIONS)


@pytest.mark.parametrize("path", RISK_FILES, ids=lambda p: p.name)
def test_risk_set_records_have_kinds_styles_and_a_keyword_flag(path):
    for rec in read(path):
        where = f"{path.name}:{rec['id']}"
        gold = rec["gold"]
        assert set(gold) == {"risk", "risk_assertions", "risk_kinds"}, where
        assert set(gold["risk_kinds"]) == set(gold["risk"]), where
        assert set(gold["risk_kinds"].values()) <= KINDS, where
        assert rec["style"] in STYLES, where
        for phrase in gold["risk"]:
            assert rec["text"].count(phrase) == 1, f"{where}: {phrase!r} must occur once"
        present = [p for p in gold["risk"] if gold["risk_assertions"][p] == "present"]
        assert rec["keywords"] == any(KEYWORD.search(p) for p in present), where


def test_risk_ids_are_unique_across_the_risk_sets():
    ids = [rec["id"] for path in RISK_FILES for rec in read(path)]
    assert len(ids) == len(set(ids))


def test_risk_heldout_set_is_large_and_half_without_keywords():
    records = read(RISK_DIR / "heldout.jsonl")
    with_present = [r for r in records if "present" in r["gold"]["risk_assertions"].values()]
    assert len(records) >= 80
    assert sum(not r["keywords"] for r in with_present) >= len(records) / 2
    assert sum(not r["gold"]["risk"] for r in records) >= 5  # jottings with no risk at all


def test_risk_training_and_evaluation_texts_do_not_overlap():
    train = {rec["text"] for p in RISK_FILES if p.name.startswith("train_") for rec in read(p)}
    scored = {rec["text"] for p in RISK_FILES if not p.name.startswith("train_") for rec in read(p)}
    scored |= {rec["text"] for p in EVAL_FILES for rec in read(p)}
    assert not train & scored
