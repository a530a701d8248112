"""Search by meaning with the packaged MiniLM itself, through the pages (slow: marked `model`)."""

from __future__ import annotations

import pytest

import assistant

from .conftest import Searches, hits

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def minilm() -> assistant.Assistant:
    """The real pipeline with the encoder (loaded once for both databases)."""
    engine = assistant.load(classifier=True)
    assert engine.embedding_name is not None
    return engine


def test_real_encoder_finds_insomnia_for_couldnt_sleep(app, signed_in, minilm):
    app.extensions["assistant"] = minilm
    searches = Searches(signed_in)
    client_id = signed_in.add_client()
    searches.note(
        client_id,
        topics="Reports insomnia most nights, waking around 3 am\n"
        "Conflict with sister over holiday plans",
        plan="Review the budget spreadsheet",
    )
    page = searches.search("couldn't sleep")
    assert page.status_code == 200
    assert hits(page.text, "word-hits") == []  # no word in common
    assert hits(page.text, "meaning-hits") == ["Reports insomnia most nights, waking around 3 am"]
