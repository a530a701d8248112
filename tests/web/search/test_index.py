"""The index follows the note: saved, rewritten, signed, addended, moved, voided; no jotting."""

from __future__ import annotations

from sqlalchemy import delete, select

from web.db import db
from web.records import SearchItem
from web.search.index import reindex

from .conftest import hits


def _version(auth, note_id: int) -> int:
    return auth.version(note_id)


def test_index_follows_each_save(searches, signed_in, client_id):
    note_id = searches.note(client_id, topics="Conflict with sister")
    signed_in.save(note_id, topics="Budget worries", plan="Call sister")
    page = searches.search("sister")
    assert hits(page.text, "word-hits") == ["Call <mark>sister</mark>"]
    assert hits(searches.search("conflict").text, "word-hits") == []


def test_index_holds_the_reviewed_record_not_the_jotting(searches, signed_in, client_id):
    note_id = signed_in.new_note(client_id, "Client seemed resistant about sister. HW: walk")
    assert hits(searches.search("resistant").text, "word-hits") == [
        "Client seemed <mark>resistant</mark> about sister"
    ]  # the draft's starting lines are the pipeline's items
    signed_in.save(note_id, topics="Talked about sister", homework="walk")
    assert hits(searches.search("resistant").text, "word-hits") == []  # still in the jotting
    assert len(hits(searches.search("sister").text, "word-hits")) == 1


def test_index_follows_an_accepted_rewrite(searches, signed_in, client_id):
    note_id = searches.note(client_id, topics="pt late to session")
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert "topics:jargon:0:pt" in page
    form = {"topics": "pt late to session", "version": _version(signed_in, note_id)}
    form.update({s: "" for s in ("interventions", "client_response", "quotes", "homework")})
    form.update(plan="", risk="", format="soap", date="", duration_minutes="")
    form["key"] = "topics:jargon:0:pt"
    assert signed_in.post(f"/notes/{note_id}/flags/accept", form).status_code == 302
    assert hits(searches.search("client late").text, "word-hits") == [
        "<mark>client</mark> <mark>late</mark> to session"
    ]


def test_index_keeps_a_signed_note(searches, signed_in, client_id):
    note_id = searches.note(client_id, topics="Conflict with sister", risk="Denies SI")
    assert signed_in.sign(note_id).status_code == 302
    page = searches.search("sister")
    assert hits(page.text, "word-hits") == ["Conflict with <mark>sister</mark>"]
    assert '<span class="status signed">signed</span>' in page.text


def test_index_drops_a_voided_draft(app, searches, signed_in, client_id):
    note_id = searches.note(client_id, topics="Conflict with sister")
    searches.search("couldn't sleep")  # gives its lines vectors
    data = {"version": _version(signed_in, note_id), "reason": "Duplicate"}
    assert signed_in.post(f"/notes/{note_id}/void", data).status_code == 302
    page = searches.search("sister")
    assert hits(page.text, "word-hits") == [] and hits(page.text, "meaning-hits") == []
    with app.app_context():
        assert db.session.scalars(select(SearchItem)).all() == []


def test_index_follows_a_moved_draft(searches, signed_in, client_id):
    other = signed_in.add_client("Al Green", "C-002")
    note_id = searches.note(client_id, topics="Conflict with sister")
    data = {"version": _version(signed_in, note_id), "client_id": other}
    assert signed_in.post(f"/notes/{note_id}/move", data).status_code == 302
    assert hits(searches.search("sister", client_id=client_id).text, "word-hits") == []
    assert len(hits(searches.search("sister", client_id=other).text, "word-hits")) == 1


def test_index_reindex_restores_lost_rows_and_keeps_vectors(app, searches, signed_in, client_id):
    note_id = searches.note(
        client_id, topics="Conflict with sister\nReports insomnia", risk="Denies SI"
    )
    assert signed_in.sign(note_id).status_code == 302
    signed_in.post(f"/notes/{note_id}/addenda", {"text": "Called brother"})
    searches.search("couldn't sleep")
    with app.app_context():
        before = {(r.section, r.text, r.embedding) for r in db.session.scalars(select(SearchItem))}
        db.session.execute(delete(SearchItem).where(SearchItem.section == "topics"))
        db.session.execute(delete(SearchItem).where(SearchItem.section == "addendum"))
        db.session.commit()
        done = reindex(db.session)
        db.session.commit()
        after = {(r.section, r.text) for r in db.session.scalars(select(SearchItem))}
        kept = db.session.scalars(select(SearchItem).where(SearchItem.section == "risk")).one()
    assert (done.notes, done.rows) == (1, 4)
    assert after == {(s, t) for s, t, _ in before}
    assert kept.embedding is not None  # an untouched row keeps its vector
    assert len(hits(searches.search("sister").text, "word-hits")) == 1
    assert len(hits(searches.search("brother").text, "word-hits")) == 1
