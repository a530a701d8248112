"""The review page's flags: the reviewed fields, re-checked on save and as typed; Accept, apply
to all, undo and dismiss, per occurrence, never touching the jotting."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.web.conftest import csrf_token
from web.db import db
from web.records import AuditEvent, FlagDecision, Note

from .test_routes import _field, _note

SECTIONS = ("topics", "interventions", "client_response", "quotes", "homework", "plan", "risk")


def _keys(page: str) -> list[str]:
    return re.findall(
        r'<li id="flag-[a-z_]+-\d+" class="flagdetail \w+" tabindex="-1" '
        r'data-key="([^"]+)"',
        page,
    )


def _post_note(auth, note_id: int, path: str, **data):
    """A flag button pressed on the page: the note form as it stands, plus the button."""
    page = auth.client.get(f"/notes/{note_id}").text
    form = {s: _field(page, s).replace("&#39;", "'") for s in SECTIONS}
    form.update(version=auth.version(note_id), format="soap", date="", duration_minutes="")
    form.update(data)
    return auth.post(f"/notes/{note_id}/{path}", form)


@pytest.fixture
def pts(signed_in) -> int:
    """A note whose topics hold "pt" three times, on two lines."""
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, "Talked.")
    signed_in.save(note_id, topics="pt late, pt tired\npt said little")
    return note_id


def test_flags_come_from_the_fields_and_follow_each_save(signed_in, pts):
    page = signed_in.client.get(f"/notes/{pts}").text
    assert _keys(page) == ["topics:jargon:0:pt", "topics:jargon:1:pt", "topics:jargon:2:pt"]
    # A judgment typed into a field is flagged once saved; words removed take their flag along.
    signed_in.save(pts, topics="client late", client_response="pt was manipulative")
    page = signed_in.client.get(f"/notes/{pts}").text
    assert _keys(page) == [
        "client_response:jargon:0:pt",
        "client_response:interpretive:0:manipulative",
    ]
    assert "1 flagged wording(s)" not in page and "2 flagged wording(s) still open" in page
    assert "Instead: describe what the client did." in page  # advice is guidance, no button
    assert 'aria-label="Accept rewrite for manipulative"' not in page


def test_accept_changes_one_occurrence_and_leaves_the_next_flagged(app, signed_in, pts):
    response = _post_note(signed_in, pts, "flags/accept", key="topics:jargon:1:pt")
    assert response.status_code == 302
    assert response.location.endswith("#flag-topics-1")  # focus goes to the next flag
    assert _note(app, pts).fields["sections"]["topics"] == [
        "pt late, client tired",
        "pt said little",
    ]
    page = signed_in.client.get(f"/notes/{pts}").text
    assert _keys(page) == ["topics:jargon:0:pt", "topics:jargon:1:pt"]  # the others stay open
    assert "Apply to all 2" in page


def test_accept_keeps_the_edits_typed_with_it(app, signed_in, pts):
    response = _post_note(
        signed_in, pts, "flags/accept", key="topics:jargon:0:pt", plan="an unsaved plan"
    )
    assert response.status_code == 302
    fields = _note(app, pts).fields["sections"]
    assert fields["plan"] == ["an unsaved plan"] and fields["topics"][0] == "client late, pt tired"


def test_apply_to_all_rewrites_every_occurrence_in_the_fields(app, signed_in, pts):
    page = signed_in.client.get(f"/notes/{pts}").text
    assert 'aria-label="Apply the rewrite to all 3 of pt"' in page
    response = _post_note(signed_in, pts, "flags/accept", all="topics:jargon:0:pt")
    assert response.status_code == 302
    note = _note(app, pts)
    assert note.fields["sections"]["topics"] == ["client late, client tired", "client said little"]
    assert note.jotting.text == "Talked."
    with app.app_context():
        decisions = db.session.scalars(select(FlagDecision.decision)).all()
    assert decisions == ["accepted"] * 3


def test_undo_puts_the_words_back_until_signing(app, signed_in, pts):
    _post_note(signed_in, pts, "flags/accept", key="topics:jargon:0:pt")
    _post_note(signed_in, pts, "flags/accept", key="topics:jargon:1:pt")  # the third "pt"
    assert _note(app, pts).fields["sections"]["topics"] == [
        "client late, pt tired",
        "client said little",
    ]
    page = signed_in.client.get(f"/notes/{pts}").text
    undo = re.findall(r'name="decision" value="(\d+)" aria-label="Undo rewrite of pt"', page)
    assert len(undo) == 2
    response = _post_note(signed_in, pts, "flags/undo", decision=undo[0])
    assert response.status_code == 302
    assert _note(app, pts).fields["sections"]["topics"] == [
        "pt late, pt tired",
        "client said little",
    ]
    # The other accepted rewrite still undoes its own occurrence.
    _post_note(signed_in, pts, "flags/undo", decision=undo[1])
    assert _note(app, pts).fields["sections"]["topics"] == ["pt late, pt tired", "pt said little"]
    again = _post_note(signed_in, pts, "flags/undo", decision=undo[1])
    assert again.status_code == 409 and "cannot be undone automatically" in again.text
    with app.app_context():
        details = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.detail.like("undid%"))
        ).all()
    assert details == ["undid a rewrite (jargon)"] * 2
    signed_in.sign(pts)
    page = signed_in.client.get(f"/notes/{pts}").text
    assert "Undo rewrite" not in page


def _undo_buttons(auth, note_id: int) -> list[str]:
    page = auth.client.get(f"/notes/{note_id}").text
    return re.findall(r'name="decision" value="(\d+)" aria-label="Undo rewrite of pt"', page)


def test_undo_never_lands_on_the_same_words_typed_earlier(app, signed_in, pts):
    _post_note(signed_in, pts, "flags/accept", key="topics:jargon:1:pt")
    assert _note(app, pts).fields["sections"]["topics"][0] == "pt late, client tired"
    (undo,) = _undo_buttons(signed_in, pts)
    # The reviewer types the rewrite's words earlier in the field, then presses Undo.
    typed = "client asked, pt late, client tired\npt said little"
    refused = _post_note(signed_in, pts, "flags/undo", decision=undo, topics=typed)
    assert refused.status_code == 409
    assert "cannot be undone automatically" in refused.text
    assert "words before or in it changed" in refused.text
    assert _field(refused.text, "topics") == typed  # the typed text is on the page again
    assert _note(app, pts).fields["sections"]["topics"][0] == "pt late, client tired"


def test_undo_follows_edits_after_it_and_other_rewrites_before_it(app, signed_in, pts):
    _post_note(signed_in, pts, "flags/accept", key="topics:jargon:1:pt")  # "pt tired"
    _post_note(signed_in, pts, "flags/accept", key="topics:jargon:0:pt")  # "pt late", before it
    signed_in.save(pts, topics="client late, client tired\npt said little; more typed")
    first, second = _undo_buttons(signed_in, pts)
    assert _post_note(signed_in, pts, "flags/undo", decision=first).status_code == 302
    assert _note(app, pts).fields["sections"]["topics"] == [
        "client late, pt tired",
        "pt said little; more typed",
    ]
    assert _post_note(signed_in, pts, "flags/undo", decision=second).status_code == 302
    assert _note(app, pts).fields["sections"]["topics"][0] == "pt late, pt tired"


def test_dismissal_stays_with_its_occurrence_while_the_words_are_there(app, signed_in, pts):
    dismissed = _post_note(signed_in, pts, "flags/dismiss", key="topics:jargon:1:pt")
    assert dismissed.location.endswith("#flag-topics-1")  # the next one, now second in the list
    assert _keys(signed_in.client.get(f"/notes/{pts}").text) == [
        "topics:jargon:0:pt",
        "topics:jargon:2:pt",
    ]
    assert _post_note(signed_in, pts, "flags/undo", decision="0").status_code == 409
    _post_note(signed_in, pts, "flags/dismiss", key="topics:jargon:2:pt")
    assert _keys(signed_in.client.get(f"/notes/{pts}").text) == ["topics:jargon:0:pt"]
    # Accepting the first "pt" does not bring the dismissed ones back.
    _post_note(signed_in, pts, "flags/accept", key="topics:jargon:0:pt")
    assert _keys(signed_in.client.get(f"/notes/{pts}").text) == []
    assert _note(signed_in.client.application, pts).fields["sections"]["topics"] == [
        "client late, pt tired",
        "pt said little",
    ]
    # Saving other text keeps them dismissed.
    signed_in.save(pts, topics="client late, pt tired\npt said little", plan="next time")
    assert _keys(signed_in.client.get(f"/notes/{pts}").text) == []


def _check(auth, note_id: int, body):
    """What the page's script sends as the reviewer types: the field as JSON, token in a header."""
    headers = {"X-CSRFToken": csrf_token(auth.client)}
    return auth.client.post(f"/notes/{note_id}/flags/check", json=body, headers=headers)


