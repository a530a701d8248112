"""Treatment plans: a draft's goals, signing, versions that start from the signed one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web.db import db
from web.records import TreatmentGoal, TreatmentPlan, User

GOAL_TEXT = "Sleep through the night"


def test_plans_client_page_offers_the_first_plan(signed_in, client_id):
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert "No signed treatment plan yet." in page
    assert "Start a treatment plan</button>" in page


def test_plans_start_opens_an_empty_draft_and_logs_it(app, plans, client_id, stored, events):
    plan_id = plans.start(client_id)
    plan = stored(plan_id)
    assert (plan.number, plan.status, plan.content, plan.based_on_id) == (
        1,
        "draft",
        {"goals": []},
        None,
    )
    page = plans.auth.client.get(f"/plans/{plan_id}").text
    assert "Treatment plan, version 1" in page and "No goals yet" in page
    assert [e.detail for e in events("create_plan")] == [f"plan {plan_id}: version 1"]
    assert [e.client_id for e in events("create_plan")] == [client_id]


def test_plans_start_twice_keeps_one_draft(plans, client_id):
    first = plans.start(client_id)
    assert plans.start(client_id) == first
    page = plans.auth.client.get(f"/plans/{first}").text
    assert "Version 1 is already a draft: go on writing it." in page
    client_page = plans.auth.client.get(f"/clients/{client_id}").text
    assert "Version 1 is a draft:" in client_page and "Start a treatment plan" not in client_page


def test_plans_add_goal_stores_it_under_a_lasting_id(app, plans, client_id, stored, events):
    plan_id = plans.start(client_id)
    response = plans.add_goal(plan_id)
    goal_ids = plans.goal_ids(plan_id)
    assert response.status_code == 302 and response.location.endswith(f"#goal-{goal_ids[0]}")
    goal = stored(plan_id).content["goals"][0]
    assert goal == {
        "goal_id": goal_ids[0],
        "text": GOAL_TEXT,
        "start_date": "2026-12-01",
        "review_date": "2027-03-01",
        "objectives": ["Sleeps 7 hours on 5 nights a week", "Falls asleep within 30 minutes"],
    }
    with app.app_context():
        identity = db.session.get(TreatmentGoal, goal_ids[0])
        assert identity.client_id == client_id
    page = plans.auth.client.get(f"/plans/{plan_id}").text
    assert f'value="{GOAL_TEXT}"' in page and "Falls asleep within 30 minutes</textarea>" in page
    assert "Goal added." in page
    assert [e.detail for e in events("edit_plan")] == [f"plan {plan_id}: added goal {goal_ids[0]}"]


def test_plans_objectives_drop_blank_lines_and_spaces(plans, client_id, stored):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id, objectives="\n  Walks 20 minutes daily  \n\n\nLogs mood each evening\n")
    objectives = stored(plan_id).content["goals"][0]["objectives"]
    assert objectives == ["Walks 20 minutes daily", "Logs mood each evening"]


def test_plans_change_goal_in_place(plans, client_id, stored, events):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    plans.add_goal(plan_id, text="Return to work", objectives="Works 3 half days a week")
    first, second = plans.goal_ids(plan_id)
    response = plans.change_goal(
        plan_id, first, text="Sleep 7 hours", review_date="2027-06-01", objectives="Sleeps 7h"
    )
    assert response.status_code == 302
    goals = stored(plan_id).content["goals"]
    assert [g["goal_id"] for g in goals] == [first, second]  # the order and the ids hold
    assert (goals[0]["text"], goals[0]["review_date"], goals[0]["objectives"]) == (
        "Sleep 7 hours",
        "2027-06-01",
        ["Sleeps 7h"],
    )
    assert goals[1]["text"] == "Return to work"
    assert events("edit_plan")[-1].detail == f"plan {plan_id}: changed goal {first}"


def test_plans_remove_goal(plans, client_id, stored, events):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    plans.add_goal(plan_id, text="Return to work")
    first, second = plans.goal_ids(plan_id)
    response = plans.auth.post(
        f"/plans/{plan_id}/goals/{first}/remove", {"version": plans.version(plan_id)}
    )
    assert response.status_code == 302
    assert plans.goal_ids(plan_id) == [second]
    assert events("edit_plan")[-1].detail == f"plan {plan_id}: removed goal {first}"
    # The removed goal is no longer this draft's: changing it is a 404.
    assert plans.change_goal(plan_id, first).status_code == 404


def test_plans_a_goal_of_another_version_is_404_on_this_one(plans, client_id):
    plan_id = plans.start(client_id)
    assert plans.change_goal(plan_id, 12345).status_code == 404
    response = plans.auth.post(f"/plans/{plan_id}/goals/12345/remove", {"version": 1})
    assert response.status_code == 404


def test_plans_a_plan_holds_at_most_20_goals(app, plans, client_id, stored):
    plan_id = plans.start(client_id)
    goal = {
        "text": "g",
        "start_date": "2026-12-01",
        "review_date": "2026-12-01",
        "objectives": ["o"],
    }
    with app.app_context():
        plan = db.session.get(TreatmentPlan, plan_id)
        plan.content = {"goals": [{**goal, "goal_id": n} for n in range(1, 21)]}
        db.session.commit()
    response = plans.add_goal(plan_id, text="One too many")
    assert response.status_code == 400
    assert "A plan holds up to 20 goals: remove one to add another." in response.text
    assert len(stored(plan_id).content["goals"]) == 20


def test_plans_sign_page_shows_the_plan_and_asks_for_the_tick(plans, client_id, stored):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    page = plans.auth.client.get(f"/plans/{plan_id}/sign").text
    assert "Version 1: 1 goal(s)" in page
    assert f"Goal 1: {GOAL_TEXT}</h3>" in page and "<li>Falls asleep within 30 minutes</li>" in page
    assert 'name="confirm" value="y" required' in page
    assert "sign version 1 as Ann Example, LCSW." in page
    assert stored(plan_id).status == "draft"


def test_plans_sign_records_the_signature_and_shows_the_plan_in_force(
    plans, client_id, stored, events
):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    response = plans.sign(plan_id)
    assert response.status_code == 302
    assert response.location.endswith(f"/clients/{client_id}#plan")
    plan = stored(plan_id)
    assert plan.status == "signed" and plan.signed_at is not None
    assert (plan.signed_name, plan.signed_credentials, plan.signed_time_zone) == (
        "Ann Example",
        "LCSW",
        "UTC",
    )
    assert [e.detail for e in events("sign_plan")] == [f"plan {plan_id}: version 1, 1 goal(s)"]
    page = plans.auth.client.get(f"/clients/{client_id}").text
    assert "Version 1, signed by Ann Example, LCSW at " in page
    assert f"Goal 1: {GOAL_TEXT}</h3>" in page
    assert "Start 2026-12-01 · review 2027-03-01" in page
    assert "<li>Sleeps 7 hours on 5 nights a week</li>" in page
    assert "Start version 2 from this plan</button>" in page


def test_plans_sign_needs_the_tick(plans, client_id, stored, events):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    response = plans.sign(plan_id, confirm="")
    assert response.status_code == 400
    assert "Tick the confirmation to sign the plan." in response.text
    assert stored(plan_id).status == "draft"
    assert [e.detail for e in events("sign_plan_refused")] == [f"plan {plan_id}: unconfirmed"]


def test_plans_sign_without_a_full_name_sends_to_the_profile(app, plans, client_id, stored):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    with app.app_context():
        db.session.scalar(select(User)).full_name = ""
        db.session.commit()
    response = plans.sign(plan_id)
    assert response.status_code == 400
    assert "Your account has no full name, and a signature records it" in response.text
    assert 'href="/profile"' in response.text
    assert stored(plan_id).status == "draft"


def test_plans_sign_an_empty_plan_is_refused(plans, client_id, stored, events):
    plan_id = plans.start(client_id)
    page = plans.auth.client.get(f"/plans/{plan_id}/sign").text
    assert "This plan has no goals, so it cannot be signed." in page
    assert '<button type="submit" class="sign" disabled>' in page
    response = plans.sign(plan_id)
    assert response.status_code == 400
    assert "This plan has no goals, so it cannot be signed: add at least one goal" in response.text
    assert stored(plan_id).status == "draft"
    assert [e.detail for e in events("sign_plan_refused")] == [f"plan {plan_id}: no_goals"]


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("post", "/plans/{plan_id}/goals", {"text": "New goal"}),
        ("post", "/plans/{plan_id}/goals/{goal_id}", {"text": "Rewritten"}),
        ("post", "/plans/{plan_id}/goals/{goal_id}/remove", {}),
        ("post", "/plans/{plan_id}/sign", {"confirm": "y"}),
        ("get", "/plans/{plan_id}/sign", None),
    ],
)
def test_plans_a_signed_version_cannot_change(plans, client_id, stored, events, method, url, data):
    plan_id = plans.signed_plan(client_id)
    before = stored(plan_id)
    (goal_id,) = plans.goal_ids(plan_id)
    target = url.format(plan_id=plan_id, goal_id=goal_id)
    if method == "get":
        response = plans.auth.client.get(target)
    else:
        response = plans.auth.post(target, {**plans.GOAL, "version": before.version, **data})
    assert response.status_code == 403
    assert "This version of the plan is signed and can no longer change" in response.text
    after = stored(plan_id)
    assert (after.content, after.signed_at, after.version) == (
        before.content,
        before.signed_at,
        before.version,
    )
    assert [e.detail for e in events("edit_plan_refused")] == [f"plan {plan_id} is signed"]
