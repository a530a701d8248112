import datetime as dt

import jsonschema
import pytest

SAMPLES = [
    "50 min, 11/20. pt discussed conflict w/ sister. HW: sleep diary. Denies SI/HI.",
    "S: tired\nO: flat\nA: low mood\nP: BA, next in 1 wk",
    "x",
    '"',
    "💬 “quote” ‘single’ 'straight'",
]


def _assert_valid(engine, note_schema, text, reference_date):
    note = engine.structure(text, reference_date=reference_date).to_dict()
    jsonschema.validate(note, note_schema)
    for items in note["sections"].values():
        for item in items:
            assert text[item["start"] : item["end"]] == item["text"]
            assert item["source"] in ("header", "rule", "model")


@pytest.mark.parametrize("text", SAMPLES)
def test_schema_to_dict_validates_and_points_into_input(engine, note_schema, text, reference_date):
    _assert_valid(engine, note_schema, text, reference_date)


def test_schema_shared_examples_validate_and_point_into_input(
    engine, note_schema, shared_examples, reference_date
):
    for example in shared_examples:
        _assert_valid(engine, note_schema, example["text"], reference_date)


def test_schema_shared_examples_date_and_duration(engine, shared_examples):
    wrong = []
    for example in shared_examples:
        ref = dt.date.fromisoformat(example["reference_date"])
        session = engine.structure(example["text"], reference_date=ref).session
        gold = example["gold"]
        if (session.date, session.duration_minutes) != (gold["date"], gold["duration_minutes"]):
            wrong.append((example["id"], session.date, session.duration_minutes))
    assert not wrong
