"""Where sign-in sends the visitor: the page they asked for, only when it is on this site."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# Browsers drop tabs and line breaks anywhere in a URL, trim blanks and control characters at
# its ends and read a backslash as a slash: "/\t/evil.example" goes to //evil.example. A target
# holding any of them is refused rather than cleaned, since no link of the app has one.
UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")
MAX_DECODINGS = 5  # "%25" decodes to "%": each round may reveal another encoded form


def _same_site_path(text: str) -> bool:
    if UNSAFE.search(text) or not text.startswith("/") or text.startswith("//"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None) -> str | None:
    """The target when it, and every form it decodes to, is a path on this site; else None.

    Args:
        target: the `next` query value as the request gave it (decoded once).
    Returns:
        `target` unchanged, or None for anything a browser might take off-site.
    """
    if not target:
        return None
    text = target
    for _ in range(MAX_DECODINGS):
        if not _same_site_path(text):
            return None
        decoded = unquote(text)
        if decoded == text:
            return target
        text = decoded
    return None  # still encoded after every round: no link of the app looks like that
