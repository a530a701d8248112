"""Measure fixtures: ann's client, the real engine where a jotting's scores matter, and posts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, Measure

SCORED = (
    "11/20 50 min. PHQ-9 = 14, GAD-7 12. Anxiety 6/10 before the exposure. "
    "Denies SI/HI. HW: worry log."
)


class Measures:
    """Add and remove measures through the pages' forms (with their CSRF tokens)."""

    def __init__(self, auth) -> None:
        self.auth = auth

    def add_to_note(self, note_id: int, name="PHQ-9", score="14", measured_on=""):
        data = {"name": name, "score": score, "measured_on": measured_on}
        return self.auth.post(f"/notes/{note_id}/measures", data)

    def add_to_record(self, client_id: int, name="PHQ-9", score="14", measured_on="2026-11-02"):
        data = {"name": name, "score": score, "measured_on": measured_on}
        return self.auth.post(f"/clients/{client_id}/measures", data)

    def remove_from_note(self, note_id: int, measure_id: int):
        return self.auth.post(f"/notes/{note_id}/measures/{measure_id}/remove")

    def remove_from_record(self, client_id: int, measure_id: int):
        return self.auth.post(f"/clients/{client_id}/measures/{measure_id}/remove")


@pytest.fixture
def measures(signed_in) -> Measures:
    return Measures(signed_in)


@pytest.fixture
def client_id(signed_in) -> int:
    """A client of ann's (signed in)."""
    return signed_in.add_client("Jo Smith", "C-001")


@pytest.fixture
def real_engine(app, engine):
    """The real pipeline in the app: its measures come from the jotting's words."""
    app.extensions["assistant"] = engine
    return engine


@pytest.fixture
def scored_note(signed_in, real_engine, client_id) -> int:
    """A draft of ann's from SCORED: PHQ-9 14, GAD-7 12 and anxiety 6/10 read by the engine."""
    return signed_in.new_note(client_id, SCORED)


@pytest.fixture
def stored(app):
    """stored(): every measure row as the database holds it, oldest first."""

    def get() -> list[Measure]:
        with app.app_context():
            return list(db.session.scalars(select(Measure).order_by(Measure.id)))

    return get


@pytest.fixture
def events(app):
    """events(*actions): the audit log's events of those actions, oldest first."""

    def get(*actions: str) -> list[AuditEvent]:
        with app.app_context():
            stmt = select(AuditEvent).where(AuditEvent.action.in_(actions))
            return list(db.session.scalars(stmt.order_by(AuditEvent.id)))

    return get
