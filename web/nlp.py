"""The NLP pipeline, built once per app and kept in app.extensions["assistant"]."""

from __future__ import annotations

import datetime as dt
import functools
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


def structure(text: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The pipeline's note-schema dict for `text`; raises assistant's named errors.

    `previous` is the client's last signed note's structured dict: the items that review its
    homework carry homework_ref and homework_status.
    """
    engine = get_assistant()
    note = engine.structure(text, reference_date=dt.date.today(), previous=previous)
    return note.to_dict()


def goal_links(note: dict[str, Any], goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The engine's suggested links of a note's lines to treatment goals (GoalLink dicts:
    goal position, section, index, text, score); raises assistant's named errors."""
    return [link.to_dict() for link in get_assistant().suggest_goal_links(note, goals)]


def max_chars() -> int:
    """The longest jotting the pipeline takes."""
    return int(getattr(get_assistant(), "max_chars", assistant.DEFAULT_MAX_CHARS))


def flags(text: str) -> list[dict[str, Any]]:
    """The engine's flags of any text (an addendum, a reviewed field), as note-schema dicts.

    A page shows every field's flags on each load, and most fields did not change since the
    last one: the flags of recent texts are kept in memory (never on disk), per engine.
    """
    return [dict(flag) for flag in _flags(get_assistant(), text)]


@functools.lru_cache(maxsize=2048)
def _flags(engine: Any, text: str) -> tuple[dict[str, Any], ...]:
    return tuple(flag.to_dict() for flag in engine.flags(text))


def techniques(text: str) -> list[str]:
    """The taxonomy's canonical names of the interventions a line names (kept in memory)."""
    return list(_techniques(get_assistant(), text))


@functools.lru_cache(maxsize=4096)
def _techniques(engine: Any, text: str) -> tuple[str, ...]:
    return tuple(engine.techniques(text))


def group_topics(texts: list[str]) -> list[list[int]]:
    """The topics grouped by theme (indices into `texts`), MiniLM when the engine has it."""
    return get_assistant().group_topics(list(texts))
