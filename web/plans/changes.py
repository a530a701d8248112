"""What changes a treatment plan, without the pages: start a version, edit its goals, sign it.

Each helper adds to the session and to the audit log (ids only, never the plan's words); the
view commits.
"""

from __future__ import annotations

from sqlalchemy import func, select

from .. import auditlog
from ..db import db
from ..records import Client, TreatmentGoal, TreatmentPlan, User, utcnow
from . import content
from .content import Goal


def versions(client: Client) -> list[TreatmentPlan]:
    """Every version of the client's plan, newest first."""
    stmt = select(TreatmentPlan).where(TreatmentPlan.client_id == client.id)
    return list(db.session.scalars(stmt.order_by(TreatmentPlan.number.desc())))


def current(plans: list[TreatmentPlan]) -> TreatmentPlan | None:
    """The plan in force: the newest signed version of `plans` (newest first)."""
    return next((p for p in plans if p.signed), None)


def open_draft(plans: list[TreatmentPlan]) -> TreatmentPlan | None:
    """The version being written, if any (a client has one at most)."""
    return next((p for p in plans if not p.signed), None)


def start_version(client: Client, author: User) -> TreatmentPlan:
    """A new draft: a copy of the plan in force (its goals keep their ids), else an empty plan.

    Args:
        client: the client (who has no open draft: the database refuses a second one).
        author: the clinician starting it.
    Returns:
        The draft, flushed (it has its id).
    """
    base = current(versions(client))
    last = db.session.scalar(
        select(func.max(TreatmentPlan.number)).where(TreatmentPlan.client_id == client.id)
    )
    plan = TreatmentPlan(
        client_id=client.id,
        number=(last or 0) + 1,
        status="draft",
        content=content.with_goals(content.goals(base.content) if base else []),
        author_id=author.id,
        based_on_id=base.id if base else None,
    )
    plan.client = client
    db.session.add(plan)
    db.session.flush()
    detail = f"plan {plan.id}: version {plan.number}"
    detail += f" from plan {base.id}" if base else ""
    auditlog.record("create_plan", client_id=client.id, detail=detail)
    return plan


def _store(plan: TreatmentPlan, new_content: dict, what: str) -> None:
    plan.content = new_content
    plan.updated_at = utcnow()
    auditlog.record("edit_plan", client_id=plan.client_id, detail=f"plan {plan.id}: {what}")


def add_goal(plan: TreatmentPlan, goal: Goal) -> Goal:
    """Add `goal` to the draft under a new lasting id (its `goal_id` is ignored); the goal."""
    identity = TreatmentGoal(client_id=plan.client_id)
    db.session.add(identity)
    db.session.flush()
    goal = Goal(identity.id, goal.text, goal.start_date, goal.review_date, goal.objectives)
    _store(plan, content.added(plan.content, goal), f"added goal {goal.goal_id}")
    return goal


def change_goal(plan: TreatmentPlan, goal: Goal) -> None:
    """Put `goal` in place of the draft's goal with the same id."""
    _store(plan, content.changed(plan.content, goal), f"changed goal {goal.goal_id}")


def remove_goal(plan: TreatmentPlan, goal_id: int) -> None:
    """Take the goal out of the draft (earlier versions keep it; its id is never reused)."""
    _store(plan, content.removed(plan.content, goal_id), f"removed goal {goal_id}")


def sign(plan: TreatmentPlan, signer: User) -> None:
    """Freeze the version, with the signer's name, credentials and time zone as they are now."""
    plan.status = "signed"
    plan.signed_at = utcnow()
    plan.signed_name = signer.full_name
    plan.signed_credentials = signer.credentials
    plan.signed_time_zone = signer.time_zone
    goals = content.goals(plan.content)
    auditlog.record(
        "sign_plan",
        client_id=plan.client_id,
        detail=f"plan {plan.id}: version {plan.number}, {len(goals)} goal(s)",
    )


def refusal(plan: TreatmentPlan, *, signer_name: str, confirmed: bool) -> tuple[str, str] | None:
    """Why the version cannot be signed as submitted, or None when it can.

    Args:
        plan: the draft.
        signer_name: the signing account's full name.
        confirmed: whether the confirmation box was ticked.
    Returns:
        (reason id for the audit log, the sentence the clinician reads), or None.
    """
    if not content.goals(plan.content):
        return "no_goals", (
            "This plan has no goals, so it cannot be signed: add at least one goal with its "
            "objectives first."
        )
    if not signer_name.strip():
        return "no_full_name", (
            "Your account has no full name, and a signature records it: "
            "add it on your profile page, then sign."
        )
    if not confirmed:
        return "unconfirmed", "Tick the confirmation to sign the plan."
    return None
