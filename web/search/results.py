"""One search end to end, without the page: whose lines, the two kinds of match, the audit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, joinedload

from .. import auditlog
from ..notes.review_page import LABELS
from ..records import Client, Note, SearchItem, User
from . import meaning, words
from .index import ADDENDUM
from .query import Query

WORD_LIMIT = 50
MEANING_LIMIT = 10


def visible(user: User, client: Client | None) -> list[ColumnElement[bool]]:
    """The lines `user` may see, as get_owned sees notes: their own, not voided (one client's)."""
    found = [Note.author_id == user.id, Note.status != "voided"]
    return found + ([Note.client_id == client.id] if client is not None else [])


@dataclass(frozen=True)
class Hit:
    """A line found, with what the page shows of it."""

    item: SearchItem
    text: Markup
    similarity: float | None = None

    @property
    def note(self) -> Note:
        return self.item.note

    @property
    def label(self) -> str:
        return "Addendum" if self.item.section == ADDENDUM else LABELS[self.item.section]

    @property
    def url(self) -> str:
        """The addendum's page, or the note's box of the line's section."""
        if self.item.addendum_id is not None:
            return url_for("notes.show_addendum", addendum_id=self.item.addendum_id)
        return url_for("notes.show", note_id=self.item.note_id) + f"#field-{self.item.section}"


@dataclass
class Results:
    """The word matches, the meaning matches, and a sentence for each kind when there is one."""

    words: list[Hit] = field(default_factory=list)
    meaning: list[Hit] = field(default_factory=list)
    words_note: str | None = None
    meaning_note: str | None = None
    by_meaning: bool = True  # False on rules alone: no encoder to compare meanings

    @property
    def note_ids(self) -> list[int]:
        return sorted({h.item.note_id for h in self.words + self.meaning})


def run(session: Session, engine: Any, user: User, client: Client | None, query: Query) -> Results:
    """Search `user`'s notes (or one client's) and record that they searched (not for what).

    Args:
        session: the database session; the caller commits (new vectors and the audit row).
        engine: the app's pipeline (meaning search when it embeds sentences).
        user: the signed-in clinician.
        client: one of their clients, or None for all of them.
        query: the parsed search.
    Returns:
        The Results.
    """
    scope = visible(user, client)
    found = words.find(session, query, scope, WORD_LIMIT)
    results = Results()
    rows = _load(session, [row_id for row_id, _ in found])
    results.words = [Hit(rows[i], words.marked(text, rows[i].text)) for i, text in found]
    if not found and words.only_common_words(session, query):
        results.words_note = "The search holds only common words (the, and, of), which the "
        results.words_note += "word index leaves out: add a word that says what you look for."
    if not meaning.available(engine):
        results.by_meaning = False
        results.meaning_note = "Search by meaning needs the MiniLM encoder, which is not loaded."
    else:
        similar = meaning.find(
            session, engine, query.text, scope, MEANING_LIMIT, {i for i, _ in found}
        )
        rows = _load(session, [row_id for row_id, _ in similar.hits])
        results.meaning = [Hit(rows[i], escape(rows[i].text), s) for i, s in similar.hits]
        if similar.compared < similar.total:
            results.meaning_note = (
                f"Compared by meaning with {similar.compared} of your {similar.total} lines "
                "so far; each search prepares more (or run `notewell search reindex`)."
            )
    detail = f"{len(results.words)} word, {len(results.meaning)} meaning match(es)"
    if results.note_ids:
        detail += "; notes " + ", ".join(map(str, results.note_ids))
    auditlog.record("search", client_id=client.id if client else None, detail=detail)
    return results


def _load(session: Session, ids: list[int]) -> dict[int, SearchItem]:
    if not ids:
        return {}
    stmt = (
        select(SearchItem)
        .where(SearchItem.id.in_(ids))
        .options(joinedload(SearchItem.note).joinedload(Note.client))
    )
    return {row.id: row for row in session.scalars(stmt)}
