"""Clients: add, list, search by name or code, and the timeline."""

from __future__ import annotations

import re

import pytest


def test_clients_add_and_list(signed_in):
    signed_in.add_client("Jo Smith", "C-001")
    page = signed_in.client.get("/clients")
    assert page.status_code == 200
    assert "Jo Smith" in page.text and "C-001" in page.text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("smi", "Jo Smith", "Ray Park"),
        ("R-9", "Ray Park", "Jo Smith"),
        ("PARK", "Ray Park", "Jo Smith"),
    ],
)
def test_clients_search_by_name_or_code(signed_in, query, shown, hidden):
    signed_in.add_client("Jo Smith", "C-001")
    signed_in.add_client("Ray Park", "R-9")
    page = signed_in.client.get("/clients", query_string={"q": query})
    assert f">{shown}</a>" in page.text and f">{hidden}</a>" not in page.text


def test_clients_search_treats_wildcards_literally(signed_in):
    signed_in.add_client("Jo Smith", "C-001")
    page = signed_in.client.get("/clients", query_string={"q": "%"})
    assert ">Jo Smith</a>" not in page.text and "No client matches" in page.text


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [("", "C-1", "name"), ("Jo", "", "code"), ("Jo", "C-001", "already have a client")],
)
def test_clients_add_rejects_bad_input_and_keeps_it(signed_in, name, code, message):
    signed_in.add_client("Jo Smith", "C-001")
    response = signed_in.post("/clients/new", {"name": name, "code": code})
    assert response.status_code == 400
    assert message in response.text
    if name:
        assert f'value="{name}"' in response.text


def test_clients_belong_to_their_therapist(signed_in):
    signed_in.add_client("Jo Smith", "C-001")
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    assert "Jo Smith" not in signed_in.client.get("/clients").text  # not even in a message
    # The same code is free for another therapist.
    signed_in.add_client("Other Person", "C-001")


def test_clients_timeline_lists_notes_homework_followup_quotes_and_risk(signed_in):
    client_id = signed_in.add_client()
    first = signed_in.new_note(client_id, "Work stress. HW: sleep diary")
    signed_in.save(
        first,
        date="2026-11-01",
        topics="Work stress",
        homework="sleep diary",
        quotes="I never sleep",
    )
    second = signed_in.new_note(client_id, "Reviewed diary. HW: breathing practice")
    signed_in.save(
        second,
        date="2026-11-08",
        topics="Reviewed sleep diary",
        homework="breathing practice",
        risk="passive SI, no plan\ndenies HI",
    )
    page = signed_in.client.get(f"/clients/{client_id}")
    assert page.status_code == 200
    text = page.text
    timeline = text.split('<h2 id="timeline-h">', 1)[1]
    assert timeline.index("2026-11-08") < timeline.index("2026-11-01")  # newest first
    assert 'sleep diary <span class="hw reviewed">reviewed</span>' in text
    assert 'breathing practice <span class="hw no-later-note">no later note</span>' in text
    assert "<q>I never sleep</q>" in text
    assert '<span class="risk-status not_assessed">Risk not assessed</span>' in text
    assert '<span class="risk-status current">Current risk</span>' in text
    # passive ideation is reported risk (only a plan is absent); the denial is shown, not open
    assert (
        '<span class="assertion denied">denied<span class="sr-only">:</span></span> denies HI'
        in text
    )
    assert '<dt>Open risk</dt><dd class="risk">passive SI, no plan</dd>' in text


def test_clients_timeline_carries_open_risk_until_denied(signed_in):
    client_id = signed_in.add_client()
    dates_and_risk = [
        ("2026-11-01", "reports passive thoughts of death"),
        ("2026-11-08", ""),
        ("2026-11-15", "SI is gone this week"),
    ]
    for date, risk in dates_and_risk:
        signed_in.save(signed_in.new_note(client_id, "Talked."), date=date, risk=risk)
    text = signed_in.client.get(f"/clients/{client_id}").text
    entries = text.split('<li class="entry"')[1:][::-1]  # newest first on the page
    assert '<dd class="risk">reports passive thoughts of death</dd>' in entries[0]
    assert (
        '<dd class="risk">reports passive thoughts of death '
        '<span class="meta">(stated 2026-11-01, not closed since)</span></dd>'
    ) in entries[1]
    assert "Open risk" not in entries[2]
    assert "Risk asked about and denied" in entries[2]


