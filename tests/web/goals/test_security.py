"""Goals: another clinician's note is 404 on the panel's post, and goal words are escaped."""

from __future__ import annotations


def test_security_another_users_note_goals_are_404(goals):
    goals.auth.add_user("bob")
    goals.auth.logout()
    assert goals.auth.login("bob").status_code == 302
    response = goals.choose({0: "worse"}, {})
    assert response.status_code == 404
    assert "Improve sleep" not in response.text and "Jo Smith" not in response.text
    page = goals.auth.client.get(f"/notes/{goals.note_id}")
    assert page.status_code == 404 and "Improve sleep" not in page.text
    assert goals.rows() == []


def test_security_goal_and_line_words_are_escaped(signed_in, plans):
    client_id = signed_in.add_client("Al Jones", "C-002")
    plan_id = plans.start(client_id)
    assert (
        plans.add_goal(plan_id, text="Sleep <b>well</b>", objectives="<i>7 hours</i>").status_code
        == 302
    )
    assert plans.sign(plan_id).status_code == 302
    note_id = signed_in.new_note(client_id, "Sleep <b>badly</b> most nights")
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert "Goal 1: Sleep &lt;b&gt;well&lt;/b&gt;" in page and "<b>well</b>" not in page
    assert "&lt;i&gt;7 hours&lt;/i&gt;" in page
    assert 'value="topics:Sleep &lt;b&gt;badly&lt;/b&gt; most nights"' in page
