"""Addenda are language-checked like the note's fields: the flags first, then save or edit."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from web.db import db
from web.records import Addendum, Note


def _addenda(app, note_id: int) -> list[str]:
    with app.app_context():
        return [a.text for a in db.session.get(Note, note_id).addenda]


@pytest.fixture
def signed(signed_in, draft) -> int:
    signed_in.sign(draft["note_id"])
    return draft["note_id"]


def test_addenda_flagged_words_are_shown_before_saving(app, signed_in, signed):
    response = signed_in.post(f"/notes/{signed}/addenda", {"text": "pt seemed resistant today."})
    assert response.status_code == 200
    page = response.text
    assert "Wording to review (2)" in page
    assert "<strong>“pt”</strong>" in page and "<strong>“seemed resistant”</strong>" in page
    assert "An inference stated as fact." in page and "Rewrite: “client”" in page
    assert ">pt seemed resistant today.</textarea>" in page  # nothing typed is lost
    assert 'name="checked" value="pt seemed resistant today."' in page
    assert _addenda(app, signed) == []


def test_addenda_author_may_save_as_written_after_seeing_flags(app, signed_in, signed):
    text = "pt seemed resistant today."
    response = signed_in.post(f"/notes/{signed}/addenda", {"text": text, "checked": text})
    assert response.status_code == 302
    assert _addenda(app, signed) == [text]


def test_addenda_an_edited_text_is_checked_again(app, signed_in, signed):
    response = signed_in.post(
        f"/notes/{signed}/addenda",
        {"text": "Client w/ sister at the session.", "checked": "pt seemed resistant today."},
    )
    assert response.status_code == 200
    assert "Wording to review (1)" in response.text and "<strong>“w/”</strong>" in response.text
    assert _addenda(app, signed) == []


def test_addenda_checked_text_with_crlf_line_breaks_counts_as_seen(app, signed_in, signed):
    response = signed_in.post(
        f"/notes/{signed}/addenda",
        {"text": "pt late.\r\nLeft early.", "checked": "pt late.\nLeft early."},
    )
    assert response.status_code == 302
    assert len(_addenda(app, signed)) == 1


def test_addenda_without_flags_saves_at_once(app, signed_in, signed):
    response = signed_in.post(f"/notes/{signed}/addenda", {"text": "Session ran 45 minutes."})
    assert response.status_code == 302
    assert _addenda(app, signed) == ["Session ran 45 minutes."]
    page = signed_in.client.get(f"/notes/{signed}").text
    assert re.search(r"ann, \d{4}-\d\d-\d\d \d\d:\d\d UTC", page)


def test_addenda_check_page_escapes_the_text(signed_in, signed):
    response = signed_in.post(f"/notes/{signed}/addenda", {"text": 'pt <b>"x"</b>'})
    assert "<b>" not in response.text
    assert "&lt;b&gt;" in response.text


def test_addenda_of_someone_elses_note_is_404(app, signed_in, signed):
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    response = signed_in.post(f"/notes/{signed}/addenda", {"text": "pt", "checked": "pt"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Addendum.id))) == 0


def test_addenda_real_engine_flags_an_addendum(app, signed_in, signed, engine):
    app.extensions["assistant"] = engine
    text = "pt was manipulative and in denial."
    response = signed_in.post(f"/notes/{signed}/addenda", {"text": text})
    assert response.status_code == 200
    for flag in engine.flags(text):
        assert f"<strong>“{flag.text}”</strong>" in response.text
    assert len(engine.flags(text)) >= 2
    assert _addenda(app, signed) == []
