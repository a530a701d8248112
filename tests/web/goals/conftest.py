"""Goal fixtures: ann's client with a signed plan of three goals, a draft, and the panel's post."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, Note, NoteGoal

# The stub engine makes each sentence a topic and "HW:" homework; the suggester links by words.
JOTTING = (
    "Slept 5 hours most nights. Panic attack at the supermarket. Talked about the car. "
    "HW: paced breathing practice"
)
LINES = {
    "topics": "Slept 5 hours most nights\nPanic attack at the supermarket\nTalked about the car",
    "homework": "paced breathing practice",
}
GOALS = [
    ("Improve sleep", "Sleeps 7 hours on 5 nights a week"),
    ("Reduce panic attacks", "Uses paced breathing when panic starts"),
    ("Find part-time work", "Sends two job applications"),
]


class Goals:
    """The draft's Goals panel driven like a browser, and what the database holds."""

    def __init__(self, auth, app, note_id: int, client_id: int, goal_ids: list[int]) -> None:
        self.auth, self.app = auth, app
        self.note_id, self.client_id, self.ids = note_id, client_id, goal_ids

    def page(self) -> str:
        response = self.auth.client.get(f"/notes/{self.note_id}")
        assert response.status_code == 200
        return response.text

    def post(self, data: dict | None = None, **kwargs):
        return self.auth.post(f"/notes/{self.note_id}/goals", data or {}, **kwargs)

    def choose(self, progress: dict[int, str], evidence: dict[int, list[str]]):
        """Post progress and evidence ("section:line") by goal position (0, 1, 2)."""
        data: dict = {}
        for k, value in progress.items():
            data[f"progress_{self.ids[k]}"] = value
        for k, keys in evidence.items():
            data[f"evidence_{self.ids[k]}"] = keys
        return self.post(data)

    def rows(self) -> list[NoteGoal]:
        with self.app.app_context():
            stmt = select(NoteGoal).where(NoteGoal.note_id == self.note_id)
            return list(db.session.scalars(stmt.order_by(NoteGoal.position)))

    def note(self) -> Note:
        with self.app.app_context():
            return db.session.get(Note, self.note_id)

    def events(self, action: str = "edit") -> list[str]:
        with self.app.app_context():
            stmt = select(AuditEvent).where(
                AuditEvent.action == action, AuditEvent.note_id == self.note_id
            )
            return [e.detail for e in db.session.scalars(stmt.order_by(AuditEvent.id))]


@pytest.fixture
def goals(app, signed_in, plans) -> Goals:
    """ann's client with a signed plan of GOALS, and a draft of JOTTING."""
    client_id = signed_in.add_client("Jo Smith", "C-001")
    plan_id = plans.start(client_id)
    for text, objective in GOALS:
        assert plans.add_goal(plan_id, text=text, objectives=objective).status_code == 302
    assert plans.sign(plan_id).status_code == 302
    note_id = signed_in.new_note(client_id, JOTTING)
    return Goals(signed_in, app, note_id, client_id, plans.goal_ids(plan_id))
