"""Plan fixtures: a client of ann's, a plan version as stored, the audit events (`plans`, which
drives the plan pages, is in tests/web/conftest.py: the goal tests use it too)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, TreatmentPlan


@pytest.fixture
def client_id(signed_in) -> int:
    """A client of ann's (signed in)."""
    return signed_in.add_client("Jo Smith", "C-001")


@pytest.fixture
def stored(app):
    """stored(plan_id): the plan version as the database holds it."""

    def get(plan_id: int) -> TreatmentPlan:
        with app.app_context():
            return db.session.get(TreatmentPlan, plan_id)

    return get


@pytest.fixture
def events(app):
    """events(action): the audit log's events of that action, oldest first."""

    def get(action: str) -> list[AuditEvent]:
        with app.app_context():
            stmt = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            return list(db.session.scalars(stmt))

    return get
