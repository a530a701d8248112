"""assistant_segmenter: splits a jotting into segments (doc.spans["segments"])."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc


class Segmenter:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def initialize(self, *, models: Path) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["segments"] = [s for s in doc.sents if not s.text.isspace()]
        return doc
