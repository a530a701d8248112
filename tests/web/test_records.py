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


def _plan(client_id: int, author_id: int, number: int, status: str = "draft"):
    from web.records import TreatmentPlan

    return TreatmentPlan(
        client_id=client_id, author_id=author_id, number=number, status=status, content={}
    )


def test_records_a_client_has_at_most_one_draft_plan(app, signed_in, draft):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        db.session.add(_plan(draft["client_id"], 1, 1))
        db.session.commit()
        db.session.add(_plan(draft["client_id"], 1, 2))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        # A signed version beside the draft is the normal case.
        db.session.add(_plan(draft["client_id"], 1, 2, status="signed"))
        db.session.commit()


def test_records_a_plan_version_number_is_unique_per_client(app, signed_in, draft):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        db.session.add(_plan(draft["client_id"], 1, 1, status="signed"))
        db.session.commit()
        db.session.add(_plan(draft["client_id"], 1, 1))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_records_signed_plan_cannot_change_or_go_through_the_orm(app, signed_in, draft):
    from web.records import TreatmentPlan

    with app.app_context():
        db.session.add(_plan(draft["client_id"], 1, 1, status="signed"))
        db.session.commit()
        plan = db.session.scalar(select(TreatmentPlan))
        plan.content = {"goals": []}
        with pytest.raises(PermissionError, match="signed treatment plan cannot change"):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalar(select(TreatmentPlan)))
        with pytest.raises(PermissionError, match="signed treatment plan cannot change"):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(TreatmentPlan)).content == {}
