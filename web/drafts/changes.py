"""What changes a draft, without the pages: void it, move it. Each is audited; the view commits."""

from __future__ import annotations

from sqlalchemy import select

from .. import auditlog
from ..db import db
from ..records import Client, Note, User, utcnow


def unsigned(author: User) -> list[Note]:
    """The author's drafts, last saved first (voided ones are gone)."""
    return list(
        db.session.scalars(
            select(Note)
            .where(Note.author_id == author.id, Note.status == "draft")
            .order_by(Note.updated_at.desc(), Note.id.desc())
        )
    )


def void(note: Note, by: User, reason: str) -> None:
    """Take a draft out of every list; the row stays, with who voided it, when and why."""
    note.status = "voided"
    note.voided_at = utcnow()
    note.voided_by_id = by.id
    note.void_reason = reason
    # The reason may name the client; the log says only that a reason was given.
    auditlog.record("void", note_id=note.id, client_id=note.client_id, detail="draft voided")


def move(note: Note, client: Client) -> None:
    """File a draft under another of its author's clients (its homework links to the first
    client's last note no longer hold: the review page and the timeline drop them)."""
    before = note.client_id
    note.client_id = client.id
    note.previous_note_id = None
    note.previous_note = None
    note.client = client
    note.updated_at = utcnow()
    auditlog.record(
        "move", note_id=note.id, client_id=client.id, detail=f"moved from client {before}"
    )
