"""Search fixtures: the stub pipeline with a light embedding, ann's client, notes and searches."""

from __future__ import annotations

import re
import zlib

import numpy as np
import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent

from ..conftest import StubAssistant

# Words the stub embedding puts together, so a test can find a line by meaning without a
# shared word (the real encoder's own test is marked `model`).
CONCEPTS = {
    "sleep": "sleep",
    "insomnia": "sleep",
    "awake": "sleep",
    "sister": "family",
    "brother": "family",
}
DIM = 256


class EmbeddingStub(StubAssistant):
    """StubAssistant with `embed`: a hashed bag of words, each concept word counting three times."""

    embedding_name = "stub bag of concepts"

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed(self, texts):
        self.embedded.extend(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                concept = CONCEPTS.get(word)
                out[row, zlib.crc32((concept or word).encode()) % DIM] += 3.0 if concept else 1.0
            norm = np.linalg.norm(out[row])
            out[row] /= norm if norm else 1.0
        return out


@pytest.fixture
def stub(app) -> EmbeddingStub:
    """The app's pipeline: the web stub, with the light embedding."""
    app.extensions["assistant"] = EmbeddingStub()
    return app.extensions["assistant"]


class Searches:
    """Notes written through the pages, and searches posted as the search form posts them."""

    def __init__(self, auth) -> None:
        self.auth = auth

    def note(self, client_id: int, **sections: str) -> int:
        """A draft whose reviewed sections hold the given lines (one per line of each text)."""
        note_id = self.auth.new_note(client_id, "50 min. Session held.")
        response = self.auth.save(note_id, **sections)
        assert response.status_code == 302, response.text
        return note_id

    def search(self, q: str, client_id: int | None = None):
        data = {"q": q}
        if client_id is not None:
            data["client_id"] = client_id
        return self.auth.post("/search", data)


@pytest.fixture
def searches(signed_in, stub) -> Searches:
    return Searches(signed_in)


@pytest.fixture
def client_id(signed_in) -> int:
    return signed_in.add_client("Jo Smith", "C-001")


def hits(page: str, kind: str) -> list[str]:
    """The result lines of one list ("word-hits" or "meaning-hits") as the page shows them."""
    found = re.search(rf'<ol class="hits" id="{kind}">(.*?)</ol>', page, re.S)
    return re.findall(r'<p class="hit">(.*?)</p>', found.group(1), re.S) if found else []


def marked(hit: str) -> list[str]:
    """The words of a result line inside <mark> (SQLite marks a phrase at once, PostgreSQL
    word by word)."""
    return " ".join(re.findall(r"<mark>(.*?)</mark>", hit)).split()


def links(page: str, kind: str) -> list[str]:
    """The result links of one list."""
    found = re.search(rf'<ol class="hits" id="{kind}">(.*?)</ol>', page, re.S)
    return re.findall(r'<a href="([^"]+)"', found.group(1)) if found else []


@pytest.fixture
def events(app):
    """events(action): the audit log's events of that action, oldest first."""

    def get(action: str) -> list[AuditEvent]:
        with app.app_context():
            stmt = select(AuditEvent).where(AuditEvent.action == action)
            return list(db.session.scalars(stmt.order_by(AuditEvent.id)))

    return get
