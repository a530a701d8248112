"""Search by words: found, stemmed, highlighted safely, linked to the note's section."""

from __future__ import annotations

from .conftest import hits, links, marked


def test_words_hit_found_and_highlighted(searches, client_id):
    note_id = searches.note(client_id, topics="Conflict with sister over holiday plans")
    page = searches.search("sister")
    assert page.status_code == 200
    assert hits(page.text, "word-hits") == ["Conflict with <mark>sister</mark> over holiday plans"]
    assert links(page.text, "word-hits") == [f"/notes/{note_id}#field-topics"]


def test_words_match_other_forms_of_a_word(searches, client_id):
    """Both indexes stem: "conflicts" finds "conflict", "planning" finds "plans"."""
    searches.note(client_id, topics="Conflict with sister over holiday plans")
    page = searches.search("conflicts planning")
    assert hits(page.text, "word-hits") == [
        "<mark>Conflict</mark> with sister over holiday <mark>plans</mark>"
    ]


def test_words_every_word_must_appear(searches, client_id):
    searches.note(client_id, topics="Conflict with sister\nConflict at work")
    page = searches.search("conflict work")
    assert hits(page.text, "word-hits") == ["<mark>Conflict</mark> at <mark>work</mark>"]


def test_words_phrase_or_and_minus(searches, client_id):
    searches.note(
        client_id, topics="Work stress\nStress at home with sister", plan="Review work schedule"
    )
    [hit] = hits(searches.search('"work stress"').text, "word-hits")
    assert marked(hit) == ["Work", "stress"]
    found = hits(searches.search("schedule or home").text, "word-hits")
    assert sorted(found) == [
        "Review work <mark>schedule</mark>",
        "Stress at <mark>home</mark> with sister",
    ]
    assert hits(searches.search("stress -sister").text, "word-hits") == ["Work <mark>stress</mark>"]


def test_words_in_note_text_are_escaped_in_results(searches, client_id):
    searches.note(client_id, topics='<script>alert("x")</script> sister & <b>brother</b>')
    page = searches.search("sister")
    assert "<script>alert" not in page.text
    assert "<b>brother" not in page.text
    assert hits(page.text, "word-hits") == [
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>sister</mark> &amp; "
        "&lt;b&gt;brother&lt;/b&gt;"
    ]


def test_words_of_a_query_that_looks_like_markup_are_escaped(searches, client_id):
    searches.note(client_id, topics="Talked about sister")
    page = searches.search('sister <img src=x onerror="alert(1)">')
    assert page.status_code == 200
    assert "<img src=x" not in page.text
    assert hits(page.text, "word-hits") == []


def test_words_addendum_found_and_linked_to_it(searches, signed_in, client_id):
    note_id = searches.note(client_id, topics="Work stress", risk="Denies SI")
    assert signed_in.sign(note_id).status_code == 302
    response = signed_in.post(f"/notes/{note_id}/addenda", {"text": "Called sister after"})
    assert response.status_code == 302
    page = searches.search("sister")
    assert hits(page.text, "word-hits") == ["Called <mark>sister</mark> after"]
    [link] = links(page.text, "word-hits")
    assert link.startswith("/addenda/")
    assert "Addendum" in page.text


def test_words_search_uses_the_full_text_index(app, searches, client_id):
    """The query's expression is the index's: SQLite's FTS5 table, PostgreSQL's GIN index."""
    from sqlalchemy import select, text

    from web.db import db
    from web.records import Note, SearchItem
    from web.search import words
    from web.search.query import parse

    searches.note(client_id, topics="Conflict with sister")
    with app.app_context():
        session, query = db.session, parse("sister")
        if session.get_bind().dialect.name == "sqlite":
            stmt = words.find_statement(session, query, [Note.author_id == 1], 50)
            prefix, expected = "EXPLAIN QUERY PLAN ", "VIRTUAL TABLE INDEX"
        else:
            session.execute(text("SET LOCAL enable_seqscan = off"))
            stmt = select(SearchItem.id).where(words.matching(query))
            prefix, expected = "EXPLAIN ", "Bitmap Index Scan on ix_search_items_words"
        sql = str(stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
        plan = " ".join(str(row) for row in session.execute(text(prefix + sql)))
    assert expected in plan


def test_words_of_common_words_only(app, searches, client_id):
    """PostgreSQL leaves stop words out of its index and says so; FTS5 keeps every word."""
    searches.note(client_id, topics="Talked about the move")
    page = searches.search("the")
    if app.extensions["db_engine"].dialect.name == "sqlite":
        assert hits(page.text, "word-hits") == ["Talked about <mark>the</mark> move"]
    else:
        assert hits(page.text, "word-hits") == []
        assert "The search holds only common words" in page.text
