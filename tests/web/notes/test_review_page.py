"""The review page's risk status and the audit of the reviewed template (review_page.py)."""

from __future__ import annotations

from assistant import SECTIONS
from web.notes.review_page import reviewed_audit, reviewed_risk, template_as_note


def _fields(risk: list[str]) -> dict:
    return {
        "date": "",
        "duration_minutes": None,
        "sections": {s: [] for s in SECTIONS} | {"risk": risk},
    }


def test_review_page_audit_takes_the_panels_assertion_for_each_risk_line():
    # The pipeline reads an item in its context, so the same words can carry two assertions
    # ("Hx: SI" and, later, "SI"): the audit must take the one the panel shows.
    items = [
        {"text": "SI", "start": 4, "end": 6, "assertion": "historical"},
        {"text": "SI", "start": 20, "end": 22, "assertion": "present"},
    ]
    structured = {"sections": {"risk": items}}
    fields = _fields(["SI"])
    risk = reviewed_risk(fields, structured)
    note = template_as_note(fields, structured)
    check = next(c for c in reviewed_audit("", fields, structured) if c["id"] == "risk")
    assert risk.status == "history_only"
    assert [i["assertion"] for i in note["sections"]["risk"]] == ["historical"]
    assert check["message"].startswith("Only past risk is recorded")


def test_review_page_risk_reads_the_lines_as_they_will_be_stored():
    # After a form error the page shows the lines as typed, blank ones and spaces included.
    fields = _fields(["", "  denies SI/HI  ", "   "])
    check = next(c for c in reviewed_audit("", fields, {}) if c["id"] == "risk")
    assert [s.text for s in reviewed_risk(fields, {}).statements] == ["denies SI/HI"]
    assert reviewed_risk(fields, {}).status == "denied"
    assert check["message"] == "Risk asked about and denied: denies SI/HI (denied)."
