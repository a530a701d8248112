"""The annotated evaluation sets under corpora/eval are well formed and can be scored."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from assistant.vocab import MISSING_PARTS, SECTIONS

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "corpora" / "eval"
SET_FILES = sorted(EVAL.glob("*.jsonl"))
TRAINING_FILES = sorted((ROOT / "corpora" / "roles").glob("*.jsonl"))
ANNOTATED_FILES = SET_FILES + TRAINING_FILES  # the role classifier trains on the second group
KEYS = {"id", "style", "modality", "setting", "tricky", "reference_date", "text", "gold"}
GOLD_KEYS = {"date", "duration_minutes", *SECTIONS, "flags", "must_not_flag", "missing"}
MINIMUM = {
    "dev.jsonl": 45,
    "dev2.jsonl": 40,
    "dev3.jsonl": 30,
    "dev4.jsonl": 40,
    "heldout.jsonl": 30,
    "heldout2.jsonl": 45,
    "heldout_polished.jsonl": 40,
}


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def records() -> list[tuple[str, dict]]:
    return [(f"{p.name}:{r['id']}", r) for p in ANNOTATED_FILES for r in read(p)]


def phrases(gold: dict) -> list[str]:
    out = [p for s in SECTIONS for p in gold[s]]
    out += [f["phrase"] for f in gold["flags"]]
    return out + list(gold["must_not_flag"])


def test_evalset_files_exist_with_enough_jottings():
    names = {p.name: len(read(p)) for p in SET_FILES}
    for name, least in MINIMUM.items():
        assert names.get(name, 0) >= least, f"{name} needs at least {least} jottings"


@pytest.mark.parametrize("path", ANNOTATED_FILES, ids=lambda p: p.name)
def test_evalset_lines_parse_with_every_field(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(line)
        assert set(rec) == KEYS, f"{path.name}:{number} fields"
        # the evaluation sets also carry each risk phrase's assertion (test_risk_annotations)
        extra = {"risk_assertions"} if path in SET_FILES else set()
        assert set(rec["gold"]) == GOLD_KEYS | extra, f"{path.name}:{number} gold fields"
        assert isinstance(rec["text"], str) and rec["text"].strip()


def test_evalset_ids_unique_across_sets():
    ids = [r["id"] for _, r in records()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("name", "rec"), records(), ids=[n for n, _ in records()])
def test_evalset_gold_phrases_occur_exactly_once(name, rec):
    for phrase in phrases(rec["gold"]):
        assert phrase.strip(), f"{name}: empty phrase"
        assert rec["text"].count(phrase) == 1, f"{name}: {phrase!r}"


@pytest.mark.parametrize(("name", "rec"), records(), ids=[n for n, _ in records()])
def test_evalset_missing_matches_gold(name, rec):
    gold = rec["gold"]
    expected = [p for p in MISSING_PARTS if p in gold["missing"]]
    assert gold["missing"] == expected, f"{name}: missing lists unknown or repeated parts"
    empty = {"date"} if gold["date"] is None else set()
    empty |= {"duration"} if gold["duration_minutes"] is None else set()
    empty |= {s for s in SECTIONS if not gold[s]}
    assert set(gold["missing"]) == empty


@pytest.mark.parametrize(("name", "rec"), records(), ids=[n for n, _ in records()])
def test_evalset_dates_iso_and_values_typed(name, rec):
    gold = rec["gold"]
    dt.date.fromisoformat(rec["reference_date"])
    if gold["date"] is not None:
        assert dt.date.fromisoformat(gold["date"]).isoformat() == gold["date"]
    minutes = gold["duration_minutes"]
    assert minutes is None or (isinstance(minutes, int) and minutes > 0)
    assert all(f["kind"] in ("interpretive", "jargon") for f in gold["flags"])


def _windows(text: str, size: int = 50) -> set[str]:
    return {text[i : i + size] for i in range(0, max(1, len(text) - size + 1))}


SHARED_STRETCH = 60  # characters: a copied sentence is longer; "asked directly about SI" is not


@pytest.mark.parametrize(
    ("first", "second"),
    list(itertools.combinations(ANNOTATED_FILES, 2)),
    ids=lambda p: p.name,
)
def test_evalset_files_share_no_text(first, second):
    """No two annotated files (evaluation sets, training jottings) repeat each other's text."""
    seen = set().union(*(_windows(r["text"], SHARED_STRETCH) for r in read(first)))
    for rec in read(second):
        shared = _windows(rec["text"], SHARED_STRETCH) & seen
        assert not shared, f"{second.name} {rec['id']} repeats {first.name}: {min(shared)!r}"


def test_evalset_does_not_copy_shared_examples(shared_examples):
    shared = set().union(*(_windows(r["text"]) for r in shared_examples))
    for _, rec in records():
        assert not (_windows(rec["text"]) & shared), rec["id"]
