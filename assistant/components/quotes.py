"""assistant_quotes: the client's own words inside quote marks (doc.spans["quotes"])."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc


class QuoteFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def initialize(self, *, models: Path) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["quotes"] = []
        return doc
