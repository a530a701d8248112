"""assistant_session: finds date, duration and time-range mentions (doc.spans["session"])."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc


class SessionFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def initialize(self, *, models: Path) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["session"] = []
        return doc
