"""Search by meaning, with the stub's light embedding (the real encoder: test_real_encoder.py)."""

from __future__ import annotations

from sqlalchemy import select

from web.db import db
from web.records import SearchItem
from web.search import meaning

from .conftest import hits, links


def test_meaning_hit_without_a_shared_word(searches, client_id):
    note_id = searches.note(
        client_id, topics="Reports insomnia most nights\nConflict at work", plan="Review budget"
    )
    page = searches.search("couldn't sleep")
    assert hits(page.text, "word-hits") == []
    assert hits(page.text, "meaning-hits") == ["Reports insomnia most nights"]
    assert links(page.text, "meaning-hits") == [f"/notes/{note_id}#field-topics"]
    assert "similarity 0." in page.text


def test_meaning_leaves_out_what_the_words_found(searches, client_id):
    searches.note(client_id, topics="Sleep diary reviewed\nReports insomnia most nights")
    page = searches.search("sleep")
    assert [h for h in hits(page.text, "word-hits")] == ["<mark>Sleep</mark> diary reviewed"]
    assert hits(page.text, "meaning-hits") == ["Reports insomnia most nights"]


def test_meaning_vectors_made_once_and_kept(app, searches, stub, client_id):
    searches.note(client_id, topics="Reports insomnia most nights\nConflict at work")
    searches.search("couldn't sleep")
    first = list(stub.embedded)
    searches.search("awake at night")
    assert sorted(first) == sorted(
        ["couldn't sleep", "Reports insomnia most nights", "Conflict at work"]
    )
    assert stub.embedded[len(first) :] == ["awake at night"]  # the lines' vectors were stored
    with app.app_context():
        rows = db.session.scalars(select(SearchItem)).all()
    assert {r.embedding_name for r in rows} == {stub.embedding_name}


def test_meaning_an_edited_line_is_embedded_again(searches, signed_in, stub, client_id):
    note_id = searches.note(client_id, topics="Conflict at work")
    searches.search("job")
    signed_in.save(note_id, topics="Conflict at work\nReports insomnia most nights")
    stub.embedded.clear()
    page = searches.search("couldn't sleep")
    assert stub.embedded == ["couldn't sleep", "Reports insomnia most nights"]
    assert hits(page.text, "meaning-hits") == ["Reports insomnia most nights"]


def test_meaning_embeds_a_bounded_number_of_lines_per_search(
    searches, stub, client_id, monkeypatch
):
    monkeypatch.setattr(meaning, "EMBED_PER_SEARCH", 2)
    searches.note(client_id, topics="Conflict at work\nBudget worries\nReports insomnia")
    page = searches.search("couldn't sleep")
    assert "Compared by meaning with 2 of your 3 lines so far" in page.text
    page = searches.search("couldn't sleep")
    assert "Compared by meaning" not in page.text
    assert hits(page.text, "meaning-hits") == ["Reports insomnia"]


def test_meaning_on_rules_alone_says_so(app, signed_in, client_id):
    from .conftest import Searches

    searches = Searches(signed_in)  # the plain web stub: no embedding
    searches.note(client_id, topics="Reports insomnia most nights")
    page = searches.search("insomnia")
    assert hits(page.text, "word-hits") == ["Reports <mark>insomnia</mark> most nights"]
    assert "Search by meaning needs the MiniLM encoder" in page.text
    assert "Close in meaning</h2>" in page.text  # no count of a search not made
