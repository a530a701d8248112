"""Note templates: the shipped files, their filing rules and a clinic's own file."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from assistant.errors import TemplateError
from assistant.note.formats import fill, render_note, template
from assistant.note.templates import (
    NoteTemplate,
    builtin_templates,
    load_template_file,
    load_templates,
    use_clinic_templates,
)


def _note(**sections: list[str]) -> dict:
    return {
        "session": {"date": "2026-11-20"},
        "sections": {k: [{"text": t} for t in v] for k, v in sections.items()},
    }


NOTE = _note(
    topics=["work stress"],
    quotes=["I always mess up"],
    client_response=[
        "appeared tearful when discussing work",
        "reported improved sleep",
        "found the thought record useful",
    ],
    interventions=["thought record"],
    risk=["denied SI"],
    homework=["sleep diary"],
    plan=["next session in one week", "review coping plan"],
)


def _parts(fmt: str) -> dict[str, tuple[str, ...]]:
    return {
        f"{s.key}/{p.label}": p.lines for s in fill(NOTE, template(fmt)).sections for p in s.parts
    }


def test_templates_shipped_files_are_valid_and_round_trip():
    folder = Path(str(resources.files("assistant").joinpath("data", "note_templates")))
    assert set(builtin_templates()) == {"plain", "soap", "dap", "birp", "girp"}
    for path in folder.glob("*.json"):
        assert load_template_file(path).to_dict() == json.loads(path.read_text())


def test_templates_soap_files_each_line_by_its_rule():
    parts = _parts("soap")
    assert parts["subjective/Client's report"] == ("work stress",)
    assert parts["subjective/Client's words"] == ("\u201cI always mess up\u201d",)
    assert parts["objective/Observed behaviour and presentation"] == (
        "appeared tearful when discussing work",
    )
    assert parts["objective/Interventions used"] == ("thought record",)
    assert parts["assessment/Response to interventions"] == ("found the thought record useful",)
    assert parts["assessment/Progress"] == ("reported improved sleep",)
    assert parts["assessment/Risk assessment"] == ("denied SI",)
    assert parts["plan/Next session"] == ("next session in one week",)
    assert parts["plan/Plan"] == ("review coping plan",)
    assert parts["plan/Homework"] == ("sleep diary",)


@pytest.mark.parametrize("fmt", ["plain", "soap", "dap", "birp", "girp"])
def test_templates_every_line_lands_exactly_once(fmt):
    lines = [line for part in _parts(fmt).values() for line in part]
    expected = [t["text"] for items in NOTE["sections"].values() for t in items]
    assert sorted(ln.strip("\u201c\u201d") for ln in lines) == sorted(expected)


def test_templates_girp_goals_are_not_recorded_until_goals_exist():
    out = render_note(NOTE, "girp")
    assert "Goals:\n  Treatment goals: not recorded\n  Session focus: work stress" in out


def _write(tmp_path: Path, text: str, name: str = "clinic.json") -> Path:
    folder = tmp_path / "note_templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_templates_clinic_file_with_bad_json_names_file_and_line(tmp_path):
    folder = _write(tmp_path, '{\n  "id": "intake",\n  "name": "Intake"\n  "title": "x"\n}')
    with pytest.raises(TemplateError, match=r"clinic\.json: not valid JSON at line 4"):
        load_templates(folder)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sections"][0]["parts"][0].update(field="mood"),
            r"sections\[0\]\.parts\[0\]\.field must be one of",
        ),
        (lambda d: d["sections"][0].pop("heading"), r"sections\[0\]\.heading must be"),
        (lambda d: d.update(id="Has Space"), r"clinic\.json: id must be lower-case"),
        (lambda d: d["sections"].pop(), "exactly one part for field 'homework'"),
    ],
)
def test_templates_clinic_file_breaking_a_rule_names_the_key(tmp_path, change, message):
    data = builtin_templates()["soap"].to_dict()
    change(data)
    folder = _write(tmp_path, json.dumps(data))
    with pytest.raises(TemplateError, match=message):
        load_templates(folder)


def test_templates_clinic_template_replaces_a_builtin_in_rendering():
    data = builtin_templates()["dap"].to_dict()
    data["sections"][0]["heading"] = "Session data"
    try:
        use_clinic_templates({"dap": NoteTemplate.from_dict(data)})
        assert "Session data:" in render_note(NOTE, "dap")
    finally:
        use_clinic_templates({})
    assert "Session data:" not in render_note(NOTE, "dap")
