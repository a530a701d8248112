"""The records refuse what the app must never do: change the audit log or a signed note."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from web.db import db
from web.records import AuditEvent, Note


def test_records_audit_log_is_append_only(app, signed_in, draft):
    with app.app_context():
        event = db.session.scalar(select(AuditEvent))
        event.action = "forged"
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
        for statement in (
            update(AuditEvent).values(action="forged"),
            text("DELETE FROM audit_events"),
        ):
            with pytest.raises(Exception, match="append-only"):
                db.session.execute(statement)
                db.session.commit()
            db.session.rollback()
        assert (
            db.session.scalar(select(AuditEvent.action).where(AuditEvent.id == event.id))
            != "forged"
        )


def test_records_signed_note_cannot_change_even_through_the_orm(app, signed_in, draft):
    signed_in.sign(draft["note_id"])
    with app.app_context():
        note = db.session.get(Note, draft["note_id"])
        note.fields = {**note.fields, "date": "1999-01-01"}
        with pytest.raises(PermissionError, match="signed note cannot change"):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(Note, draft["note_id"]).fields["date"] != "1999-01-01"
