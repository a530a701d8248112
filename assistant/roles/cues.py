"""Role cue scoring shared by the role tagger (per segment) and the section extractor (per item)."""

from __future__ import annotations

import re
from pathlib import Path

from ..lexicon import PatternRule
from ..resources import load_rules


class CueScorer:
    """Sums the weights of the role_cues lexicon patterns per role over a text."""

    def __init__(self) -> None:
        self.cues: list[tuple[str, float, re.Pattern[str]]] = []

    def load(self, data: Path) -> CueScorer:
        """Compile the cues once; returns self."""
        self.cues = [
            (rule.label, rule.weight, rule.compile())
            for rule in load_rules("role_cues", PatternRule, data)
        ]
        return self

    def scores(self, text: str) -> dict[str, float]:
        """Role -> summed weight of the cues found in `text` (a second hit of a cue counts too).

        Args:
            text: a segment or an item.
        Returns:
            Only the roles with evidence.
        """
        out: dict[str, float] = {}
        for role, weight, pattern in self.cues:
            hits = sum(1 for _ in zip(range(2), pattern.finditer(text), strict=False))
            if hits:
                out[role] = out.get(role, 0.0) + weight * hits
        return out