def test_clients_timeline_of_missing_client_is_404(signed_in):
    assert signed_in.client.get("/clients/999").status_code == 404


def _entries(page: str) -> list[str]:
    """The timeline's entries on the client's page, in page order."""
    timeline = page[page.index('<ol class="timeline"') :]
    return timeline.split('<li class="entry"')[1:]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_clients_timeline_three_signed_sessions_newest_first(signed_in):
    client_id = signed_in.add_client()
    s = signed_in.signed_session
    s(
        client_id,
        "Work worries. HW: sleep diary",
        "2026-11-01",
        [("PHQ-9", "14"), ("GAD-7", "12")],
        topics="work stress",
        interventions="Cognitive restructuring of work worries",
        client_response="engaged, named two thoughts",
        homework="sleep diary",
        risk="denies SI",
    )
    s(
        client_id,
        "Reviewed sleep diary. HW: thought record",
        "2026-11-08",
        [("PHQ-9", "11")],
        topics="stress at work",
        homework="thought record",
        risk="reports passive SI, no plan",
    )
    s(
        client_id,
        "Didn't do thought record. HW: walk daily",
        "2026-11-15",
        [("PHQ-9", "9")],
        topics="fear of lifts",
        interventions="Exposure to the lift",
        homework="walk daily",
    )
    page = signed_in.client.get(f"/clients/{client_id}").text
    entries = _entries(page)
    assert [re.search(r'<span class="day">([^<]+)', e).group(1) for e in entries] == [
        "2026-11-15",
        "2026-11-08",
        "2026-11-01",
    ]
    # each note folds; the newest is open
    assert [e.split(">", 2)[1].strip() for e in entries] == [
        "<details open",
        "<details",
        "<details",
    ]
    newest, middle, oldest = map(_text, entries)
    assert "Homework walk daily no later note" in newest
    assert "Interventions Exposure to the lift (Exposure therapy)" in newest
    assert "Measures PHQ-9 9/27" in newest
    # the homework's status comes from the link the next note's item carries
    assert "Homework thought record not done" in middle
    assert "Homework sleep diary done" in oldest
    assert "Measures PHQ-9 14/27 GAD-7 12/21" in oldest
    assert "Client's response engaged, named two thoughts" in oldest
    assert "Cognitive restructuring of work worries (Cognitive restructuring (CBT))" in oldest
    # risk over time: each note's assertions, and the open risk carried after the middle note
    assert "Risk asked about and denied" in oldest and "denied : denies SI" in oldest
    assert "present : reports passive SI, no plan" in middle
    assert "(stated 2026-11-08, not closed since)" in newest


def test_clients_timeline_topic_strip_groups_topics_by_theme(signed_in):
    client_id = signed_in.add_client()
    for date, topics in (
        ("2026-11-01", "work stress\nconflict with sister"),
        ("2026-11-08", "stress at work"),
        ("2026-11-15", "sister conflict again"),
    ):
        signed_in.signed_session(client_id, "Talked.", date, topics=topics)
    page = signed_in.client.get(f"/clients/{client_id}").text
    strip = page[page.index('id="topics"') : page.index('<h2 id="timeline-h">')]
    table = strip[strip.index("<table") :]
    rows = [_text(r) for r in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    assert rows == [
        "Theme 2026-11-01 2026-11-08 2026-11-15",
        "work stress work stress stress at work not discussed",
        "conflict with sister conflict with sister not discussed sister conflict again",
        "Risk risk not assessed risk not assessed risk not assessed",
    ]
    # the SVG: one mark per note that touched a theme, and the words in its title
    assert strip.count("<rect ") == 4
    assert "<title>2026-11-15: sister conflict again</title>" in strip
    assert 'role="img" aria-labelledby="topics-strip-title topics-strip-desc"' in strip


def test_clients_timeline_escapes_topics_in_the_strip(signed_in):
    client_id = signed_in.add_client()
    signed_in.signed_session(client_id, "Talked.", "2026-11-01", topics="<img src=x onerror=y>")
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=y&gt;" in page


def test_clients_timeline_of_another_users_client_is_404(signed_in):
    client_id = signed_in.add_client()
    signed_in.signed_session(client_id, "Talked.", "2026-11-01", topics="work stress")
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    assert signed_in.client.get(f"/clients/{client_id}").status_code == 404
