"""The Goals panel of a draft: suggestions, the reviewer's choices saved, audited, refused."""

from __future__ import annotations

import re

import pytest

from .conftest import LINES

SLEPT = "topics:Slept 5 hours most nights"
PANIC = "topics:Panic attack at the supermarket"
BREATHING = "homework:paced breathing practice"


def _box(page: str, goal_id: int, key: str) -> str:
    """The checkbox of one line under one goal."""
    found = re.search(
        rf'<input type="checkbox" name="evidence_{goal_id}" value="{key}"[^>]*>', page
    )
    assert found, key
    return found.group()


def _radio(page: str, goal_id: int, value: str) -> str:
    found = re.search(rf'<input type="radio" name="progress_{goal_id}" value="{value}"[^>]*>', page)
    assert found, value
    return found.group()


def test_panel_shows_each_goal_with_its_suggested_lines_ticked(goals):
    page = goals.page()
    sleep, panic, work = goals.ids
    assert "Goal 1: Improve sleep" in page and "Sleeps 7 hours on 5 nights a week" in page
    assert "checked" in _box(page, sleep, SLEPT)
    assert "checked" in _box(page, panic, PANIC) and "checked" in _box(page, panic, BREATHING)
    # a line the engine did not link to a goal is offered among the others, unticked
    assert "checked" not in _box(page, sleep, "topics:Talked about the car")
    assert "checked" not in _box(page, sleep, PANIC)


def test_panel_suggests_not_addressed_only_where_no_line_links(goals):
    page = goals.page()
    sleep, panic, work = goals.ids
    assert "checked" in _radio(page, work, "not_addressed")
    assert "“Not addressed” is suggested" in page
    for goal_id in (sleep, panic):  # never pre-filled otherwise
        assert all("checked" not in _radio(page, goal_id, v) for v in ("better", "same", "worse"))
        assert "checked" not in _radio(page, goal_id, "not_addressed")
    assert goals.rows() == []  # nothing is recorded until the reviewer saves


def test_panel_saves_the_confirmed_evidence_and_progress_and_audits(goals):
    sleep, panic, work = goals.ids
    response = goals.choose({0: "better", 1: "worse", 2: "not_addressed"}, {0: [SLEPT], 1: [PANIC]})
    assert response.status_code == 302 and response.location.endswith("#goals")
    rows = goals.rows()
    assert [(r.goal_id, r.progress) for r in rows] == [
        (sleep, "better"),
        (panic, "worse"),
        (work, "not_addressed"),
    ]
    assert rows[1].evidence == [{"section": "topics", "text": "Panic attack at the supermarket"}]
    # the engine's suggestion is kept beside the choice: the breathing line was unticked
    assert {"section": "homework", "text": "paced breathing practice"} in rows[1].suggested
    assert goals.events()[-1].startswith("goal progress saved: plan")
    assert "Panic" not in goals.events()[-1]  # ids and counts only
    page = goals.page()
    assert "checked" not in _box(page, panic, BREATHING)  # the reviewer's untick holds
    assert "checked" in _radio(page, panic, "worse")
    assert "Reduce panic attacks: worse (evidence: “Panic attack at the supermarket”)" in page


def test_panel_progress_feeds_the_audit_prompt(goals):
    assert "Progress toward 3 of the 3 treatment goals is not recorded" in goals.page()
    goals.choose({0: "better", 1: "same", 2: "not_addressed"}, {})
    page = goals.page()
    assert "treatment goals is not recorded" not in page
    assert "No progress toward treatment goals stated" not in page


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"progress": "improved"}, "Progress for goal 1: choose better, same, worse or not"),
        ({"evidence": "topics:Words the note never held"}, "Evidence for goal 1: a ticked line"),
    ],
)
def test_panel_refuses_a_bad_choice_with_a_sentence(goals, data, words):
    goals.choose({1: "better"}, {})
    before = [(r.goal_id, r.progress, r.evidence) for r in goals.rows()]
    key = {"progress": "progress_", "evidence": "evidence_"}[next(iter(data))]
    response = goals.post({f"{key}{goals.ids[0]}": next(iter(data.values()))})
    assert response.status_code == 400
    assert words in response.text and 'href="#goals"' in response.text
    assert "Traceback" not in response.text
    assert [(r.goal_id, r.progress, r.evidence) for r in goals.rows()] == before


def test_panel_post_needs_its_csrf_token(goals):
    response = goals.auth.client.post(
        f"/notes/{goals.note_id}/goals", data={f"progress_{goals.ids[0]}": "better"}
    )
    assert response.status_code == 400
    assert goals.rows() == []


def test_panel_is_absent_without_a_signed_plan(signed_in):
    client_id = signed_in.add_client("Al Jones", "C-002")
    note_id = signed_in.new_note(client_id, "Slept badly. HW: sleep diary")
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert 'id="goals"' not in page
    assert signed_in.post(f"/notes/{note_id}/goals", {}).status_code == 409


def test_panel_evidence_follows_the_note_lines(goals):
    goals.choose({0: "better"}, {0: [SLEPT]})
    # the reviewer rewrites the line: the old words are no longer evidence in the note
    edited = LINES["topics"].replace("Slept 5 hours most nights", "Slept six hours on 4 nights")
    assert goals.auth.save(goals.note_id, topics=edited, homework=LINES["homework"]).status_code
    page = goals.page()
    assert "Improve sleep: better\n" in page or "Improve sleep: better;" in page
    assert "(evidence: “Slept 5 hours" not in page
    assert [r.progress for r in goals.rows()][0] == "better"  # the choice stays
