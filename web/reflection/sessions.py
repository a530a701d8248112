"""The signed notes a reflection reads, as summary Sessions: one query for notes, one for scores."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from .. import nlp
from ..clients import timeline
from ..db import db
from ..records import Client, Measure, Note, User
from .summary import UNNAMED, Session


def signed_notes(user: User, client: Client | None = None) -> dict[int, list[Note]]:
    """The user's signed notes of their own clients (or of one client), by client id."""
    stmt = (
        select(Note)
        .join(Client, Note.client_id == Client.id)
        .where(Client.therapist_id == user.id, Note.author_id == user.id, Note.status == "signed")
    )
    if client is not None:
        stmt = stmt.where(Note.client_id == client.id)
    out: dict[int, list[Note]] = {}
    for note in db.session.scalars(stmt.order_by(Note.client_id, Note.id)):
        out.setdefault(note.client_id, []).append(note)
    return out


def _scores(note_ids: list[int]) -> dict[int, dict[str, float]]:
    """Each note's listed scores by measure name (the last entered when one is there twice)."""
    out: dict[int, dict[str, float]] = {}
    if not note_ids:
        return out
    stmt = select(Measure).where(Measure.note_id.in_(note_ids), Measure.removed_at.is_(None))
    for m in db.session.scalars(stmt.order_by(Measure.id)):
        assert m.note_id is not None
        out.setdefault(m.note_id, {})[m.name] = m.value
    return out


def sessions(user: User, client: Client | None = None) -> list[Session]:
    """The sessions of the user's signed notes, each client's oldest first.

    Homework statuses and canonical names are the timeline's, built over the signed notes
    only: a draft neither counts as a session nor as the next one.
    """
    by_client = signed_notes(user, client)
    scores = _scores([n.id for notes in by_client.values() for n in notes])
    out = []
    for notes in by_client.values():
        for e in timeline.build(notes, techniques=nlp.techniques):
            names = (n for i in e.interventions for n in (i.names or (UNNAMED,)))
            out.append(
                Session(
                    client_id=e.note.client_id,
                    note_id=e.note.id,
                    date=e.date,
                    interventions=tuple(dict.fromkeys(names)),
                    responses=tuple(e.responses),
                    homework=tuple(h.status for h in e.homework),
                    measures=scores.get(e.note.id, {}),
                )
            )
    return out


def clients_of(user: User, found: list[Session]) -> list[tuple[Client, int]]:
    """The user's clients with sessions among `found`, by name, each with its session count."""
    counts = Counter(s.client_id for s in found)
    if not counts:
        return []
    stmt = select(Client).where(Client.therapist_id == user.id, Client.id.in_(list(counts)))
    return [(c, counts[c.id]) for c in db.session.scalars(stmt.order_by(Client.name, Client.id))]
