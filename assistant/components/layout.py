"""assistant_layout: line breaks and bullets become sentence boundaries before the parser runs."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc


class Layout:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def initialize(self, *, models: Path) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        for i, token in enumerate(doc):
            if i and "\n" in doc[i - 1].text_with_ws:
                token.is_sent_start = True
        return doc
