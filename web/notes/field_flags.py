"""Flags of the note as it will be signed, free of Flask: each reviewed field's flags, keys that
name one occurrence, rewrites applied per occurrence, and the way back (undo)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from typing import Any

from assistant import SECTIONS

Check = Callable[[str], list[dict[str, Any]]]


def field_text(fields: dict[str, Any], section: str) -> str:
    """A section's lines as the one text the engine checks (offsets refer to it)."""
    return "\n".join(fields["sections"].get(section, []))


def flag_key(section: str, flag: dict[str, Any], text: str) -> str:
    """A key naming one occurrence of a flagged term in a field: it stays the same while the
    words before it do, so a dismissal holds as long as the words are there."""
    nth = text.count(flag["text"], 0, flag["start"]) if flag["text"] else 0
    return f"{section}:{flag['kind']}:{nth}:{flag['text']}"[:300]


def parse_key(key: str) -> tuple[str, str, int, str] | None:
    """(section, kind, occurrence, words) of a `flag_key`, or None when it is not one."""
    parts = key.split(":", 3)
    if len(parts) != 4 or parts[0] not in SECTIONS or not parts[2].isdecimal():
        return None
    return parts[0], parts[1], int(parts[2]), parts[3]


def section_flags(section: str, text: str, check: Check, dismissed: set[str]) -> list[dict]:
    """The open flags of one field's text: the engine's, less the dismissed occurrences."""
    out = []
    for flag in check(text) if text.strip() else []:
        if text[flag["start"] : flag["end"]] != flag["text"]:
            continue  # never show words that are not there
        key = flag_key(section, flag, text)
        if key not in dismissed:
            out.append({**flag, "key": key, "section": section})
    return out


def open_flags(
    fields: dict[str, Any], check: Check, dismissed: set[str], order: tuple[str, ...] = SECTIONS
) -> list[dict]:
    """Every reviewed field's open flags, fields in `order`, each flag with its page anchor and
    `same`: how many open drop-in flags carry the same words and rewrite (for "apply to all")."""
    out: list[dict] = []
    for s in order:
        for i, flag in enumerate(section_flags(s, field_text(fields, s), check, dismissed)):
            out.append({**flag, "anchor": f"flag-{s}-{i}"})
    same = Counter(_term(f) for f in out if _drops_in(f))
    for flag in out:
        flag["same"] = same[_term(flag)] if _drops_in(flag) else 0
    return out


def _drops_in(flag: dict[str, Any]) -> bool:
    return bool(flag.get("suggestion") and flag.get("drop_in"))


def _term(flag: dict[str, Any]) -> tuple[str, str, str]:
    return flag["kind"], flag["text"], flag["suggestion"] or ""


def same_term(flags: list[dict], flag: dict[str, Any]) -> list[dict]:
    """The open drop-in flags with `flag`'s words and rewrite ("apply to all N")."""
    return [f for f in flags if _drops_in(f) and _term(f) == _term(flag)]


def next_anchor(flags: list[dict], section: str, start: int, order: tuple[str, ...]) -> str:
    """The page anchor of the first open flag at or after `start` of `section` (page order),
    else the first flag, else the field itself: where focus goes after Accept or Dismiss."""
    place = order.index(section)
    for flag in flags:
        if (order.index(flag["section"]), flag["start"]) >= (place, start):
            return flag["anchor"]
    return flags[0]["anchor"] if flags else f"field-{section}"


def by_section(flags: list[dict]) -> dict[str, list[dict]]:
    """The flags of each section, in text order."""
    out: dict[str, list[dict]] = {s: [] for s in SECTIONS}
    for flag in flags:
        out[flag["section"]].append(flag)
    return out


def _lines(fields: dict[str, Any], section: str, text: str) -> dict[str, Any]:
    return {**fields, "sections": {**fields["sections"], section: text.split("\n")}}


def apply_rewrites(
    fields: dict[str, Any], flags: list[dict]
) -> tuple[dict[str, Any], list[tuple[dict, int]]]:
    """Replace each flag's words by its rewrite, in its field only (the jotting is never touched).

    Args:
        fields: the reviewer's template, as the flags were found in it.
        flags: open drop-in flags of `fields` (one, or every occurrence of a term).
    Returns:
        The new template, and for each flag where its rewrite starts in the new field text.
    """
    placed: list[tuple[dict, int]] = []
    for s in SECTIONS:
        mine = sorted((f for f in flags if f["section"] == s), key=lambda f: f["start"])
        if not mine:
            continue
        text, shift = field_text(fields, s), 0
        for flag in mine:
            start = flag["start"] + shift
            text = text[:start] + flag["suggestion"] + text[start + len(flag["text"]) :]
            shift += len(flag["suggestion"]) - len(flag["text"])
            placed.append((flag, start))
        fields = _lines(fields, s, text)
    return fields, placed


def anchor(text: str, start: int, words: str) -> str:
    """Where `words` stand in a field: their offset and a digest of the text up to their end.

    The digest changes with any edit before or in the words, so an undo never lands elsewhere.
    """
    upto = text[: start + len(words)].encode("utf-8", "surrogatepass")
    return f"{start}:{hashlib.sha256(upto).hexdigest()[:16]}"


def anchored(text: str, mark: str, words: str) -> int | None:
    """The offset `mark` (an `anchor`) names when `words` and the text before them are
    unchanged in `text`, else None."""
    offset = mark.split(":", 1)[0]
    if not offset.isdecimal() or text[int(offset) : int(offset) + len(words)] != words:
        return None
    return int(offset) if anchor(text, int(offset), words) == mark else None


def moved(start: int, edits: list[tuple[int, int, int]]) -> int:
    """`start` after `edits` (offset, old length, new length) made before it in the same text."""
    return start + sum(new - old for at, old, new in edits if at < start)


def replace_at(fields: dict[str, Any], section: str, start: int, old: str, new: str) -> dict:
    """`fields` with `old` (standing at `start` of `section`) replaced by `new`."""
    text = field_text(fields, section)
    return _lines(fields, section, text[:start] + new + text[start + len(old) :])
