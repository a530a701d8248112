"""Goal progress is part of what is signed: the signed text, every export, and never changed."""

from __future__ import annotations

import base64
import io
import json

import pytest
from pypdf import PdfReader

from web.db import db
from web.records import NoteGoal

from .conftest import LINES

SLEPT = "topics:Slept 5 hours most nights"
SLEEP_LINE = "Improve sleep: better (evidence: “Slept 5 hours most nights”)"


@pytest.fixture
def signed(goals):
    """The draft in GIRP, the first goal decided with evidence, the others not, then signed."""
    assert goals.auth.save(goals.note_id, format="girp", **LINES).status_code == 302
    assert goals.choose({0: "better"}, {0: [SLEPT]}).status_code == 302
    assert goals.auth.sign(goals.note_id).status_code == 302
    assert goals.note().signed
    return goals


def test_signed_text_holds_the_goal_progress_in_girps_goals(signed):
    rendered = signed.note().rendered
    goals_part = rendered.split("Goals:\n", 1)[1].split("\n\n", 1)[0]
    assert goals_part.startswith(f"  Treatment goals: {SLEEP_LINE}; ")
    assert "Reduce panic attacks: progress not recorded" in goals_part
    assert "Find part-time work: progress not recorded" in goals_part
    assert "Treatment goals: not recorded" not in rendered


def test_signing_records_every_goal_of_the_plan(signed):
    rows = signed.rows()
    assert [(r.goal_id, r.progress) for r in rows] == [
        (signed.ids[0], "better"),
        (signed.ids[1], None),
        (signed.ids[2], None),
    ]


def test_signed_goal_progress_never_changes(signed):
    response = signed.choose({1: "worse"}, {})
    assert response.status_code == 403
    row_id = signed.rows()[1].id
    with signed.app.app_context():
        row = db.session.get(NoteGoal, row_id)
        row.progress = "worse"
        with pytest.raises(PermissionError, match="goal progress cannot change"):
            db.session.flush()
        db.session.rollback()
    assert signed.rows()[1].progress is None


def test_signed_page_shows_the_goal_progress_read_only(signed):
    page = signed.page()
    assert 'id="goals-form"' not in page
    assert "<strong>Improve sleep</strong>: better" in page
    assert "<li>“Slept 5 hours most nights”</li>" in page


@pytest.mark.parametrize("kind", ["md", "json", "pdf", "fhir"])
def test_exports_carry_the_goal_progress(signed, kind):
    response = signed.auth.client.get(f"/notes/{signed.note_id}/export.{kind}")
    assert response.status_code == 200
    if kind == "md":
        text = response.text
        assert "**Treatment goals**" in text and f"- {SLEEP_LINE}" in text
    elif kind == "json":
        data = json.loads(response.data)
        assert data["goals"][0] == {
            "goal_id": signed.ids[0],
            "text": "Improve sleep",
            "objectives": ["Sleeps 7 hours on 5 nights a week"],
            "progress": "better",
            "evidence": ["Slept 5 hours most nights"],
        }
        assert [g["progress"] for g in data["goals"][1:]] == [None, None]
        text = data["text"]
    elif kind == "pdf":
        reader = PdfReader(io.BytesIO(response.data))
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert "Improve sleep: better (evidence:" in text
    else:
        bundle = json.loads(response.data)
        composition = bundle["entry"][0]["resource"]
        goals_section = next(s for s in composition["section"] if s["title"] == "Goals")
        assert (
            "Improve sleep: better (evidence: “Slept 5 hours most nights”)"
            in (goals_section["text"]["div"])
        )
        attachment = bundle["entry"][1]["resource"]["content"][0]["attachment"]
        text = base64.b64decode(attachment["data"]).decode("utf-8")
    assert "Improve sleep: better" in text


def test_soap_export_adds_a_section_of_goal_progress(goals):
    assert goals.auth.save(goals.note_id, format="soap", **LINES).status_code == 302
    goals.choose(
        {0: "same", 1: "better", 2: "not_addressed"},
        {1: ["topics:Panic attack at the supermarket"]},
    )
    goals.auth.sign(goals.note_id)
    text = goals.auth.client.get(f"/notes/{goals.note_id}/text").text
    assert (
        "Progress toward treatment goals: Improve sleep: same; Reduce panic attacks: better" in text
    )


def test_girp_without_a_plan_still_reads_not_recorded(signed_in):
    client_id = signed_in.add_client("Al Jones", "C-002")
    note_id = signed_in.new_note(client_id, "Slept badly. HW: sleep diary")
    signed_in.save(note_id, format="girp", topics="Slept badly", homework="sleep diary")
    signed_in.sign(note_id)
    text = signed_in.client.get(f"/notes/{note_id}/text").text
    assert "Treatment goals: not recorded" in text
