"""What search finds, kept current: one row per line of a note's reviewed record, one per addendum.

The rows follow the note on every flush (save, autosave, accepted rewrite, sign, addendum, void),
whatever code path made the change, through one `before_flush` hook: a view cannot forget it.
Indexed is the clinical record as reviewed, drafts and signed notes alike (both are their
author's alone); never the jotting, which is a psychotherapy note. A voided draft has no rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import event, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from assistant import SECTIONS

from ..records import Addendum, Note, SearchItem

ADDENDUM = "addendum"


def note_lines(fields: dict[str, Any]) -> Iterator[tuple[str, int, str]]:
    """The reviewed record's lines as (section, position in the section, text)."""
    sections = fields.get("sections") or {}
    for section in SECTIONS:
        lines = [line.strip() for line in sections.get(section) or [] if line.strip()]
        for position, line in enumerate(lines):
            yield section, position, line


def sync_note(session: Session, note: Note) -> None:
    """Make the note's rows match its fields (and addenda); a voided draft loses them all.

    A line kept as it was keeps its row and its embedding; a line that moved keeps the vector
    of its words.
    """
    rows = [] if note.id is None else _rows_of(session, note.id)
    if note.voided:
        for row in rows:
            session.delete(row)
        return
    lines = {(r.section, r.position, r.text): r for r in rows if r.addendum_id is None}
    vectors = {r.text: r for r in lines.values() if r.embedding is not None}
    wanted = set(note_lines(note.fields or {}))
    for key, row in lines.items():
        if key not in wanted:
            session.delete(row)
    for section, position, text in sorted(wanted - lines.keys()):
        row = SearchItem(note=note, section=section, position=position, text=text)
        if text in vectors:
            row.embedding = vectors[text].embedding
            row.embedding_name = vectors[text].embedding_name
        session.add(row)
    indexed = {r.addendum_id for r in rows if r.addendum_id is not None}
    for addendum in note.addenda if note.id is not None else []:
        # one added in this flush has no id yet: the hook indexes it as a new addendum
        if addendum.id is not None and addendum.id not in indexed:
            session.add(_addendum_row(addendum))


def _rows_of(session: Session, note_id: int) -> list[SearchItem]:
    return list(session.scalars(select(SearchItem).where(SearchItem.note_id == note_id)))


def _addendum_row(addendum: Addendum) -> SearchItem:
    return SearchItem(
        note_id=addendum.note_id,
        addendum=addendum,
        section=ADDENDUM,
        position=0,
        text=addendum.text,
    )


def _changed(note: Note, session: Session) -> bool:
    if note in session.new:
        return True
    attrs = sa_inspect(note).attrs
    return attrs.fields.history.has_changes() or attrs.status.history.has_changes()


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, Note) and _changed(obj, session):
                sync_note(session, obj)
            elif isinstance(obj, Addendum) and obj in session.new:
                session.add(_addendum_row(obj))


def init_app(app: Flask) -> None:
    """Keep the index current in every session of the app's database."""
    event.listen(app.extensions["db_sessions"].session_factory, "before_flush", _before_flush)


@dataclass(frozen=True)
class Reindexed:
    """What `reindex` did."""

    notes: int
    rows: int


def reindex(session: Session) -> Reindexed:
    """Bring every note's rows in line with the note (after a restore, or rows lost); the
    caller commits. Unchanged lines keep their embeddings."""
    notes = list(session.scalars(select(Note).order_by(Note.id)))
    with session.no_autoflush:
        for note in notes:
            sync_note(session, note)
    session.flush()
    count = session.scalar(select(func.count()).select_from(SearchItem)) or 0
    return Reindexed(notes=sum(not n.voided for n in notes), rows=count)
