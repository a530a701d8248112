"""Is a piece of shorthand explained where it stands? (used by the flag finder)

Two ways a writer explains an acronym in passing, after Schwartz & Hearst's abbreviation finder:
- the short form with its long form in brackets, in either order: "EPDS (Edinburgh Postnatal
  Depression Scale)", "attention deficit hyperactivity disorder (ADHD)"; the long form's word
  initials hold the short form's letters in order, starting with its first;
- a gloss in brackets right after it that says what kind of thing it is: "SUDS (0-100 distress
  rating)", "PCL-5 (a PTSD checklist)".
"""

from __future__ import annotations

import re

MAX_GLOSS = 90  # characters between the brackets
WORD = re.compile(r"[A-Za-z][A-Za-z']*")
GLOSS_AFTER = re.compile(rf"\s*\(([^()\n]{{3,{MAX_GLOSS}}})\)")


def glossed(text: str, start: int, end: int, kinds: frozenset[str]) -> bool:
    """The shorthand text[start:end] is spelled out or glossed in brackets beside it.

    Args:
        text: the whole jotting.
        start: where the shorthand starts.
        end: where it ends.
        kinds: the nouns that say what kind of thing a gloss names (the gloss_kinds lexicon).
    Returns:
        True when a bracket right after it holds its long form or a gloss, or when it stands in
        brackets right after its long form.
    """
    short = text[start:end]
    after = GLOSS_AFTER.match(text, end)
    if after and (_spells(short, after.group(1)) or _names_a_kind(after.group(1), kinds)):
        return True
    if start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")":
        before = text[max(0, start - 1 - MAX_GLOSS) : start - 1]
        return _spells(short, before, from_end=True)
    return False


def _letters(short: str) -> str:
    return "".join(c for c in short.lower() if c.isalpha())


def _initials(words: list[str]) -> str:
    """First letters of the words and of each part of a hyphenated word."""
    return "".join(part[0] for w in words for part in w.lower().split("-") if part)


def _spells(short: str, long_form: str, *, from_end: bool = False) -> bool:
    """The long form's initials hold the short form's letters in order, starting with its first."""
    letters = _letters(short)
    if len(letters) < 2:
        return False
    words = [m.group() for m in re.finditer(r"[A-Za-z][A-Za-z'-]*", long_form)]
    if from_end:
        words = words[-(len(letters) + 3) :]
        # the long form ends right before the bracket: try each start, shortest first
        starts = range(len(words) - 1, -1, -1)
    else:
        words = words[: len(letters) + 3]
        starts = range(0, 1)
    for i in starts:
        initials = _initials(words[i:])
        if initials and initials[0] == letters[0] and _subsequence(letters, initials):
            if len(words) - i >= max(2, len(letters) - 2):
                return True
    return False


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(c in it for c in needle)


def _names_a_kind(gloss: str, kinds: frozenset[str]) -> bool:
    """A gloss of at least two words, one of which says what kind of thing the shorthand is."""
    words = [w.lower() for w in WORD.findall(gloss)]
    return len(words) >= 2 and any(w in kinds for w in words)
