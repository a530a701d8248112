"""Last session carried forward: the new-note page and the engine see the last signed note."""

from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, Note

FIRST = "50 min. Work stress. HW: sleep diary. Plan: review diary next week. Client reports SI."
SECOND = "Client didn't keep the sleep diary. Discussed sleep."


def _signed_first(auth) -> tuple[int, int]:
    client_id = auth.add_client()
    note_id = auth.new_note(client_id, FIRST)
    auth.save(
        note_id,
        date="2026-11-20",
        duration_minutes="50",
        topics="Work stress",
        homework="sleep diary",
        plan="review diary next week",
        risk="Client reports SI <b>now</b>",
    )
    response = auth.sign(note_id)
    assert response.status_code == 302, response.text
    return client_id, note_id


def test_new_note_page_shows_the_last_signed_notes_homework_plan_and_risk(app, signed_in):
    client_id, note_id = _signed_first(signed_in)
    page = signed_in.client.get(f"/notes/new?client_id={client_id}")
    assert page.status_code == 200
    text = page.text
    assert "Last session (2026-11-20, signed)" in text
    assert "<li>sleep diary</li>" in text and "<li>review diary next week</li>" in text
    assert "Client reports SI &lt;b&gt;now&lt;/b&gt;" in text  # escaped, never markup
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "view_carried")
        ).all()
        assert [(e.note_id, e.client_id) for e in events] == [(note_id, client_id)]


def test_new_note_page_without_a_signed_note_shows_nothing_carried(signed_in, draft):
    page = signed_in.client.get(f"/notes/new?client_id={draft['client_id']}")
    assert page.status_code == 200 and "Last session" not in page.text


def test_new_note_page_of_another_users_client_is_404(signed_in):
    client_id, _ = _signed_first(signed_in)
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    page = signed_in.client.get(f"/notes/new?client_id={client_id}")
    assert page.status_code == 404 and "sleep diary" not in page.text
    response = signed_in.post("/notes/new", {"client_id": client_id, "jotting": SECOND})
    assert response.status_code == 404


def test_structuring_passes_the_last_signed_note_and_links_the_review(app, signed_in):
    client_id, first_id = _signed_first(signed_in)
    stub = app.extensions["assistant"]
    second_id = signed_in.new_note(client_id, SECOND)
    with app.app_context():
        first, second = db.session.get(Note, first_id), db.session.get(Note, second_id)
        assert stub.seen[-1] == first.structured
        assert second.previous_note_id == first_id
        linked = [i for i in second.structured["sections"]["topics"] if "homework_ref" in i]
        assert [(i["homework_ref"], i["homework_status"]) for i in linked] == [(0, "not_done")]
    page = signed_in.client.get(f"/notes/{second_id}").text
    assert (
        "“Client didn&#39;t keep the sleep diary” reviews last session's homework: "
        "sleep diary (not done)"
    ) in page


def test_structuring_without_a_signed_note_passes_no_previous(app, signed_in, draft):
    stub = app.extensions["assistant"]
    assert stub.seen == [None]
    second = signed_in.new_note(draft["client_id"], SECOND)  # the first is still a draft
    assert stub.seen[-1] is None
    assert "reviews last session" not in signed_in.client.get(f"/notes/{second}").text


def test_client_timeline_shows_the_linked_homework_status(signed_in):
    client_id, _ = _signed_first(signed_in)
    signed_in.new_note(client_id, SECOND)
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert 'sleep diary <span class="hw not-done">not done</span>' in page


def test_moving_a_draft_drops_its_link_to_the_first_clients_note(app, signed_in):
    client_id, _ = _signed_first(signed_in)
    second_id = signed_in.new_note(client_id, SECOND)
    other = signed_in.add_client("Ray Park", "R-9")
    version = signed_in.version(second_id)
    response = signed_in.post(f"/notes/{second_id}/move", {"version": version, "client_id": other})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Note, second_id).previous_note_id is None
    assert "reviews last session" not in signed_in.client.get(f"/notes/{second_id}").text
    assert "not done" not in signed_in.client.get(f"/clients/{other}").text
