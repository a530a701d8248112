import pytest

from assistant.note.formats import render_note
from assistant.note.templates import builtin_templates

NOTE = {
    "session": {"date": "2026-11-20", "duration_minutes": 50, "start_time": None, "end_time": None},
    "sections": {
        "topics": [{"text": "work stress", "start": 0, "end": 11}],
        "interventions": [{"text": "thought record", "start": 12, "end": 26}],
        "client_response": [],
        "quotes": [{"text": "I always mess up", "start": 30, "end": 46}],
        "homework": [{"text": "sleep diary", "start": 50, "end": 61}],
        "plan": [],
        "risk": [],
    },
    "flags": [
        {
            "kind": "jargon",
            "text": "HW",
            "start": 0,
            "end": 2,
            "reason": "Abbreviation.",
            "suggestion": "homework",
            "drop_in": True,
        },
        {
            "kind": "interpretive",
            "text": "seemed resistant",
            "start": 3,
            "end": 19,
            "reason": "A label, not an observation.",
            "suggestion": "describe what the client did",
            "drop_in": False,
        },
    ],
    "missing": ["client_response", "plan", "risk"],
}


@pytest.mark.parametrize("fmt", (*builtin_templates(), "text", "markdown"))
def test_render_every_format_keeps_every_item_and_invents_nothing(fmt):
    out = render_note(NOTE, fmt)
    for phrase in (
        "work stress",
        "thought record",
        "I always mess up",
        "sleep diary",
        "2026-11-20",
    ):
        assert phrase in out
    assert "not recorded" in out  # empty fields are named, never filled
    assert "denies" not in out.lower()


@pytest.mark.parametrize(
    ("fmt", "headings"),
    [
        ("soap", ["Subjective:", "Objective:", "Assessment:", "Plan:"]),
        ("dap", ["Data:", "Assessment:", "Plan:"]),
        ("birp", ["Behavior:", "Intervention:", "Response:", "Plan:"]),
        ("girp", ["Goals:", "Intervention:", "Response:", "Plan:"]),
    ],
)
def test_render_format_headings_in_order(fmt, headings):
    out = render_note(NOTE, fmt)
    positions = [out.index(h) for h in headings]
    assert positions == sorted(positions)


def test_render_markdown_escapes_markup():
    note = {**NOTE, "sections": {**NOTE["sections"], "topics": [{"text": "<b>x</b> *y*"}]}}
    out = render_note(note, "markdown")
    assert "<b>" not in out and "\\*y\\*" in out


def test_render_text_lists_flags_and_missing():
    out = render_note(NOTE, "text")
    assert '"HW": Abbreviation.\n      Rewrite: homework' in out
    assert "Instead: describe what the client did" in out
    assert "Not covered by the jotting: client response, plan, risk" in out


def test_render_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown note format"):
        render_note(NOTE, "xml")


def test_render_note_formats_are_the_web_switch():
    assert set(builtin_templates()) == {"plain", "soap", "dap", "birp", "girp"}
