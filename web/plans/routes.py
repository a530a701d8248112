"""Treatment plans: start a version, write its goals, sign it; read every version."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .. import auditlog
from ..db import db
from ..records import Client, TreatmentPlan
from ..security import get_owned, login_required
from . import changes, content
from .forms import GoalForm, PlanSignForm, RemoveGoalForm, StartPlanForm

bp = Blueprint("plans", __name__, template_folder="templates")

STALE = (
    "This plan was changed elsewhere since you opened it. Your text is kept below; "
    "press the button again to save it over the other change."
)
NEW = "new"  # the key of the Add a goal form on the page


@bp.post("/clients/<int:client_id>/plans")
@login_required
def start(client_id: int):
    """Open the next version as a draft, from the plan in force (or the client's first plan)."""
    client = get_owned(Client, client_id)
    StartPlanForm().validate()  # a bad CSRF token raises CSRFError (web/forms.py)
    draft = changes.open_draft(changes.versions(client))
    if draft is None:
        try:
            draft = changes.start_version(client, g.user)
            db.session.commit()
        except IntegrityError:  # another post opened one at the same moment: use that one
            db.session.rollback()
            draft = changes.open_draft(changes.versions(client))
            if draft is None:
                raise
        else:
            flash(f"Version {draft.number} started as a draft.")
            return redirect(url_for("plans.show", plan_id=draft.id))
    flash(f"Version {draft.number} is already a draft: go on writing it.")
    return redirect(url_for("plans.show", plan_id=draft.id))


def page(
    plan: TreatmentPlan,
    *,
    typed: dict[object, GoalForm] | None = None,
    error: str | None = None,
    error_for: str | None = None,
    status: int = 200,
):
    """A plan version: a signed one to read, a draft with a form per goal and one to add a goal.

    `typed` holds the forms of a refused post (by goal id, or NEW), shown as they were sent.
    """
    typed = typed or {}
    goals = content.goals(plan.content)
    versions = changes.versions(plan.client)
    forms = {g.goal_id: typed.get(g.goal_id) or GoalForm.of(g, plan.version) for g in goals}
    return render_template(
        "plans/plan.html",
        plan=plan,
        client=plan.client,
        goals=goals,
        forms=forms,
        new_form=typed.get(NEW) or GoalForm(formdata=None),
        max_goals=content.MAX_GOALS,
        in_force=changes.current(versions),
        versions=versions,
        error=error,
        error_for=error_for,
    ), status


@bp.get("/plans/<int:plan_id>")
@login_required
def show(plan_id: int):
    """A version of the plan: a draft to write, or a signed one as it was signed."""
    plan = get_owned(TreatmentPlan, plan_id)
    auditlog.record("view_plan", client_id=plan.client_id, detail=f"plan {plan.id}")
    db.session.commit()
    return page(plan)


def editable(plan_id: int) -> TreatmentPlan:
    """The signed-in user's plan version, still a draft (403, logged, once signed)."""
    plan = get_owned(TreatmentPlan, plan_id)
    if plan.signed:
        auditlog.record(
            "edit_plan_refused", client_id=plan.client_id, detail=f"plan {plan.id} is signed"
        )
        db.session.commit()
        abort(
            403,
            description="This version of the plan is signed and can no longer change: "
            "start a new version from it on the client's page.",
        )
    return plan


def _goal_of(plan: TreatmentPlan, goal_id: int) -> content.Goal:
    """The draft's goal `goal_id`; 404 when this version does not hold it."""
    goal = content.find(plan.content, goal_id)
    if goal is None:
        abort(404)
    return goal


def _refused(plan: TreatmentPlan, form: GoalForm | RemoveGoalForm, key: object):
    """The plan page (409 stale, 400 invalid) with the form as sent, or None to go ahead."""
    valid = form.validate()  # a bad CSRF token raises CSRFError (web/forms.py)
    typed = {key: form} if isinstance(form, GoalForm) else {}
    if form.is_stale(plan.version):
        return page(plan, typed=typed, error=STALE, error_for=f"goal-{key}", status=409)
    if not valid:
        field = form.first_error_field()
        anchor = f"goal-{key}-{field}" if field else f"goal-{key}"
        return page(plan, typed=typed, error=form.first_error(), error_for=anchor, status=400)
    return None


def _saved(
    plan: TreatmentPlan, form: GoalForm | RemoveGoalForm, key: object, anchor: str, message: str
):
    """Commit, say `message` and go back to `anchor`; a save that raced another one is shown
    again with its text (409)."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        fresh = get_owned(TreatmentPlan, plan.id)
        typed = {key: form} if isinstance(form, GoalForm) else {}
        return page(fresh, typed=typed, error=STALE, error_for=f"goal-{key}", status=409)
    flash(message)
    return redirect(url_for("plans.show", plan_id=plan.id) + anchor)


@bp.post("/plans/<int:plan_id>/goals")
@login_required
def add_goal(plan_id: int):
    """Add a goal, with its dates and objectives, to the draft."""
    plan = editable(plan_id)
    form = GoalForm()
    refused = _refused(plan, form, NEW)
    if refused:
        return refused
    if len(content.goals(plan.content)) >= content.MAX_GOALS:
        return page(
            plan,
            typed={NEW: form},
            error=f"A plan holds up to {content.MAX_GOALS} goals: remove one to add another.",
            status=400,
        )
    goal = changes.add_goal(plan, form.goal(0))
    return _saved(plan, form, NEW, f"#goal-{goal.goal_id}", "Goal added.")


@bp.post("/plans/<int:plan_id>/goals/<int:goal_id>")
@login_required
def change_goal(plan_id: int, goal_id: int):
    """Save a goal of the draft as typed."""
    plan = editable(plan_id)
    _goal_of(plan, goal_id)
    form = GoalForm()
    refused = _refused(plan, form, goal_id)
    if refused:
        return refused
    changes.change_goal(plan, form.goal(goal_id))
    return _saved(plan, form, goal_id, f"#goal-{goal_id}", "Goal saved.")


@bp.post("/plans/<int:plan_id>/goals/<int:goal_id>/remove")
@login_required
def remove_goal(plan_id: int, goal_id: int):
    """Take a goal out of the draft (the versions signed before keep it)."""
    plan = editable(plan_id)
    _goal_of(plan, goal_id)
    form = RemoveGoalForm()
    refused = _refused(plan, form, goal_id)
    if refused:
        return refused
    changes.remove_goal(plan, goal_id)
    return _saved(plan, form, goal_id, "#goals", "Goal removed from this draft.")


def _sign_page(plan: TreatmentPlan, form: PlanSignForm, *, error: str | None = None, status=200):
    return render_template(
        "plans/sign.html",
        plan=plan,
        client=plan.client,
        goals=content.goals(plan.content),
        form=form,
        error=error,
    ), status


@bp.route("/plans/<int:plan_id>/sign", methods=["GET", "POST"])
@login_required
def sign(plan_id: int):
    """GET: the version as it will be signed and the confirmation; POST: sign it."""
    plan = editable(plan_id)
    if request.method == "GET":
        return _sign_page(plan, PlanSignForm(formdata=None, version=plan.version))
    form = PlanSignForm()
    valid = form.validate()  # a bad CSRF token raises CSRFError (web/forms.py)
    if form.is_stale(plan.version):
        error = (
            "This plan was changed elsewhere since you opened this page: check it below, then sign."
        )
        return _sign_page(plan, form, error=error, status=409)
    if not valid:
        return _sign_page(plan, form, error=form.first_error(), status=400)
    refusal = changes.refusal(plan, signer_name=g.user.full_name, confirmed=form.confirm.data)
    if refusal:
        auditlog.record(
            "sign_plan_refused",
            client_id=plan.client_id,
            detail=f"plan {plan.id}: {refusal[0]}",
        )
        db.session.commit()
        return _sign_page(plan, form, error=refusal[1], status=400)
    changes.sign(plan, g.user)
    db.session.commit()
    flash(
        f"Treatment plan version {plan.number} signed: it is the plan in force and can no "
        "longer change."
    )
    return redirect(url_for("clients.show", client_id=plan.client_id) + "#plan")
