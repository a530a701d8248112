"""Exports of a signed note (Markdown, PDF, JSON), and the jotting for its author alone."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, g, render_template

from .. import auditlog
from ..db import db
from ..notes.changes import jotting_text
from ..records import Note
from ..security import get_owned, login_required
from . import documents, fhir, pdf
from .filenames import content_disposition

bp = Blueprint("exports", __name__, template_folder="templates")

KINDS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "pdf": ("application/pdf", "pdf"),
    "json": ("application/json", "json"),
    "fhir": ("application/fhir+json", "fhir.json"),
}


def _signed(note_id: int) -> Note:
    """The signed-in user's signed note: 404 for others, 409 for a draft."""
    note = get_owned(Note, note_id)
    if not note.signed:
        abort(409, description="Only signed notes are exported: sign the note first.")
    return note


@bp.get("/notes/<int:note_id>/copy")
@login_required
def copy(note_id: int):
    """The note as plain text per section and whole, with copy buttons, for pasting in an EHR."""
    note = _signed(note_id)
    page = render_template(
        "exports/copy.html",
        note=note,
        sections=documents.filled(note).sections,
        whole=documents.record_text(note),
    )
    auditlog.record("export", note_id=note.id, client_id=note.client_id, detail="copy")
    db.session.commit()
    return page


@bp.get("/notes/<int:note_id>/text")
@login_required
def text(note_id: int):
    """The whole note as a plain-text page (the copy page without JavaScript)."""
    note = _signed(note_id)
    body = documents.record_text(note)
    auditlog.record("export", note_id=note.id, client_id=note.client_id, detail="text")
    db.session.commit()
    return Response(body, mimetype="text/plain")


@bp.get("/notes/<int:note_id>/export.<kind>")
@login_required
def export(note_id: int, kind: str):
    """Download a signed note; drafts are not exported (409)."""
    if kind not in KINDS:
        abort(404)
    note = _signed(note_id)
    if kind == "md":
        body: bytes = documents.markdown(note).encode("utf-8")
    elif kind == "json":
        body = json.dumps(documents.as_json(note), ensure_ascii=False, indent=2).encode("utf-8")
    elif kind == "fhir":
        body = json.dumps(fhir.bundle(note), ensure_ascii=False, indent=2).encode("utf-8")
    else:
        config = current_app.config
        body = pdf.pdf(note, config["PDF_FONT"], config.get("PRACTICE_NAME") or "")
    mimetype, ext = KINDS[kind]
    name = f"note-{note.client.code}-{note.session_date or note.id}.{ext}"
    response = Response(
        body, mimetype=mimetype, headers={"Content-Disposition": content_disposition(name)}
    )
    # Recorded once the document and its headers exist: a failed export leaves no audit row.
    auditlog.record("export", note_id=note.id, client_id=note.client_id, detail=kind)
    db.session.commit()
    return response


@bp.get("/notes/<int:note_id>/jotting.txt")
@login_required
def jotting(note_id: int):
    """The raw jotting as its own file, for its author only (404 for everyone else)."""
    note = get_owned(Note, note_id)
    text = jotting_text(note, g.user)
    if text is None:
        abort(404)
    name = f"jotting-{note.client.code}-{note.session_date or note.id}.txt"
    response = Response(
        text.encode("utf-8"),
        mimetype="text/plain",
        headers={"Content-Disposition": content_disposition(name)},
    )
    auditlog.record("export_jotting", note_id=note.id, client_id=note.client_id)
    db.session.commit()
    return response
