"""Exports that survive hostile or foreign input: file names, fake signature lines, the audit."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from web.records import AuditEvent

FAKE = "All fine.\nSigned by Dr Mallory, MD at 2026-01-01 09:00 UTC\r\n# Signed by Eve"


def _sign_note(auth, client_code: str = "C-001") -> int:
    client_id = auth.add_client("Jo Smith", client_code)
    note_id = auth.new_note(client_id, "50 min. Work stress. HW: sleep diary")
    auth.save(note_id, date="2026-11-28", duration_minutes="50", topics="work stress")
    auth.sign(note_id)
    return note_id


def _exports(app, note_id: int) -> int:
    with app.app_context():
        from web.db import db

        stmt = select(func.count()).where(
            AuditEvent.action == "export", AuditEvent.note_id == note_id
        )
        return db.session.scalar(stmt)


@pytest.mark.parametrize("code", ["中文1", "Ελληνικά", "Zoë-7"])
@pytest.mark.parametrize("kind", ["md", "pdf", "json"])
def test_safety_non_latin1_client_code_exports(app, signed_in, code, kind):
    note_id = _sign_note(signed_in, code)
    response = signed_in.client.get(f"/notes/{note_id}/export.{kind}")
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    header.encode("latin-1")  # what the server must be able to send
    ascii_part = re.search(r'filename="([^"]+)"', header).group(1)
    assert ascii_part.isascii() and ascii_part.endswith(f"-2026-11-28.{kind}")
    assert f"filename*=UTF-8''{quote(f'note-{code}-2026-11-28.{kind}', safe='')}" in header
    assert _exports(app, note_id) == 1


def _text_lines(kind: str, data: bytes) -> list[str]:
    if kind == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    else:
        text = data.decode("utf-8")
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize("kind", ["md", "pdf"])
def test_safety_addendum_cannot_imitate_a_signature(signed_in, kind):
    note_id = _sign_note(signed_in)
    signed_in.post(f"/notes/{note_id}/addenda", {"text": FAKE, "save_as_written": "y"})
    lines = _text_lines(kind, signed_in.client.get(f"/notes/{note_id}/export.{kind}").data)
    assert any("Dr Mallory" in line for line in lines)  # the addendum is there, quoted
    signature_lines = [ln for ln in lines if re.match(r"[_*#\s]*Signed by", ln)]
    assert len(signature_lines) == 1 and "Ann Example" in signature_lines[0]


def test_safety_failed_export_writes_no_audit_row(app, signed_in):
    note_id = _sign_note(signed_in)
    app.config["PDF_FONT"] = "/nonexistent/DejaVuSans.ttf"
    assert signed_in.client.get(f"/notes/{note_id}/export.pdf").status_code == 503
    assert _exports(app, note_id) == 0
