"""Plans: another clinician's are 404 everywhere, every post needs its CSRF token, text escaped."""

from __future__ import annotations

import pytest

SECRETS = ("Jo Smith", "C-001", "Sleep through the night", "Falls asleep")


@pytest.fixture
def bob(plans, signed_in, client_id):
    """ann has a signed version 1 and a draft version 2 of Jo's plan; bob is signed in."""
    signed_id = plans.signed_plan(client_id)
    draft_id = plans.start(client_id)
    (goal_id,) = plans.goal_ids(draft_id)
    signed_in.add_user("bob")
    signed_in.logout()
    assert signed_in.login("bob").status_code == 302
    return {"client_id": client_id, "signed_id": signed_id, "plan_id": draft_id, "goal_id": goal_id}


@pytest.mark.parametrize("url", ["/plans/{signed_id}", "/plans/{plan_id}", "/plans/{plan_id}/sign"])
def test_security_other_users_plans_are_404_on_get(signed_in, bob, url):
    response = signed_in.client.get(url.format(**bob))
    assert response.status_code == 404
    assert not any(s in response.text for s in SECRETS)


@pytest.mark.parametrize(
    "url",
    [
        "/clients/{client_id}/plans",
        "/plans/{plan_id}/goals",
        "/plans/{plan_id}/goals/{goal_id}",
        "/plans/{plan_id}/goals/{goal_id}/remove",
        "/plans/{plan_id}/sign",
        "/plans/{signed_id}/goals",
    ],
)
def test_security_other_users_plans_are_404_on_post(plans, signed_in, bob, stored, url):
    before = stored(bob["plan_id"])
    data = {**plans.GOAL, "text": "bob was here", "version": before.version, "confirm": "y"}
    response = signed_in.post(url.format(**bob), data)
    assert response.status_code == 404
    assert not any(s in response.text for s in SECRETS)
    after = stored(bob["plan_id"])
    assert (after.status, after.content, after.version) == ("draft", before.content, before.version)
    assert not any(r["text"] == "bob was here" for r in after.content["goals"])


def test_security_other_users_client_shows_no_plan(signed_in, bob):
    response = signed_in.client.get(f"/clients/{bob['client_id']}")
    assert response.status_code == 404
    assert not any(s in response.text for s in SECRETS)


POSTS = [
    "/clients/{client_id}/plans",
    "/plans/{plan_id}/goals",
    "/plans/{plan_id}/goals/{goal_id}",
    "/plans/{plan_id}/goals/{goal_id}/remove",
    "/plans/{plan_id}/sign",
]


@pytest.fixture
def draft_plan(plans, client_id):
    """ann's client with a draft holding one goal."""
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    (goal_id,) = plans.goal_ids(plan_id)
    return {"client_id": client_id, "plan_id": plan_id, "goal_id": goal_id}


@pytest.mark.parametrize("url", POSTS)
@pytest.mark.parametrize("guarded", [True, False], ids=["csrfprotect", "form"])
def test_security_plan_posts_without_csrf_token_are_refused(
    app, plans, draft_plan, stored, url, guarded
):
    before = stored(draft_plan["plan_id"])
    app.config["WTF_CSRF_CHECK_DEFAULT"] = guarded  # False: the form itself must refuse
    data = {**plans.GOAL, "text": "forged", "version": before.version, "confirm": "y"}
    response = plans.auth.client.post(url.format(**draft_plan), data=data)
    assert response.status_code == 400
    assert "The form expired or was not sent from this site" in response.text
    after = stored(draft_plan["plan_id"])
    assert (after.status, after.content, after.version) == ("draft", before.content, before.version)
    assert after.number == 1 and plans.start(draft_plan["client_id"]) == draft_plan["plan_id"]


@pytest.mark.parametrize(
    "url", ["/plans/{plan_id}", "/plans/{plan_id}/sign", "/clients/{client_id}"]
)
def test_security_every_plan_form_carries_a_csrf_token(plans, draft_plan, url):
    page = plans.auth.client.get(url.format(**draft_plan)).text
    posts = page.count('method="post"')
    assert posts >= 2
    assert page.count('name="csrf_token"') == posts


def test_security_goal_text_is_escaped(plans, client_id):
    plan_id = plans.start(client_id)
    evil = "<script>alert('x')</script>"
    plans.add_goal(plan_id, text=evil, objectives=f"<b>{evil}</b>")
    pages = [plans.auth.client.get(f"/plans/{plan_id}").text]
    pages.append(plans.auth.client.get(f"/plans/{plan_id}/sign").text)
    plans.sign(plan_id)
    pages.append(plans.auth.client.get(f"/clients/{client_id}").text)
    pages.append(plans.auth.client.get(f"/plans/{plan_id}").text)
    for page in pages:
        assert "<script>alert" not in page and "<b>&lt;" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_security_plan_audit_details_hold_ids_only(plans, client_id, app):
    from sqlalchemy import select

    from web.db import db
    from web.records import AuditEvent

    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    plans.sign(plan_id, confirm="")
    plans.sign(plan_id)
    with app.app_context():
        details = list(db.session.scalars(select(AuditEvent.detail)))
    words = [*plans.GOAL.values(), "Sleep", "2026-12-01", "Jo Smith", "C-001"]
    assert not any(w in d for d in details for w in words)
