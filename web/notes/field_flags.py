"""Flags of the note as it will be signed, free of Flask: each reviewed field's flags, keys that
name one occurrence, rewrites applied per occurrence, and the way back (undo)."""

from __future__ import annotations

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
        The new template, and for each flag the occurrence of its rewrite in the new field text
        (what `undo_rewrite` looks for).
    """
    placed: list[tuple[dict, int]] = []
    for s in SECTIONS:
        mine = sorted((f for f in flags if f["section"] == s), key=lambda f: f["start"])
        if not mine:
            continue
        text, shift, starts = field_text(fields, s), 0, []
        for flag in mine:
            start = flag["start"] + shift
            text = text[:start] + flag["suggestion"] + text[start + len(flag["text"]) :]
            shift += len(flag["suggestion"]) - len(flag["text"])
            starts.append(start)
        for flag, start in zip(mine, starts, strict=True):
            placed.append((flag, text.count(flag["suggestion"], 0, start)))
        fields = _lines(fields, s, text)
    return fields, placed


def find_nth(text: str, words: str, nth: int) -> int:
    """Where the `nth` (0-based, non-overlapping) occurrence of `words` starts, or -1."""
    pos = text.find(words)
    for _ in range(nth):
        if pos < 0:
            return -1
        pos = text.find(words, pos + len(words))
    return pos


def undo_rewrite(
    fields: dict[str, Any], section: str, rewrite: str, nth: int, original: str
) -> dict[str, Any] | None:
    """Put `original` back where the `nth` occurrence of `rewrite` stands in `section`, or None
    when the rewrite is no longer there (the reviewer edited it)."""
    text = field_text(fields, section)
    start = find_nth(text, rewrite, nth)
    if start < 0:
        return None
    return _lines(fields, section, text[:start] + original + text[start + len(rewrite) :])
