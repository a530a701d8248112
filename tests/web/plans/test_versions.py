"""Plan versions: the next starts from the signed one, goals keep their ids, old ones stay."""

from __future__ import annotations


def test_versions_next_starts_from_the_signed_one_with_the_same_goal_ids(
    plans, client_id, stored, events
):
    first = plans.signed_plan(client_id)
    plans.auth.post(f"/plans/{first}/goals", {})  # refused (403): version 1 stays as it was
    second = plans.start(client_id)
    draft = stored(second)
    assert (draft.number, draft.status, draft.based_on_id) == (2, "draft", first)
    assert draft.content == stored(first).content
    assert plans.goal_ids(second) == plans.goal_ids(first)
    assert events("create_plan")[-1].detail == f"plan {second}: version 2 from plan {first}"
    page = plans.auth.client.get(f"/plans/{second}").text
    assert "Draft, started from version 1" in page


def test_versions_editing_the_draft_leaves_the_signed_version_as_signed(plans, client_id, stored):
    first = plans.signed_plan(client_id)
    signed = stored(first)
    second = plans.start(client_id)
    (goal_id,) = plans.goal_ids(second)
    plans.change_goal(second, goal_id, text="Sleep 7 hours", objectives="Sleeps 7h on 6 nights")
    plans.add_goal(second, text="Return to work", objectives="Works 3 half days a week")
    assert stored(first).content == signed.content
    assert stored(first).version == signed.version
    # The plan in force is still version 1 until version 2 is signed.
    page = plans.auth.client.get(f"/clients/{client_id}").text
    assert "Goal 1: Sleep through the night</h3>" in page and "Return to work" not in page
    assert "Version 2 is a draft:" in page


def test_versions_signing_the_next_makes_it_the_plan_in_force(plans, client_id, stored):
    first = plans.signed_plan(client_id)
    second = plans.start(client_id)
    (goal_id,) = plans.goal_ids(second)
    plans.change_goal(second, goal_id, text="Sleep 7 hours")
    plans.add_goal(second, text="Return to work", objectives="Works 3 half days a week")
    assert plans.sign(second).status_code == 302
    page = plans.auth.client.get(f"/clients/{client_id}").text
    assert "Version 2, signed by Ann Example, LCSW" in page
    assert "Goal 1: Sleep 7 hours</h3>" in page and "Goal 2: Return to work</h3>" in page
    assert "Sleep through the night" not in page
    assert f'<a href="/plans/{first}">version 1</a>' in page
    assert "Start version 3 from this plan</button>" in page
    # Version 3 starts from version 2, the last signed one.
    third = plans.start(client_id)
    assert stored(third).based_on_id == second
    assert plans.goal_ids(third)[0] == goal_id


def test_versions_earlier_versions_stay_readable_as_signed(plans, client_id, events):
    first = plans.signed_plan(client_id)
    second = plans.start(client_id)
    (goal_id,) = plans.goal_ids(second)
    plans.change_goal(second, goal_id, text="Sleep 7 hours")
    plans.sign(second)
    page = plans.auth.client.get(f"/plans/{first}")
    assert page.status_code == 200
    text = page.text
    assert "Treatment plan, version 1" in text and "Signed by Ann Example, LCSW at " in text
    assert "Goal 1: Sleep through the night</h3>" in text
    assert "Version 2 replaces this one" in text and f'href="/plans/{second}"' in text
    assert 'method="post" action="/plans/' not in text  # nothing to edit on a signed version
    assert events("view_plan")[-1].detail == f"plan {first}"
    versions = plans.auth.client.get(f"/plans/{second}").text
    assert "<strong>Version 2</strong> (this page)" in versions
    assert '<span class="status signed">in force</span>' in versions
    assert f'<a href="/plans/{first}">Version 1</a>' in versions


def test_versions_a_removed_goal_stays_in_the_version_that_had_it(plans, client_id, stored):
    first = plans.signed_plan(client_id)
    second = plans.start(client_id)
    plans.add_goal(second, text="Return to work", objectives="Works 3 half days a week")
    kept_id, new_id = plans.goal_ids(second)
    plans.auth.post(f"/plans/{second}/goals/{kept_id}/remove", {"version": plans.version(second)})
    assert plans.goal_ids(second) == [new_id]
    assert plans.goal_ids(first) == [kept_id]
    assert new_id != kept_id


def test_versions_goal_ids_are_the_clients_own(plans, signed_in, client_id):
    first = plans.signed_plan(client_id)
    other = signed_in.add_client("Ray Park", "R-9")
    other_plan = plans.start(other)
    plans.add_goal(other_plan)
    assert set(plans.goal_ids(other_plan)).isdisjoint(plans.goal_ids(first))
