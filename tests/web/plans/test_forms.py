"""A goal's checks: each refusal says what is wrong beside the field, and keeps what was typed."""

from __future__ import annotations

import re

import pytest

GOAL_RULE = "Write the goal (up to 500 characters)."
NO_OBJECTIVE = (
    "Objectives: give at least one measurable objective (one a line), e.g. "
    "“Sleeps 7 hours on 5 nights a week”."
)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": "  "}, "text", GOAL_RULE),
        ({"text": "g" * 501}, "text", GOAL_RULE),
        (
            {"text": "Sleep\nSigned by Dr Fake"},
            "text",
            "The goal must be one line of text: remove line breaks, tabs and other control "
            "characters.",
        ),
        ({"start_date": ""}, "start_date", "Start date: give the day the goal starts."),
        (
            {"start_date": "1/12/2026"},
            "start_date",
            "Start date: write the date as YYYY-MM-DD, e.g. 2026-03-14.",
        ),
        (
            {"start_date": "2026-13-01"},
            "start_date",
            "Start date: 2026-13-01 is not a day of the calendar.",
        ),
        ({"start_date": "1899-12-31"}, "start_date", "Start date: 1899-12-31 is before 1900."),
        (
            {"review_date": ""},
            "review_date",
            "Review date: give the day the goal is to be reviewed.",
        ),
        ({"review_date": "2101-01-01"}, "review_date", "Review date: 2101-01-01 is after 2100."),
        (
            {"review_date": "2026-11-30"},
            "review_date",
            "Review date: 2026-11-30 is before the start date 2026-12-01; the review is on the "
            "start date or later.",
        ),
        ({"objectives": ""}, "objectives", NO_OBJECTIVE),
        ({"objectives": "\n  \n"}, "objectives", NO_OBJECTIVE),
        (
            {"objectives": "\n".join(f"Objective {n}" for n in range(11))},
            "objectives",
            "Objectives: a goal holds up to 10 objectives; there are 11.",
        ),
        (
            {"objectives": "Fine\n" + "o" * 301},
            "objectives",
            "Objectives: objective 2 is longer than 300 characters.",
        ),
        (
            {"objectives": "Fine\nSleeps\u202e 7 hours"},
            "objectives",
            "Objectives: objective 2 holds a tab or an invisible control character: remove it.",
        ),
        (
            {"objectives": "Sleeps\t7 hours"},
            "objectives",
            "Objectives: objective 1 holds a tab or an invisible control character: remove it.",
        ),
        (
            {"objectives": "Sleeps\x07 7 hours"},
            "objectives",
            "Objectives holds a control character or broken text (often from a copy-paste); it "
            "is removed below: check the text and send it again.",
        ),
    ],
)
def test_forms_goal_is_refused_with_its_message_and_kept(
    plans, client_id, stored, fields, field, message
):
    plan_id = plans.start(client_id)
    response = plans.add_goal(plan_id, **fields)
    assert response.status_code == 400
    page = response.text.replace("&#39;", "'")
    control = f"goal-new-{field}"
    assert f'<p class="error" role="alert"><a href="#{control}">{message}</a></p>' in page
    assert f'<p class="field-error" id="{control}-error">{message}</p>' in page
    assert re.search(rf'id="{control}"[^>]*aria-describedby="[^"]*{control}-error"', page)
    assert re.search(rf'id="{control}"[^>]*aria-invalid="true"', page)
    assert page.count('aria-invalid="true"') == 1
    typed = {**plans.GOAL, **fields}
    for name in ("text", "start_date", "review_date"):
        assert f'id="goal-new-{name}" name="{name}" value="{typed[name].strip()}"' in page
    kept = typed["objectives"].replace("\x07", "")  # the box drops what no plan can keep
    assert f'">{kept}</textarea>' in page
    assert stored(plan_id).content == {"goals": []}


def test_forms_goal_review_on_the_start_date_is_accepted(plans, client_id, stored):
    plan_id = plans.start(client_id)
    response = plans.add_goal(plan_id, start_date="2026-12-01", review_date="2026-12-01")
    assert response.status_code == 302
    assert stored(plan_id).content["goals"][0]["review_date"] == "2026-12-01"


def test_forms_goal_of_the_largest_sizes_is_kept(plans, client_id, stored):
    plan_id = plans.start(client_id)
    objectives = [f"{n}" + "o" * 299 for n in range(10)]
    response = plans.add_goal(plan_id, text="g" * 500, objectives="\n".join(objectives))
    assert response.status_code == 302
    (goal,) = stored(plan_id).content["goals"]
    assert goal["text"] == "g" * 500 and goal["objectives"] == objectives


def test_forms_a_refused_change_shows_that_goal_as_typed_and_the_others_as_stored(
    plans, client_id, stored
):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    plans.add_goal(plan_id, text="Return to work")
    first, second = plans.goal_ids(plan_id)
    response = plans.change_goal(plan_id, second, text="Typed again", review_date="2000-01-01")
    assert response.status_code == 400
    page = response.text
    assert f'href="#goal-{second}-review_date"' in page
    assert f'id="goal-{first}-text" name="text" value="Sleep through the night"' in page
    assert f'id="goal-{second}-text" name="text" value="Typed again"' in page
    assert f'id="goal-{second}-review_date" name="review_date" value="2000-01-01"' in page
    assert [g["text"] for g in stored(plan_id).content["goals"]] == [
        "Sleep through the night",
        "Return to work",
    ]


def test_forms_a_stale_goal_form_is_refused_with_the_text_kept(plans, client_id, stored):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    (goal_id,) = plans.goal_ids(plan_id)
    old = plans.version(plan_id)
    plans.change_goal(plan_id, goal_id, text="Saved in another tab")
    response = plans.auth.post(
        f"/plans/{plan_id}/goals/{goal_id}", {**plans.GOAL, "version": old, "text": "This tab"}
    )
    assert response.status_code == 409
    assert "This plan was changed elsewhere since you opened it." in response.text
    assert 'value="This tab"' in response.text
    assert stored(plan_id).content["goals"][0]["text"] == "Saved in another tab"
    # The page now carries the current version: sending it again saves the kept text.
    current = plans.version(plan_id)
    again = plans.auth.post(
        f"/plans/{plan_id}/goals/{goal_id}", {**plans.GOAL, "version": current, "text": "This tab"}
    )
    assert again.status_code == 302
    assert stored(plan_id).content["goals"][0]["text"] == "This tab"


def test_forms_a_stale_sign_is_refused(plans, client_id, stored):
    plan_id = plans.start(client_id)
    plans.add_goal(plan_id)
    old = plans.version(plan_id)
    plans.add_goal(plan_id, text="Added in another tab")
    response = plans.auth.post(f"/plans/{plan_id}/sign", {"version": old, "confirm": "y"})
    assert response.status_code == 409
    assert "changed elsewhere since you opened this page" in response.text
    assert "Added in another tab" in response.text  # the page shows what would be signed now
    assert stored(plan_id).status == "draft"
