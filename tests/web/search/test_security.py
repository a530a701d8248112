"""Search is per user like every other read, and audited without the words searched."""

from __future__ import annotations

from .conftest import Searches, hits


def _bob(signed_in) -> Searches:
    assert signed_in.add_user("bob").status_code == 302
    signed_in.logout()
    assert signed_in.login("bob").status_code == 302
    return Searches(signed_in)


def test_security_another_users_note_never_found(searches, signed_in, client_id):
    note_id = searches.note(client_id, topics="Reports insomnia with sister")
    assert signed_in.sign(note_id).status_code == 302
    bob = _bob(signed_in)
    bob_client = signed_in.add_client("Al Green", "C-900")
    bob.note(bob_client, topics="Budget review")
    for q in ("sister", "insomnia", "couldn't sleep", "reports"):
        page = bob.search(q)
        assert page.status_code == 200
        assert hits(page.text, "word-hits") == []
        assert hits(page.text, "meaning-hits") == []
        assert "Jo Smith" not in page.text


def test_security_another_users_client_is_404(searches, signed_in, client_id):
    searches.note(client_id, topics="Conflict with sister")
    bob = _bob(signed_in)
    assert signed_in.client.get(f"/search?client_id={client_id}").status_code == 404
    assert bob.search("sister", client_id=client_id).status_code == 404


def test_security_one_clients_search_leaves_out_the_others(searches, signed_in, client_id):
    other = signed_in.add_client("Al Green", "C-002")
    searches.note(client_id, topics="Conflict with sister")
    searches.note(other, topics="Sister visited")
    page = searches.search("sister", client_id=other)
    assert hits(page.text, "word-hits") == ["<mark>Sister</mark> visited"]
    everyone = searches.search("sister")
    assert len(hits(everyone.text, "word-hits")) == 2
    assert "Jo Smith (C-001)" in everyone.text and "Al Green (C-002)" in everyone.text


def test_security_signed_out_goes_to_login(client):
    assert client.get("/search").status_code == 302
    assert "/login" in client.get("/search").location


def test_security_search_is_audited_without_its_words(searches, client_id, events):
    note_id = searches.note(client_id, topics="Conflict with sister")
    searches.search("sister")
    searches.search("sister", client_id=client_id)
    searches.search("nothing matches this")
    logged = events("search")
    assert len(logged) == 3
    assert [e.client_id for e in logged] == [None, client_id, None]
    assert logged[0].detail == f"1 word, 0 meaning match(es); notes {note_id}"
    assert logged[2].detail == "0 word, 0 meaning match(es)"
    assert all("sister" not in e.detail and "nothing" not in e.detail for e in logged)


def test_security_refused_search_reads_nothing_and_logs_nothing(searches, events):
    assert searches.search("").status_code == 400
    assert events("search") == []


def test_security_search_needs_the_forms_token(signed_in, client_id):
    response = signed_in.client.post("/search", data={"q": "sister"})
    assert response.status_code == 400
    assert "form expired" in response.text
