"""Exports of a signed note: Markdown, PDF, note-schema JSON."""

from __future__ import annotations

import json
import re

import pytest


@pytest.fixture
def signed(signed_in, draft) -> int:
    note_id = draft["note_id"]
    signed_in.save(
        note_id,
        date="2026-11-28",
        duration_minutes="50",
        topics="work stress\nconflict with sister — “Ängste”",
        homework="sleep diary",
    )
    signed_in.sign(note_id)
    signed_in.post(f"/notes/{note_id}/addenda", {"text": "Session ran 45 minutes, not 50."})
    return note_id


def test_exports_markdown_has_note_signature_and_addenda(signed_in, signed):
    response = signed_in.client.get(f"/notes/{signed}/export.md")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert "attachment;" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("# SOAP progress note")
    assert "- sleep diary" in body and "“Ängste”" in body
    assert re.search(r"Signed by Ann Example, LCSW at \d{4}-\d\d-\d\d \d\d:\d\d UTC", body)
    assert "Addendum by Ann Example at " in body and "> Session ran 45 minutes, not 50." in body


def test_exports_pdf_is_a_pdf_with_unicode_font(signed_in, signed):
    response = signed_in.client.get(f"/notes/{signed}/export.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert b"DejaVu" in response.data  # the embedded Unicode font, so "Ängste" prints


def test_exports_json_carries_the_reviewed_note_and_signature(signed_in, signed):
    response = signed_in.client.get(f"/notes/{signed}/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(response.data)
    assert data["export"] == "notewell.signed-note" and data["format"] == "soap"
    assert data["fields"]["homework"] == ["sleep diary"]
    assert data["session"]["date"] == "2026-11-28"
    assert data["session"]["duration_minutes"] == 50
    assert data["signature"]["name"] == "Ann Example"
    assert data["signature"]["credentials"] == "LCSW"
    assert data["signature"]["time_zone"] == "UTC"
    assert data["signature"]["signed_at"].endswith("+00:00")
    assert data["addenda"][0]["text"] == "Session ran 45 minutes, not 50."
    assert data["addenda"][0]["author"] == "Ann Example"
    assert not {"flags", "audit", "missing", "reviewed", "engine"} & set(data)


def test_exports_json_signed_at_is_in_the_signers_zone(signed_in, draft):
    signed_in.post(
        "/profile",
        {"full_name": "Ann Example", "credentials": "LCSW", "time_zone": "America/Chicago"},
    )
    signed_in.save(draft["note_id"], date="2026-11-28", topics="work stress")
    signed_in.sign(draft["note_id"])
    data = json.loads(signed_in.client.get(f"/notes/{draft['note_id']}/export.json").data)
    assert data["signature"]["time_zone"] == "America/Chicago"
    assert data["signature"]["signed_at"][-6:] in ("-06:00", "-05:00")


@pytest.mark.parametrize("kind", ["md", "pdf", "json"])
def test_exports_drafts_are_not_exported(signed_in, draft, kind):
    response = signed_in.client.get(f"/notes/{draft['note_id']}/export.{kind}")
    assert response.status_code == 409
    assert "Only signed notes are exported" in response.text


def test_exports_unknown_kind_is_404(signed_in, signed):
    assert signed_in.client.get(f"/notes/{signed}/export.docx").status_code == 404


def test_exports_pdf_without_font_says_what_to_install(app, signed_in, signed):
    app.config["PDF_FONT"] = "/nonexistent/DejaVuSans.ttf"
    response = signed_in.client.get(f"/notes/{signed}/export.pdf")
    assert response.status_code == 503
    assert "fonts-dejavu-core" in response.text


def test_exports_markdown_escapes_user_text(signed_in, signed):
    signed_in.post(f"/notes/{signed}/addenda", {"text": "<img src=x> *not bold*"})
    body = signed_in.client.get(f"/notes/{signed}/export.md").get_data(as_text=True)
    assert r"\<img src=x\> \*not bold\*" in body
    assert re.search(r"(?<!\\)<img", body) is None
