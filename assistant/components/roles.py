"""assistant_roles: decides each segment's section role (rules first, learned classifier beside)."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import RoleDecision


class RoleTagger:
    def __init__(self, nlp: Language, name: str, *, threshold: float = 0.5) -> None:
        self.name = name
        self.threshold = threshold
        self.classifier: object | None = None

    def initialize(self, *, models: Path) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        doc._.decisions = [RoleDecision("other", "rule", 0.0) for _ in doc.spans["segments"]]
        return doc
