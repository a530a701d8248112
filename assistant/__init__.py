"""Notewell's NLP library: rough session jottings in, a StructuredNote out.

import assistant
note = assistant.structure("50 min. work stress. HW: sleep diary")
note.to_dict()
"""

from __future__ import annotations

import datetime as dt
import threading

from . import _torchless  # noqa: F401  (first, before spaCy: structuring never imports torch)
from .api import DEFAULT_MAX_CHARS, Assistant, __version__, check_text, load
from .errors import (
    EmptyInputError,
    GoalsError,
    InputTooLongError,
    InvalidInputError,
    NotewellError,
    PreviousNoteError,
    ResourceError,
)
from .note import AuditCheck, Flag, Item, Session, StructuredNote
from .vocab import SECTIONS

_shared: Assistant | None = None
_lock = threading.Lock()


def structure(
    text: str,
    reference_date: dt.date | None = None,
    *,
    previous: StructuredNote | dict | None = None,
) -> StructuredNote:
    """Structure one jotting with a shared Assistant built on first use (Assistant.structure)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = load()
    return _shared.structure(text, reference_date=reference_date, previous=previous)


__all__ = [
    "DEFAULT_MAX_CHARS",
    "SECTIONS",
    "Assistant",
    "AuditCheck",
    "EmptyInputError",
    "Flag",
    "GoalsError",
    "InputTooLongError",
    "InvalidInputError",
    "Item",
    "NotewellError",
    "PreviousNoteError",
    "ResourceError",
    "Session",
    "StructuredNote",
    "__version__",
    "check_text",
    "load",
    "structure",
]
