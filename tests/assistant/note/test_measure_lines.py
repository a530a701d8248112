"""A note's measures: their lines, and the part of each template that holds them."""

from __future__ import annotations

import pytest

from assistant.errors import TemplateError
from assistant.note.formats import fill, markdown_of, render_note, template
from assistant.note.measure_lines import measure_line
from assistant.note.templates import NoteTemplate

MEASURES = [
    {"name": "PHQ-9", "value": 14, "scale": 27},
    {"name": "mood", "value": 4, "scale": 10},
]
NOTE = {
    "session": {"date": "2026-11-20"},
    "sections": {
        "topics": [{"text": "low mood at work"}],
        "client_response": [{"text": "tearful when discussing work"}],
        "risk": [{"text": "denied SI"}],
    },
    "measures": MEASURES,
}


@pytest.mark.parametrize(
    ("measure", "line"),
    [
        ({"name": "PHQ-9", "value": 14, "scale": 27}, "PHQ-9 14/27"),
        ({"name": "mood", "value": 6.5, "scale": 10}, "mood rating 6.5/10"),
        ({"name": "C-SSRS", "value": 0, "scale": 1}, "C-SSRS screen negative"),
        ({"name": "C-SSRS", "value": 1, "scale": 1}, "C-SSRS screen positive"),
        ({"name": "SUDS", "value": 40.0, "scale": 100.0}, "SUDS 40/100"),
        (
            {"name": "PHQ-9", "value": 9, "scale": 27, "date": "2026-11-18"},
            "PHQ-9 9/27 (2026-11-18)",
        ),
        ({"name": "PHQ-9", "value": 9, "scale": 27, "date": "2026-11-20"}, "PHQ-9 9/27"),
    ],
)
def test_measure_line_says_value_scale_and_what_a_rating_rates(measure, line):
    assert measure_line(measure, "2026-11-20") == line


@pytest.mark.parametrize(
    ("fmt", "heading", "label"),
    [
        ("soap", "Objective", "Measures"),
        ("dap", "Data", "Measures"),
        ("birp", "Behavior", "Measures"),
        ("girp", "Response", "Measures"),
        ("plain", "Measures", ""),
    ],
)
def test_fill_puts_measures_where_the_template_says(fmt, heading, label):
    filled = fill(NOTE, template(fmt))
    holding = [
        (s.heading, p.label, p.lines)
        for s in filled.sections
        for p in s.parts
        if "PHQ-9 14/27" in p.lines
    ]
    assert holding == [(heading, label, ("PHQ-9 14/27", "mood rating 4/10"))]


@pytest.mark.parametrize("fmt", ["soap", "dap", "birp", "girp", "plain", "text", "markdown"])
def test_note_without_measures_has_no_measures_line(fmt):
    out = render_note({**NOTE, "measures": []}, fmt)
    assert "Measures" not in out and "PHQ" not in out
    # and with them, the line is there in every format
    assert "PHQ-9 14/27" in render_note(NOTE, fmt) and "mood rating 4/10" in render_note(NOTE, fmt)


def test_soap_objective_text_carries_the_measures_line():
    out = render_note(NOTE, "soap")
    assert (
        "Objective:\n  Observed behaviour and presentation: tearful when discussing work\n" in out
    )
    assert "  Measures: PHQ-9 14/27; mood rating 4/10\n  Interventions used: not recorded" in out


def _template(parts: list[dict]) -> dict:
    sections = [
        {"key": "all", "heading": "All", "parts": [{"label": "", "field": f} for f in FIELDS]},
    ]
    if parts:
        sections.append({"key": "scores", "heading": "Scores", "parts": parts})
    return {"id": "mine", "name": "Mine", "title": "My note", "sections": sections}


FIELDS = ("topics", "interventions", "client_response", "quotes", "homework", "plan", "risk")


def test_template_without_a_measures_part_gets_a_last_section_of_them():
    tpl = NoteTemplate.from_dict(_template([]))
    filled = fill(NOTE, tpl)
    assert filled.sections[-1].heading == "Measures"
    assert filled.sections[-1].parts[0].lines == ("PHQ-9 14/27", "mood rating 4/10")
    assert [s.heading for s in fill({**NOTE, "measures": []}, tpl).sections] == ["All"]


def test_measures_no_part_takes_go_to_the_last_section_never_dropped():
    parts = [{"label": "Questionnaires", "field": "measures", "when_any": ["PHQ"]}]
    filled = fill(NOTE, NoteTemplate.from_dict(_template(parts)))
    assert filled.sections[1].parts[0].lines == ("PHQ-9 14/27",)
    assert filled.sections[-1].heading == "Measures"
    assert filled.sections[-1].parts[0].lines == ("mood rating 4/10",)


def test_template_with_two_catch_all_measures_parts_is_refused():
    parts = [{"label": "A", "field": "measures"}, {"label": "B", "field": "measures"}]
    with pytest.raises(TemplateError, match="at most one part for field 'measures'"):
        NoteTemplate.from_dict(_template(parts))


def test_markdown_escapes_a_measure_name_with_markup():
    note = {**NOTE, "measures": [{"name": "<b>*PHQ*</b> [x](y)", "value": 3, "scale": 27}]}
    out = markdown_of(fill(note, template("soap")))
    assert "- \\<b\\>\\*PHQ\\*\\</b\\> \\[x\\](y) 3/27" in out
    assert "<b>" not in out
