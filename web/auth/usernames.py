"""User names in one form: NFKC, case-folded, from a small safe set of characters."""

from __future__ import annotations

import re
import unicodedata

# ASCII only: NFKC folds fullwidth and other compatibility forms, but not the letters of other
# scripts that look like Latin ones (Cyrillic "а" and Latin "a"), so those are refused outright.
SAFE_USERNAME = re.compile(r"[a-z0-9._-]+")


def normalise_username(name: str) -> str:
    """The one form of a user name: NFKC of its case fold of its NFKC, without outer blanks."""
    if not isinstance(name, str):
        return name
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold()).strip()


def is_safe_username(name: str) -> bool:
    """True when the normalised name holds only letters a-z, digits, dots, underscores, hyphens."""
    return bool(SAFE_USERNAME.fullmatch(name))
