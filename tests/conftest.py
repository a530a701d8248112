"""Shared fixtures: one real Assistant per test session (loading is the slow part)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import assistant
from assistant.note import Item, Session, StructuredNote

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = ROOT / "corpora"  # evaluation sets and training jottings: development material
REFERENCE_DATE = dt.date(2026, 11, 29)


@pytest.fixture(scope="session")
def engine() -> assistant.Assistant:
    """The real pipeline, rules only (the classifier has its own marked tests)."""
    return assistant.load(classifier=False)


@pytest.fixture(scope="session")
def note_schema() -> dict:
    """The output contract, from shared/ when it is there, else the package's copy."""
    for path in (SHARED / "note-schema.json", ROOT / "assistant" / "data" / "note-schema.json"):
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError("note-schema.json not found in shared/ or assistant/data/")


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The development corpora: corpora/eval (evaluation sets) and corpora/roles (training)."""
    return CORPORA


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (contracts, examples); tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} (the shared contracts and examples) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def shared_examples(shared_dir: Path) -> list[dict]:
    """The shared example jottings with their expected extraction."""
    from assistant.evaluate import load_records

    return load_records(shared_dir / "examples" / "examples.jsonl")


@pytest.fixture(scope="session")
def reference_date() -> dt.date:
    """The day "today" means in the tests' jottings."""
    return REFERENCE_DATE


@pytest.fixture(scope="session")
def make_note():
    """Build a StructuredNote by hand: make_note(text, session, flags, topics=["..."], ...).

    A section item given as a string points at its first place in `text`, or spans 0..len when
    the text does not hold it (notes built for the audit and the score need no jotting).
    """

    def build(text: str = "", session: Session | None = None, flags=(), **sections):
        note = StructuredNote(text=text, session=session or Session(), flags=list(flags))
        for name, items in sections.items():
            note.sections[name] = [i if isinstance(i, Item) else _item(text, i) for i in items]
        return note

    return build


def _item(text: str, words: str) -> Item:
    start = max(text.find(words), 0)
    return Item(text=words, start=start, end=start + len(words))
