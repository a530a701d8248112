"""The instruments table: ranges and their sentences, the lexicon's checks, the risk reading."""

from __future__ import annotations

import json
import shutil

import pytest

from assistant.errors import ResourceError
from assistant.measures.instruments import instruments, load_instruments, risk_readings
from assistant.note import Measure
from assistant.resources import data_dir


@pytest.mark.parametrize(
    ("name", "value", "scale", "problem"),
    [
        ("PHQ-9", 27, None, None),
        ("PHQ-9", 0, 27, None),
        ("PHQ-9", 28, None, "PHQ-9 runs from 0 to 27: 28 is outside it."),
        ("PHQ-9", 12.5, None, "PHQ-9 takes whole numbers: 12.5 is not one."),
        ("PHQ-9", 12, 21, "PHQ-9 is scored out of 27, not 21."),
        ("GAD-7", 21, None, None),
        ("GAD-7", 22, None, "GAD-7 runs from 0 to 21: 22 is outside it."),
        ("PCL-5", 80, None, None),
        ("AUDIT", 40, None, None),
        ("SUDS", 100, None, None),
        ("SUDS", 7.5, 10, None),
        ("SUDS", 70, 10, "SUDS runs from 0 to 10: 70 is outside it."),
        ("anxiety", 6.5, None, None),
        ("anxiety", -1, None, "anxiety runs from 0 to 10: -1 is outside it."),
        ("PHQ-9 item 9", 3, None, None),
        ("C-SSRS", 1, None, None),
    ],
)
def test_instruments_problem_says_why_a_value_is_no_score(name, value, scale, problem):
    assert instruments()[name].problem(value, scale) == problem


def test_instruments_cover_the_issue_list():
    names = set(instruments())
    wanted = {"PHQ-9", "PHQ-9 item 9", "GAD-7", "PCL-5", "AUDIT", "C-SSRS", "SUDS"}
    assert wanted | {"anxiety", "mood", "cravings", "sleep quality"} <= names


def test_instruments_risk_readings_are_phq9_item9_above_zero():
    def m(name, value):
        return Measure(name, value, None, "", 0, 0)

    found = [m("PHQ-9 item 9", 1), m("PHQ-9 item 9", 2)]
    others = [m("PHQ-9 item 9", 0), m("PHQ-9", 27), m("mood", 1), m("not a scale", 9)]
    assert risk_readings(others + found) == found


def _copy_data(tmp_path):
    shutil.copytree(data_dir() / "lexicons", tmp_path / "lexicons")
    return tmp_path / "lexicons" / "measures.json"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "total"}, "kind must be one of"),
        ({"scales": []}, "scales must list"),
        ({"patterns": ["phq("]}, "bad name pattern"),
        ({"patterns": [], "acronyms": []}, "at least one pattern"),
    ],
)
def test_instruments_bad_entry_is_refused_naming_it(tmp_path, change, message):
    path = _copy_data(tmp_path)
    lexicon = json.loads(path.read_text(encoding="utf-8"))
    lexicon["entries"][0].update(change)
    path.write_text(json.dumps(lexicon), encoding="utf-8")
    with pytest.raises(ResourceError, match=f"entry 1 is malformed.*{message}"):
        load_instruments(tmp_path)


def test_instruments_a_name_twice_is_refused(tmp_path):
    path = _copy_data(tmp_path)
    lexicon = json.loads(path.read_text(encoding="utf-8"))
    lexicon["entries"].append(lexicon["entries"][0])
    path.write_text(json.dumps(lexicon), encoding="utf-8")
    with pytest.raises(ResourceError, match="names an instrument twice"):
        load_instruments(tmp_path)


def test_instruments_a_new_rating_needs_no_code(tmp_path, engine, reference_date):
    """Adding what a rating rates is a lexicon entry: the finder reads it."""
    import assistant

    path = _copy_data(tmp_path)
    lexicon = json.loads(path.read_text(encoding="utf-8"))
    lexicon["entries"].append({"name": "pain", "kind": "rating", "patterns": ["pain"]})
    path.write_text(json.dumps(lexicon), encoding="utf-8")
    for folder in ("role_classifier", "risk_classifier"):
        shutil.copytree(data_dir() / folder, tmp_path / folder)
    custom = assistant.load(data=tmp_path, classifier=False)
    note = custom.structure("Pain 5/10 in the back.", reference_date=reference_date)
    assert [(m.name, m.value) for m in note.measures] == [("pain", 5)]
    assert engine.structure("Pain 5/10 in the back.", reference_date=reference_date).measures == []
