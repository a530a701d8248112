"""assistant_sections: the key phrases of each section inside the role-tagged segments."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..note import SECTIONS


class SectionExtractor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def initialize(self, *, models: Path) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        for section in SECTIONS:
            doc.spans[section] = []
        return doc
