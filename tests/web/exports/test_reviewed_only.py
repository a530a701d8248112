"""Exports carry the signed, reviewed note only: nothing of the jotting or the extraction."""

from __future__ import annotations

import base64
import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent

JOTTING = (
    "50 min. Client described stress at work. Staff said she seemed manipulative on the ward. "
    "Argued with her landlord about the deposit. HW: sleep diary"
)
KINDS = ("md", "pdf", "json", "fhir")


@pytest.fixture
def reviewed(signed_in) -> int:
    """A signed note whose reviewer deleted a sentence and a judgmental phrase."""
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, JOTTING)
    signed_in.save(
        note_id,
        date="2026-11-28",
        duration_minutes="50",
        topics="Client described stress at work\nStaff said she raised her voice on the ward",
        homework="sleep diary",
    )
    signed_in.sign(note_id)
    return note_id


def _text(kind: str, data: bytes) -> str:
    if kind == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if kind == "fhir":  # the attachment is base64: read it as the receiving EHR would
        entry = json.loads(data)["entry"][1]["resource"]["content"][0]["attachment"]["data"]
        return data.decode("utf-8") + base64.b64decode(entry).decode("utf-8")
    return data.decode("utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_reviewed_only_removed_words_are_in_no_export(signed_in, reviewed, kind):
    response = signed_in.client.get(f"/notes/{reviewed}/export.{kind}")
    assert response.status_code == 200
    text = _text(kind, response.data)
    assert "stress at work" in text and "raised her voice" in text
    for words in ("manipulative", "landlord", "deposit"):
        assert words not in text
    assert '"start"' not in text and '"offsets"' not in text


def test_reviewed_only_author_downloads_the_jotting_audited(app, signed_in, reviewed):
    response = signed_in.client.get(f"/notes/{reviewed}/jotting.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == JOTTING
    assert "attachment;" in response.headers["Content-Disposition"]
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "export_jotting")
        ).all()
        assert [(e.note_id, e.username) for e in events] == [(reviewed, "ann")]


@pytest.mark.parametrize("path", ["jotting.txt", *(f"export.{k}" for k in KINDS)])
def test_reviewed_only_someone_else_gets_404(signed_in, reviewed, path):
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    assert signed_in.client.get(f"/notes/{reviewed}/{path}").status_code == 404
