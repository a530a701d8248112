"""A search as typed, read the way PostgreSQL's websearch_to_tsquery reads it.

Words are all required; "quoted words" are a phrase; `or` between two terms takes either;
a leading minus leaves out lines holding the term. SQLite's FTS5 gets the same reading as an
expression in which every term is a quoted string, so no typed character is FTS5 syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY = 200  # characters: a search is a few words, and each is matched against every line
TERM = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
WORD = re.compile(r"[^\W_]+")  # letters and digits, as both tokenizers read them


class QueryError(ValueError):
    """A search that cannot run; `str()` is the sentence to show."""


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase, as the words the tokenizers see."""

    words: tuple[str, ...]
    negated: bool = False

    def fts5(self) -> str:
        return '"' + " ".join(self.words) + '"'


@dataclass(frozen=True)
class Query:
    """What was typed (normalised) and its terms: `groups` are ANDed, each group's terms ORed."""

    text: str
    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    def fts5(self) -> str:
        """The FTS5 MATCH expression of this reading."""
        required = " AND ".join("(" + " OR ".join(t.fts5() for t in g) + ")" for g in self.groups)
        return " ".join([required, *(f"NOT {t.fts5()}" for t in self.excluded)])


def parse(typed: str) -> Query:
    """Read a search box's text.

    Args:
        typed: the text as sent (the form already refused control characters).
    Returns:
        The Query.
    Raises:
        QueryError: empty, too long, or no word to look for (only punctuation, symbols or
            excluded terms).
    """
    text = unicodedata.normalize("NFKC", typed or "").strip()
    if not text:
        raise QueryError("Type a word or a few words to search for.")
    if len(text) > MAX_QUERY:
        raise QueryError(
            f"A search is at most {MAX_QUERY} characters (this one has {len(text)}): "
            "use a few words."
        )
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for m in TERM.finditer(text):
        negated = bool(m.group(1) or m.group(3))
        raw = m.group(2) if m.group(2) is not None else m.group(4)
        if m.group(2) is None and raw.lower() == "or":
            join_next = bool(groups)
            continue
        words = tuple(WORD.findall(raw))
        if not words:
            continue
        term = Term(words, negated)
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        raise QueryError(
            "Search needs at least one word of letters or digits to look for "
            "(a minus sign before a word leaves it out)."
        )
    return Query(text, tuple(tuple(g) for g in groups), tuple(excluded))
