"""Quote marks in a jotting, paired: straight and curly double quotes, dictated "quote ...
unquote", and single quotes used as quotation marks (an apostrophe between two letters, don't /
friend's / intro'd, never opens or closes one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..lexicon import word_classes

MAX_QUOTE_CHARS = 500


@dataclass(frozen=True)
class QuoteMarks:
    """The characters that open and close quotations (the quote_marks lexicon)."""

    double_open: frozenset[str]
    double_close: frozenset[str]
    single_open: frozenset[str]
    single_close: frozenset[str]

    @classmethod
    def load(cls, data: Path) -> QuoteMarks:
        return cls.of(word_classes("quote_marks", data))

    @classmethod
    def of(cls, marks: Mapping[str, frozenset[str]]) -> QuoteMarks:
        """The marks of the quote_marks lexicon's classes (NoWords() for none yet)."""
        return cls(
            marks["double_open"], marks["double_close"], marks["single_open"], marks["single_close"]
        )


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def find_quote_pairs(text: str, marks: QuoteMarks) -> list[tuple[int, int]]:
    """Return (open, close) indices of the quote-mark pairs in `text`, in order, not nested.

    Args:
        text: any text.
        marks: the quote marks.
    Returns:
        Index pairs of the opening and closing marks; the quoted words lie between them.
    """
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch in marks.double_open or ch in marks.double_close:
            if opened is None:
                if ch in marks.double_open:
                    opened = i
            elif ch in marks.double_open and ch not in marks.double_close:
                opened = i  # a new opener: the earlier one was never closed
            else:
                if (
                    i - opened > 1
                    and i - opened <= MAX_QUOTE_CHARS
                    and "\n\n" not in text[opened:i]
                ):
                    pairs.append((opened, i))
                opened = None
    pairs += _spoken_pairs(text, pairs)
    taken = bytearray(len(text) + 1)  # inside a double-quoted stretch: no single quotes there
    for a, b in pairs:
        taken[a : b + 1] = b"\x01" * (b + 1 - a)
    pairs += _single_pairs(text, taken, marks)
    return sorted(pairs)


# dictation says its marks: "he said quote I can't keep doing this unquote"
SPOKEN_QUOTE = re.compile(
    r"\bquote(?P<inner>\s+\S.*?\s+)(?:unquote|end quote|close quote|end of quote)\b",
    re.IGNORECASE,
)


def _spoken_pairs(text: str, marked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotes opened and closed by spoken words; the blanks next to the words stand for the
    marks, so the quoted words lie between them as with written marks."""
    out = []
    for m in SPOKEN_QUOTE.finditer(text):
        a, b = m.start("inner"), m.end("inner") - 1
        inner = text[a + 1 : b]
        if len(inner) > MAX_QUOTE_CHARS or "\n" in inner:
            continue
        if not any(x < b and a < y for x, y in marked):
            out.append((a, b))
    return out


def _single_pairs(text: str, taken: bytearray, marks: QuoteMarks) -> list[tuple[int, int]]:
    single = marks.single_open | marks.single_close
    n = len(text)
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch not in single or taken[i]:
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if _is_word(prev) and _is_word(nxt):
            continue  # apostrophe: don't, friend's, intro'd
        can_open = (
            ch in marks.single_open
            and not _is_word(prev)
            and not nxt.isspace()
            and prev not in single
        )
        can_close = ch in marks.single_close and not prev.isspace() and not _is_word(nxt) and i > 0
        if opened is not None and can_close:
            inner = text[opened + 1 : i]
            if "\n" not in inner and 0 < len(inner) <= MAX_QUOTE_CHARS and inner.strip():
                out.append((opened, i))
                opened = None
                continue
        if can_open:
            opened = i
    return out