def test_check_endpoint_flags_text_as_typed(signed_in, pts):
    response = _check(signed_in, pts, {"section": "plan", "text": "pt was manipulative <b>"})
    assert response.status_code == 200
    flags = response.get_json()["flags"]
    assert [(f["text"], f["start"], f["end"], f["kind"]) for f in flags] == [
        ("pt", 0, 2, "jargon"),
        ("manipulative", 7, 19, "interpretive"),
    ]
    assert flags[0]["suggestion"] == "client" and flags[0]["drop_in"] is True
    assert flags[1]["drop_in"] is False and flags[1]["reason"] == "A character label."
    assert flags[0]["key"] == "plan:jargon:0:pt"


def test_check_endpoint_refuses_bad_requests(signed_in, pts):
    url = f"/notes/{pts}/flags/check"
    no_token = signed_in.client.post(url, json={"section": "plan", "text": "pt"})
    assert no_token.status_code == 400 and "form expired" in no_token.text
    big = _check(signed_in, pts, {"section": "plan", "text": "x" * 5001})
    assert big.status_code == 413 and "longer than 5,000" in big.get_json()["error"]
    odd = _check(signed_in, pts, {"section": "nope", "text": "pt"})
    assert odd.status_code == 400 and odd.get_json()["error"] == "No such field."


