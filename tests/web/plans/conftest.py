"""Plan fixtures: a client of ann's and a helper that drives the plan pages like a browser."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, TreatmentPlan

GOAL = {
    "text": "Sleep through the night",
    "start_date": "2026-12-01",
    "review_date": "2027-03-01",
    "objectives": "Sleeps 7 hours on 5 nights a week\nFalls asleep within 30 minutes",
}


class Plans:
    """Start, write and sign plan versions through their pages (with CSRF tokens)."""

    GOAL = GOAL  # what a goal form posts unless a test says otherwise

    def __init__(self, auth) -> None:
        self.auth = auth

    def start(self, client_id: int) -> int:
        response = self.auth.post(f"/clients/{client_id}/plans")
        assert response.status_code == 302, response.text
        return int(response.location.rsplit("/", 1)[1])

    def version(self, plan_id: int) -> int:
        page = self.auth.client.get(f"/plans/{plan_id}")
        return int(re.search(r'name="version" value="(\d+)"', page.text).group(1))

    def add_goal(self, plan_id: int, **fields):
        data = {**GOAL, "version": self.version(plan_id), **fields}
        return self.auth.post(f"/plans/{plan_id}/goals", data)

    def goal_ids(self, plan_id: int) -> list[int]:
        with self.auth.client.application.app_context():
            plan = db.session.get(TreatmentPlan, plan_id)
            return [g["goal_id"] for g in plan.content["goals"]]

    def change_goal(self, plan_id: int, goal_id: int, **fields):
        data = {**GOAL, "version": self.version(plan_id), **fields}
        return self.auth.post(f"/plans/{plan_id}/goals/{goal_id}", data)

    def sign(self, plan_id: int, **answers):
        data = {"version": self.version(plan_id), "confirm": "y", **answers}
        return self.auth.post(f"/plans/{plan_id}/sign", data)

    def signed_plan(self, client_id: int, **goal) -> int:
        """A first version with one goal, signed."""
        plan_id = self.start(client_id)
        assert self.add_goal(plan_id, **goal).status_code == 302
        assert self.sign(plan_id).status_code == 302
        return plan_id


@pytest.fixture
def plans(signed_in) -> Plans:
    return Plans(signed_in)


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
