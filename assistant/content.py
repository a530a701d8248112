"""What a piece of a jotting holds: content words, only session admin, or only who spoke.

Shared by the role tagger and the section extractor; the word classes come from the
content_words lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from spacy.tokens import Span

from .lexicon import NoWords, word_classes

CONTENT = re.compile(r"[^\W\d_]{2,}")
AGE = re.compile(r"\b\d+\s*(?:yo|y/o|yrs?|years?[- ]old|-year-old|m/o|mo)\b|\bw/", re.IGNORECASE)
LEADING_ADMIN = re.compile(
    r"(?:(?:video|phone|telehealth|virtual|in[- ]person|individual|intake|today|yesterday)"
    r"(?:\s+(?:session|visit)|\s+(?:call|check[- ]in)(?!\s+(?:with|to|on|at|in|for|tomorrow|"
    r"tonight|today|this|next|daily|each|every|(?:mon|tue|wed|thu|fri|sat|sun)\w*)\b))?"
    r"(?<!phone)(?<!video)|session|visit|appt"
    # "phone" and "video" alone are the medium only before punctuation: "phone her mother", a
    # "phone check-in tomorrow" and a "video call with mom" are what someone will do
    r"|(?:phone|video)(?=\s*(?:[,.:;()]|[-–—]\s|$)))\b[\s,.:;-]*",
    re.IGNORECASE,
)


def whole_words(words: Iterable[str], *, start: str = r"\b") -> re.Pattern[str]:
    """An expression for any of `words` as a whole word, longest first, case-insensitive."""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(start + r"(?:" + "|".join(map(re.escape, ordered)) + r")\b", re.IGNORECASE)


class Wording:
    """The tests of what a piece holds, over the content_words lexicon's classes."""

    def __init__(self, words: Mapping[str, frozenset[str]]) -> None:
        self.stopwords = words["stopwords"]
        self.shorthand = whole_words(words["shorthand"])
        self.admin_words = whole_words(words["admin_words"])
        self.verb_start = whole_words(words["verb_starts"], start="^")
        self.attribution = whole_words(words["attribution_words"])

    @classmethod
    def load(cls, data: Path) -> Wording:
        return cls(word_classes("content_words", data))

    @classmethod
    def empty(cls) -> Wording:
        """No words, until the component that holds it is initialized."""
        return cls(NoWords())

    def looks_like_verb(self, word: str) -> bool:
        """Whether `word` is a verb notes often open a clause with ("Cried", "review")."""
        return bool(self.verb_start.match(word))

    def has_content(self, piece: str) -> bool:
        """Whether `piece` holds a word that is not a stopword (or a shorthand such as "f/u")."""
        return bool(self.shorthand.search(piece)) or any(
            w.lower() not in self.stopwords for w in CONTENT.findall(piece)
        )

    def admin_only(self, piece: str) -> bool:
        """Whether `piece` names only the session's kind, people, ages ("Mia (6)", "with mom")."""
        admin = self.admin_words
        if not (admin.search(piece) or AGE.search(piece) or any(c.isdigit() for c in piece)):
            return not CONTENT.search(piece)  # "Grief" alone is a topic, not a name
        rest = admin.sub(" ", AGE.sub(" ", piece))
        words = CONTENT.findall(rest)
        # "Mia (6)" is a name; "Cried for 10 min" opens with a verb, capitalised as a sentence start
        return len(words) <= 2 and all(
            w[0].isupper() and not w.isupper() and not self.looks_like_verb(w) for w in words
        )

    def is_attribution_only(self, piece: str) -> bool:
        """Whether `piece` only says who spoke ("Pt said", "which Theo calls"), one name allowed."""
        rest = self.attribution.sub(" ", piece)
        return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 1


def primary_session(spans: Iterable[Span]) -> list[tuple[int, int]]:
    """The mentions that give the session's facts: the first of each label (the finder ranks
    them); a later "f/u 11/25" is content."""
    seen: set[str] = set()
    out = []
    for span in spans:
        if span.label_ not in seen:
            seen.add(span.label_)
            out.append((span.start_char, span.end_char))
    return out