def test_check_endpoint_of_another_users_note_is_404(signed_in, pts):
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    assert _check(signed_in, pts, {"section": "plan", "text": "pt"}).status_code == 404
    accept = _post_note_as_other(signed_in, pts)
    assert accept.status_code == 404


def _post_note_as_other(auth, note_id: int):
    return auth.post(f"/notes/{note_id}/flags/accept", {"key": "topics:jargon:0:pt", "version": 1})


def test_flag_text_is_escaped(signed_in):
    note_id = signed_in.new_note(signed_in.add_client(), "Talked.")
    signed_in.save(note_id, plan="<img src=x onerror=alert(1)> pt")
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert "<img src=x" not in page
    assert 'data-key="plan:jargon:0:pt"' in page


def test_real_engine_flags_a_judgment_typed_into_a_field(app, signed_in, engine):
    app.extensions["assistant"] = engine
    note_id = signed_in.new_note(signed_in.add_client(), "50 min. Discussed work stress.")
    signed_in.save(note_id, client_response="pt was manipulative and in denial")
    page = signed_in.client.get(f"/notes/{note_id}").text
    keys = _keys(page)
    assert "client_response:jargon:0:pt" in keys
    assert any(k.startswith("client_response:interpretive:") for k in keys)
    with app.app_context():
        assert db.session.get(Note, note_id).jotting.text == "50 min. Discussed work stress."


@pytest.mark.parametrize(
    "body",
    [{"section": "plan", "text": 5}, ["plan", "pt"], {"section": ["plan"], "text": None}, "pt"],
)
def test_check_endpoint_answers_odd_json_with_a_sentence(signed_in, pts, body):
    response = _check(signed_in, pts, body)
    assert response.status_code == 400
    assert response.get_json()["error"] == "Send the field as JSON: a section and its text."
