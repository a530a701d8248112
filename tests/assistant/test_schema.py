import datetime as dt
from pathlib import Path

import jsonschema
import pytest

from assistant.evaluate import load_records

SHARED = Path(__file__).resolve().parents[3] / "shared"

REF = dt.date(2026, 11, 29)
SAMPLES = [
    "50 min, 11/20. pt discussed conflict w/ sister. HW: sleep diary. Denies SI/HI.",
    "S: tired\nO: flat\nA: low mood\nP: BA, next in 1 wk",
    "x",
    '"',
    "💬 “quote” ‘single’ 'straight'",
]


def _examples():
    path = SHARED / "examples" / "examples.jsonl"
    return load_records(path) if path.exists() else []


@pytest.mark.parametrize("text", SAMPLES + [e["text"] for e in _examples()])
def test_schema_to_dict_validates_and_points_into_input(engine, note_schema, text):
    note = engine.structure(text, reference_date=REF).to_dict()
    jsonschema.validate(note, note_schema)
    for items in note["sections"].values():
        for item in items:
            assert text[item["start"] : item["end"]] == item["text"]
            assert item["source"] in ("header", "rule", "model")


@pytest.mark.parametrize("example", _examples(), ids=lambda e: e["id"])
def test_schema_shared_examples_date_and_duration(engine, example):
    ref = dt.date.fromisoformat(example["reference_date"])
    session = engine.structure(example["text"], reference_date=ref).session
    assert session.date == example["gold"]["date"]
    assert session.duration_minutes == example["gold"]["duration_minutes"]
