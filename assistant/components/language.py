"""assistant_language: flags interpretive and jargon wording (doc.spans["flags"])."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc


class LanguageReview:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def initialize(self, *, models: Path) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["flags"] = []
        doc._.flag_details = {}
        return doc
