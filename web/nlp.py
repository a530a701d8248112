"""The NLP pipeline, built once per app and kept in app.extensions["assistant"]."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from flask import Flask, current_app

import assistant

_lock = threading.Lock()


def get_assistant(app: Flask | None = None) -> Any:
    """The app's Assistant, built on first use (tests may put a stub there beforehand)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get("assistant")
    if found is None:
        with _lock:
            found = app.extensions.get("assistant")
            if found is None:
                found = assistant.load(**app.config.get("ASSISTANT_OPTIONS", {}))
                app.extensions["assistant"] = found
    return found


def structure(text: str) -> dict[str, Any]:
    """The pipeline's note-schema dict for `text`; raises assistant's named errors."""
    return get_assistant().structure(text, reference_date=dt.date.today()).to_dict()


def max_chars() -> int:
    """The longest jotting the pipeline takes."""
    return int(getattr(get_assistant(), "max_chars", assistant.DEFAULT_MAX_CHARS))


def flags(text: str) -> list[dict[str, Any]]:
    """The flags of any text (an addendum, a reviewed field), as note-schema flag dicts."""
    return [flag.to_dict() for flag in get_assistant().flags(text)]
