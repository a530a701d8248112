"""Drafts: the home page's list, voiding a draft, moving it to another client."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, Note


def _note(app, note_id: int) -> Note:
    with app.app_context():
        return db.session.get(Note, note_id)


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _version(auth, note_id: int) -> int:
    return _note(auth.client.application, note_id).version


def test_drafts_home_lists_unsigned_drafts(signed_in, draft, jotting):
    other = signed_in.add_client("Ray Park", "R-9")
    second = signed_in.new_note(other, "Talked about moving. HW: list pros")
    signed_in.save(second, date="2026-11-20", topics="moving")
    signed_in.sign(draft["note_id"])
    page = signed_in.client.get("/clients").text
    assert "Unsigned drafts (1)" in page
    assert f'href="/notes/{second}">Ray Park (R-9)</a>' in page
    assert "<td>2026-11-20</td>" in page and " UTC</td>" in page
    assert f'href="/notes/{draft["note_id"]}"' not in page  # signed: not a draft


def test_drafts_home_shows_only_my_drafts(signed_in, draft):
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    assert "Unsigned drafts" not in signed_in.client.get("/clients").text


def test_drafts_void_asks_why_then_keeps_the_row(app, signed_in, draft):
    note_id = draft["note_id"]
    page = signed_in.client.get(f"/notes/{note_id}/void")
    assert page.status_code == 200 and 'name="reason"' in page.text
    response = signed_in.post(
        f"/notes/{note_id}/void", {"version": _version(signed_in, note_id), "reason": "Duplicate"}
    )
    assert response.status_code == 302
    note = _note(app, note_id)
    assert note.status == "voided" and note.void_reason == "Duplicate"
    assert note.voided_at is not None and note.voided_by_id == note.author_id
    assert [e.detail for e in _events(app, "void")] == ["draft voided"]
    # Gone from every page and list.
    assert signed_in.client.get(f"/notes/{note_id}").status_code == 404
    assert "Unsigned drafts" not in signed_in.client.get("/clients").text
    timeline = signed_in.client.get(f"/clients/{draft['client_id']}").text
    assert f"/notes/{note_id}" not in timeline
    refused = signed_in.post(f"/notes/{note_id}/sign", {"version": note.version, "confirm": "y"})
    assert refused.status_code == 404


def test_drafts_void_needs_a_reason_and_keeps_the_draft(app, signed_in, draft):
    note_id = draft["note_id"]
    response = signed_in.post(
        f"/notes/{note_id}/void", {"version": _version(signed_in, note_id), "reason": "  "}
    )
    assert response.status_code == 400
    assert "Say why the draft is voided" in response.text
    assert _note(app, note_id).status == "draft"


def test_drafts_void_on_a_stale_page_is_409(app, signed_in, draft):
    note_id = draft["note_id"]
    old = _version(signed_in, note_id)
    signed_in.save(note_id, topics="edited in another tab")
    response = signed_in.post(f"/notes/{note_id}/void", {"version": old, "reason": "Duplicate"})
    assert response.status_code == 409
    assert ">Duplicate</textarea>" in response.text  # the reason typed is kept
    assert _note(app, note_id).status == "draft"


@pytest.mark.parametrize("action", ["void", "move"])
def test_drafts_a_signed_note_is_never_voided_or_moved(app, signed_in, draft, action):
    note_id = draft["note_id"]
    other = signed_in.add_client("Ray Park", "R-9")
    signed_in.sign(note_id)
    assert signed_in.client.get(f"/notes/{note_id}/{action}").status_code == 409
    response = signed_in.post(
        f"/notes/{note_id}/{action}",
        {"version": _version(signed_in, note_id), "reason": "x", "client_id": other},
    )
    assert response.status_code == 409 and "add an addendum" in response.text
    note = _note(app, note_id)
    assert note.status == "signed" and note.client_id == draft["client_id"]


def test_drafts_move_files_the_draft_under_another_client(app, signed_in, draft):
    note_id = draft["note_id"]
    other = signed_in.add_client("Ray Park", "R-9")
    page = signed_in.client.get(f"/notes/{note_id}/move").text
    assert f'<option value="{other}"' in page
    assert f'<option value="{draft["client_id"]}"' not in page  # not the one it is under
    response = signed_in.post(
        f"/notes/{note_id}/move", {"version": _version(signed_in, note_id), "client_id": other}
    )
    assert response.status_code == 302
    assert _note(app, note_id).client_id == other
    event = _events(app, "move")[0]
    assert event.client_id == other and event.detail == f"moved from client {draft['client_id']}"
    assert f"/notes/{note_id}" in signed_in.client.get(f"/clients/{other}").text
    assert f"/notes/{note_id}" not in signed_in.client.get(f"/clients/{draft['client_id']}").text


def test_drafts_move_to_someone_elses_client_is_404(app, signed_in, draft):
    note_id = draft["note_id"]
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    bobs = signed_in.add_client("Bob's client", "B-1")
    signed_in.logout()
    signed_in.login("ann")
    response = signed_in.post(
        f"/notes/{note_id}/move", {"version": _version(signed_in, note_id), "client_id": bobs}
    )
    assert response.status_code == 404
    assert _note(app, note_id).client_id == draft["client_id"]


@pytest.mark.parametrize(
    ("client_id", "message"),
    [("", "Pick the client to move it to."), ("same", "already filed under this client")],
)
def test_drafts_move_refuses_no_or_the_same_client(app, signed_in, draft, client_id, message):
    note_id = draft["note_id"]
    value = draft["client_id"] if client_id == "same" else client_id
    response = signed_in.post(
        f"/notes/{note_id}/move", {"version": _version(signed_in, note_id), "client_id": value}
    )
    assert response.status_code == 400 and message in response.text
    assert _note(app, note_id).client_id == draft["client_id"]


def test_drafts_review_page_links_to_void_and_move(signed_in, draft):
    page = signed_in.client.get(f"/notes/{draft['note_id']}").text
    assert f'href="/notes/{draft["note_id"]}/void"' in page
    assert f'href="/notes/{draft["note_id"]}/move"' in page
