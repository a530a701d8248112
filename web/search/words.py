"""Word search in the database's own full-text index, with the words it matched marked.

SQLite: the FTS5 table of migration 0007 (Porter stems, diacritics folded), ranked by bm25.
PostgreSQL: websearch_to_tsquery against the expression index on to_tsvector('english', text),
ranked by ts_rank. Each marks what it matched with two private-use characters; `marked` turns
that into HTML, escaping the text first.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from ..records import Note, SearchItem
from .query import Query

OPEN, CLOSE = "\ue000", "\ue001"  # private-use; a line holding one is shown unmarked
MARKS = re.compile(f"([{OPEN}{CLOSE}])")
ENGLISH = literal_column("'english'::regconfig")  # as the index says it, so the index is used
VECTOR = func.to_tsvector(ENGLISH, SearchItem.text)
HEADLINE = f"StartSel={OPEN}, StopSel={CLOSE}, HighlightAll=true"


def find(
    session: Session, query: Query, visible: list[ColumnElement[bool]], limit: int
) -> list[tuple[int, str]]:
    """The best `limit` lines matching the words, as (row id, text with its matches marked).

    Args:
        session: the database session.
        query: the parsed search.
        visible: the conditions on Note that make a line the signed-in clinician's to see.
        limit: the most lines returned.
    Returns:
        Best match first.
    """
    stmt = find_statement(session, query, visible, limit)
    return [(row_id, text) for row_id, text in session.execute(stmt)]


def find_statement(
    session: Session, query: Query, visible: list[ColumnElement[bool]], limit: int
) -> Select:
    """The SELECT of `find` for the session's database."""
    stmt = _sqlite(query) if session.get_bind().dialect.name == "sqlite" else _postgresql(query)
    return stmt.join(Note, Note.id == SearchItem.note_id).where(*visible).limit(limit)


def _sqlite(query: Query) -> Select:
    fts = table("search_items_fts", column("rowid"))
    name = literal_column("search_items_fts")
    return (
        select(SearchItem.id, func.highlight(name, 0, OPEN, CLOSE))
        .select_from(fts)
        .join(SearchItem, SearchItem.id == fts.c.rowid)
        .where(name.op("MATCH")(query.fts5()))
        .order_by(func.bm25(name), SearchItem.id)
    )


def tsquery(query: Query) -> ColumnElement:
    """PostgreSQL's reading of the search."""
    return func.websearch_to_tsquery(ENGLISH, query.text)


def matching(query: Query) -> ColumnElement[bool]:
    """PostgreSQL's test of a line, in the words of the index (migration 0007)."""
    return VECTOR.op("@@")(tsquery(query))


def _postgresql(query: Query) -> Select:
    words = tsquery(query)
    return (
        select(SearchItem.id, func.ts_headline(ENGLISH, SearchItem.text, words, HEADLINE))
        .where(matching(query))
        .order_by(func.ts_rank(VECTOR, words).desc(), SearchItem.id)
    )


def only_common_words(session: Session, query: Query) -> bool:
    """Whether PostgreSQL reads the search as stop words only ("the", "and"), finding nothing."""
    if session.get_bind().dialect.name == "sqlite":
        return False  # FTS5 keeps every word
    found = session.scalar(select(func.numnode(tsquery(query))))
    return found == 0


def marked(found: str, original: str) -> Markup:
    """HTML of `original` with the matched words in <mark>: every piece escaped, then marked.

    Args:
        found: the text as the database returned it, with OPEN/CLOSE around each match.
        original: the line as stored.
    Returns:
        Safe markup; the escaped line without marks when the two texts disagree.
    """
    if MARKS.sub("", found) != original:
        return escape(original)
    out, inside = [], False
    for part in MARKS.split(found):
        if part in (OPEN, CLOSE):
            if (part == OPEN) != inside:
                out.append("<mark>" if part == OPEN else "</mark>")
                inside = not inside
        elif part:
            out.append(str(escape(part)))
    if inside:
        out.append("</mark>")
    return Markup("".join(out))
