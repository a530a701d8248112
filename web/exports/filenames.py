"""Download file names: an ASCII fallback plus the RFC 6266 / RFC 5987 UTF-8 form."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote


def ascii_name(name: str) -> str:
    """`name` in ASCII letters, digits, '-', '_' and '.', accents dropped, the rest '_'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]", "_", plain) or "download"


def content_disposition(name: str) -> str:
    """An attachment header any client reads: `filename` in ASCII, `filename*` in UTF-8.

    Args:
        name: the file name as the user should see it (any script, e.g. a code 中文1).
    Returns:
        The Content-Disposition value; Latin-1 safe, so the header never fails to encode.
    """
    kept = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\"')
    return f"attachment; filename=\"{ascii_name(kept)}\"; filename*=UTF-8''{quote(kept, safe='')}"
