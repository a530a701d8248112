"""Exports of a signed note (Markdown, PDF, JSON), and the jotting for its author alone."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, g

from .. import auditlog
from ..db import db
from ..notes.changes import jotting_text
from ..records import Note
from ..security import get_owned, login_required
from . import documents, fhir, pdf
from .filenames import content_disposition

bp = Blueprint("exports", __name__)

KINDS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "pdf": ("application/pdf", "pdf"),
    "json": ("application/json", "json"),
    "fhir": ("application/fhir+json", "fhir.json"),
}


@bp.get("/notes/<int:note_id>/export.<kind>")
@login_required
def export(note_id: int, kind: str):
    """Download a signed note; drafts are not exported (409)."""
    if kind not in KINDS:
        abort(404)
    note = get_owned(Note, note_id)
    if not note.signed:
        abort(409, description="Only signed notes are exported: sign the note first.")
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
