"""Shared fixtures: one real Assistant per test session (loading is the slow part)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import assistant

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE_DATE = dt.date(2026, 11, 29)


@pytest.fixture(scope="session")
def engine() -> assistant.Assistant:
    """The real pipeline, rules only (the classifier has its own marked tests)."""
    return assistant.load(classifier=False)


@pytest.fixture(scope="session")
def note_schema() -> dict:
    """The output contract, from shared/ when it is there, else the copy in models/."""
    for path in (SHARED / "note-schema.json", ROOT / "models" / "note-schema.json"):
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError("note-schema.json not found in shared/ or models/")
