"""The annotated evaluation sets under models/eval are well formed and can be scored."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from assistant.note import MISSING_PARTS, SECTIONS

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "models" / "eval"
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples" / "examples.jsonl"
SET_FILES = sorted(EVAL.glob("*.jsonl"))
KEYS = {"id", "style", "modality", "setting", "tricky", "reference_date", "text", "gold"}
GOLD_KEYS = {"date", "duration_minutes", *SECTIONS, "flags", "must_not_flag", "missing"}
MINIMUM = {"dev.jsonl": 45, "dev2.jsonl": 40, "dev3.jsonl": 30, "heldout.jsonl": 30}


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def records() -> list[tuple[str, dict]]:
    return [(f"{p.name}:{r['id']}", r) for p in SET_FILES for r in read(p)]


def phrases(gold: dict) -> list[str]:
    out = [p for s in SECTIONS for p in gold[s]]
    out += [f["phrase"] for f in gold["flags"]]
    return out + list(gold["must_not_flag"])


def test_evalset_files_exist_with_enough_jottings():
    names = {p.name: len(read(p)) for p in SET_FILES}
    for name, least in MINIMUM.items():
        assert names.get(name, 0) >= least, f"{name} needs at least {least} jottings"


@pytest.mark.parametrize("path", SET_FILES, ids=lambda p: p.name)
def test_evalset_lines_parse_with_every_field(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(line)
        assert set(rec) == KEYS, f"{path.name}:{number} fields"
        assert set(rec["gold"]) == GOLD_KEYS, f"{path.name}:{number} gold fields"
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


def test_evalset_dev_and_heldout_share_no_text():
    dev, held = read(EVAL / "dev.jsonl"), read(EVAL / "heldout.jsonl")
    dev_windows = set().union(*(_windows(r["text"]) for r in dev))
    for rec in held:
        shared = _windows(rec["text"]) & dev_windows
        assert not shared, f"heldout {rec['id']} repeats dev text: {sorted(shared)[0]!r}"


def test_evalset_dev2_shares_no_text_with_dev_or_heldout():
    dev2 = read(EVAL / "dev2.jsonl")
    for name in ("dev.jsonl", "heldout.jsonl"):
        other = set().union(*(_windows(r["text"]) for r in read(EVAL / name)))
        for rec in dev2:
            shared = _windows(rec["text"]) & other
            assert not shared, f"dev2 {rec['id']} repeats {name} text"


def test_evalset_dev3_shares_no_text_with_other_sets():
    dev3 = read(EVAL / "dev3.jsonl")
    for name in ("dev.jsonl", "dev2.jsonl", "heldout.jsonl"):
        other = set().union(*(_windows(r["text"]) for r in read(EVAL / name)))
        for rec in dev3:
            shared = _windows(rec["text"]) & other
            assert not shared, f"dev3 {rec['id']} repeats {name} text"


@pytest.mark.skipif(not SHARED_EXAMPLES.exists(), reason="shared examples not mounted")
def test_evalset_does_not_copy_shared_examples():
    shared = set().union(*(_windows(r["text"]) for r in read(SHARED_EXAMPLES)))
    for _, rec in records():
        assert not (_windows(rec["text"]) & shared), rec["id"]
