"""Quote marks in a jotting, paired: straight and curly double quotes, dictated "quote ...
unquote", and single quotes used as quotation marks (an apostrophe between two letters, don't /
friend's / intro'd, never opens or closes one).
"""

from __future__ import annotations

import re

MAX_QUOTE_CHARS = 500
_DOUBLE_OPEN = '"“„«'
_DOUBLE_CLOSE = '"”»'
_SINGLE = "'‘’"


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def find_quote_pairs(text: str) -> list[tuple[int, int]]:
    """Return (open, close) indices of the quote-mark pairs in `text`, in order, not nested.

    Args:
        text: any text.
    Returns:
        Index pairs of the opening and closing marks; the quoted words lie between them.
    """
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch in _DOUBLE_OPEN or ch in _DOUBLE_CLOSE:
            if opened is None:
                if ch in _DOUBLE_OPEN:
                    opened = i
            elif ch in _DOUBLE_OPEN and ch not in _DOUBLE_CLOSE:
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
    pairs += _single_pairs(text, taken)
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


def _single_pairs(text: str, taken: bytearray) -> list[tuple[int, int]]:
    n = len(text)
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch not in _SINGLE or taken[i]:
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if _is_word(prev) and _is_word(nxt):
            continue  # apostrophe: don't, friend's, intro'd
        can_open = ch != "’" and not _is_word(prev) and not nxt.isspace() and prev not in "'‘’"
        can_close = ch != "‘" and not prev.isspace() and not _is_word(nxt) and i > 0
        if opened is not None and can_close:
            inner = text[opened + 1 : i]
            if "\n" not in inner and 0 < len(inner) <= MAX_QUOTE_CHARS and inner.strip():
                out.append((opened, i))
                opened = None
                continue
        if can_open:
            opened = i
    return out
