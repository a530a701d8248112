"""The reflection pages: exact figures for a small caseload, the caveat, authorisation, audit."""

from __future__ import annotations

import re

from sqlalchemy import select

from web.db import db
from web.records import AuditEvent

HEADER = [
    "Intervention",
    "Sessions",
    "Clients",
    "Response recorded",
    "Homework set",
    "Done",
    "Partial",
    "Not done",
    "Not mentioned",
    "Reviewed, no status",
    "PHQ-9 change (pairs)",
    "GAD-7 change (pairs)",
]


def _table(page: str) -> list[list[str]]:
    """The reflection table's rows (the header first), each cell as text without tags."""
    table = page[page.index('<table class="list reflection">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S) for r in rows]
    return [[" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in row] for row in cells]


def _events(app, action):
    with app.app_context():
        stmt = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return [(e.client_id, e.detail) for e in db.session.scalars(stmt)]


def test_reflection_caseload_figures(signed_in, caseload, app):
    page = signed_in.client.get("/reflection")
    assert page.status_code == 200
    assert "5 signed sessions with 2 clients" in page.text
    rows = _table(page.text)
    assert rows[0] == HEADER
    # name: sessions, clients, response recorded, homework set, done, partial, not done, not
    # mentioned, reviewed without status, PHQ-9 mean change (pairs), GAD-7 mean change (pairs)
    assert [(r[0], " ".join(r[1:])) for r in rows[1:]] == [
        # PHQ-9 pairs: Jo 14->11, 11->9; Kim 20->17; GAD-7: Jo 12->8 twice (from 11-01, 11-08)
        ("All signed sessions", "5 2 3 of 5 3 1 1 1 0 0 −2.7 (3) −4.0 (2)"),
        # Jo 11-15 (its homework has no next session), Kim 11-02 (lift partly) and 11-09
        ("Exposure therapy", "3 2 2 of 3 1 0 1 0 0 0 −3.0 (1) — (0)"),
        # Jo 11-01 (diary done) and 11-08 (thought record not done); the draft does not count
        ("Cognitive restructuring (CBT)", "2 1 1 of 2 2 1 0 1 0 0 −2.5 (2) −4.0 (2)"),
        ("Psychoeducation", "1 1 0 of 1 1 0 0 1 0 0 −2.0 (1) −4.0 (1)"),
        ("Not named in the taxonomy", "1 1 0 of 1 1 0 1 0 0 0 −3.0 (1) — (0)"),
    ]
    assert "Not a causal claim." in page.text and "(confounding)" in page.text
    assert "Only signed notes count" in page.text
    jo, kim = caseload["jo"], caseload["kim"]
    assert (
        f'<a href="/reflection/clients/{jo}">Jo Smith (C-001)</a>: 3 signed sessions' in page.text
    )
    assert (
        f'<a href="/reflection/clients/{kim}">Kim Lee (C-002)</a>: 2 signed sessions' in page.text
    )
    clients = sorted((jo, kim))
    assert _events(app, "view_reflection") == [(None, f"caseload, clients: {clients}")]


def test_reflection_client_view_shows_one_client_and_the_responses(signed_in, caseload, app):
    page = signed_in.client.get(f"/reflection/clients/{caseload['jo']}")
    assert page.status_code == 200
    rows = _table(page.text)
    assert " ".join(rows[1]) == "All signed sessions 3 1 2 of 3 2 1 0 1 0 0 −2.5 (2) −4.0 (2)"
    assert [r[0] for r in rows[2:]] == [
        "Cognitive restructuring (CBT)",
        "Exposure therapy",
        "Psychoeducation",
    ]
    assert "2026-11-01</a>: engaged, named two thoughts" in page.text
    assert '2026-11-08</a>: <span class="meta">no response recorded</span>' in page.text
    assert "Kim Lee" not in page.text and "SUDS fell" not in page.text
    assert _events(app, "view_reflection") == [(caseload["jo"], "")]
    # the client's page links to it
    assert (
        f'href="/reflection/clients/{caseload["jo"]}"'
        in signed_in.client.get(f"/clients/{caseload['jo']}").text
    )


def test_reflection_of_another_users_client_is_404(signed_in, caseload, app):
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    assert signed_in.client.get(f"/reflection/clients/{caseload['jo']}").status_code == 404
    assert signed_in.client.get("/reflection/clients/999").status_code == 404
    page = signed_in.client.get("/reflection").text  # bob's caseload holds none of ann's notes
    assert "No signed notes yet" in page
    assert "Exposure" not in page and "Jo Smith" not in page
    assert [c for c, _ in _events(app, "view_reflection")] == [None]


def test_reflection_empty_caseload_explains_what_the_page_will_show(signed_in):
    page = signed_in.client.get("/reflection")
    assert page.status_code == 200
    assert "No signed notes yet, so there is nothing to reflect on." in page.text
    assert "how often, and what followed them" in page.text
    assert 'href="/clients"' in page.text
    assert '<table class="list reflection">' not in page.text


def test_reflection_client_with_drafts_only_is_empty(signed_in):
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, "Restructuring.")
    signed_in.save(note_id, date="2026-11-01", interventions="Cognitive restructuring")
    page = signed_in.client.get(f"/reflection/clients/{client_id}").text
    assert "No signed notes for this client yet." in page
    assert "Cognitive restructuring" not in page


def test_reflection_escapes_the_notes_words(signed_in):
    client_id = signed_in.add_client()
    signed_in.signed_session(
        client_id,
        "Talked.",
        "2026-11-01",
        interventions="<b>exposure</b> to lifts",
        client_response='<script>alert("x")</script>',
    )
    page = signed_in.client.get(f"/reflection/clients/{client_id}").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_reflection_requires_sign_in(client):
    assert client.get("/reflection").status_code == 302
