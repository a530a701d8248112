"""What a search box can hold: a clear sentence for empty, huge and odd text, never a traceback."""

from __future__ import annotations

import pytest

from .conftest import hits

NO_WORD = "Search needs at least one word of letters or digits"


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Type a word or a few words to search for."),
        ("   \t ", "Type a word or a few words to search for."),
        ("x" * 201, "A search is at most 200 characters (this one has 201)"),
        ("sleep " * 2000, "A search is at most 200 characters (this one has 11999)"),
        ("😀🌙", NO_WORD),
        ("\u200b\u200b", NO_WORD),
        ('--- "" ?? ***', NO_WORD),
        ("-sister", NO_WORD),
        ("sister\x00", "control character or broken text"),
        ("sister\ufffd", "control character or broken text"),
    ],
)
def test_input_refused_with_a_sentence(searches, q, message):
    page = searches.search(q)
    assert page.status_code == 400
    assert message in page.text
    assert 'aria-invalid="true"' in page.text
    assert "Traceback" not in page.text


def test_input_bytes_that_are_not_utf8_are_searched_as_typed(searches, signed_in, client_id):
    """Werkzeug keeps an escape that is not UTF-8 as the characters sent: words, no error."""
    from ..conftest import csrf_token

    searches.note(client_id, topics="Conflict with sister")
    body = f"csrf_token={csrf_token(signed_in.client)}&q=sister%FF%FE"
    page = signed_in.client.post(
        "/search", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert page.status_code == 200
    assert 'value="sister%FF%FE"' in page.text
    assert hits(page.text, "word-hits") == []  # "FF" and "FE" are words no line holds


def test_input_over_the_body_limit_is_413(signed_in, stub, app):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    page = signed_in.post("/search", {"q": "x" * 20_000})
    assert page.status_code == 413
    assert "too large" in page.text


@pytest.mark.parametrize(
    ("line", "q"),
    [
        ("Schlafstörung besprochen", "schlafstörung"),
        ("Discussed work stress", "ＷＯＲＫ"),  # full-width letters typed read as plain ones
        ("Discussed the café visit", "café"),
        ("Said “I can’t cope” twice", "cope"),
    ],
)
def test_input_unicode_words_are_found(searches, client_id, line, q):
    searches.note(client_id, topics=line)
    page = searches.search(q)
    assert page.status_code == 200
    assert len(hits(page.text, "word-hits")) == 1


def test_input_is_kept_in_the_box_after_a_search(searches, client_id):
    page = searches.search('sister "holiday plans"')
    assert 'value="sister &#34;holiday plans&#34;"' in page.text
