"""The writer's own headers ("HW:", "Plan -", "S:"), read from the headers lexicon.

A header is a lexicon pattern at the start of a line or sentence followed by ":" (or a spaced
dash, or a dictated "colon"). Section headers may also stand inside a line ("... CBT intro'd,
HW: sleep diary").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..resources import load_rules
from ..vocab import HEADER_SCOPES, ROLES, HeaderLabel

# A determiner or possessive just before a header word makes it the sentence's noun.
OWNED = re.compile(r"\b(?:the|a|an|her|his|their|my|our|your|its|this|that)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class HeaderRule:
    """One way of writing a header: its pattern and the label it gives the words after it."""

    id: str
    label: HeaderLabel
    pattern: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HeaderRule:
        scope, role = str(data["scope"]), str(data["role"])
        if scope not in HEADER_SCOPES:
            raise ValueError(f"scope must be one of {', '.join(HEADER_SCOPES)}, not {scope!r}")
        if role not in ROLES:
            raise ValueError(f"role {role!r} is not one of the roles")
        rule = cls(
            id=str(data["id"]),
            label=HeaderLabel(scope, role, float(data.get("weight", 1.0))),  # type: ignore[arg-type]
            pattern=str(data["pattern"]),
        )
        re.compile(rule.pattern)  # fail at load time, with the entry number, on a broken pattern
        return rule

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scope": self.label.scope,
            "role": self.label.role,
            "pattern": self.pattern,
            "weight": self.label.weight,
        }


class HeaderReader:
    """Finds headers at the start of a text, or inside a line for section headers."""

    def __init__(self, rules: list[HeaderRule]) -> None:
        self.labels = {f"h{i}": rule.label for i, rule in enumerate(rules)}
        alternatives = [f"(?P<h{i}>{rule.pattern})" for i, rule in enumerate(rules)]
        self.header_re = re.compile(
            r"^\s*(?:"
            + "|".join(alternatives)
            + r")\s*(?::|\s[-–—]\s|\s*-\s*$|\)\s|\s+(?:colon|comma)\s)\s*",
            re.IGNORECASE,
        )
        sections = [f"(?:{r.pattern})" for r in rules if r.label.scope == "section"]
        # a section header inside a line: "... CBT intro'd, HW: sleep diary"
        self.inline_re = re.compile(r"(?<=[\s,.;(])(?:" + "|".join(sections) + r")\s*:", re.I)

    @classmethod
    def load(cls, data: Path) -> HeaderReader:
        """Read the headers lexicon of the data folder."""
        return cls(load_rules("headers", HeaderRule, data))

    def header_at(self, text: str) -> tuple[HeaderLabel, int] | None:
        """Return (label, length) of a header at the start of `text`, or None."""
        m = self.header_re.match(text)
        if not m:
            return None
        group = next(g for g, v in m.groupdict().items() if v is not None)
        return self.labels[group], m.end()

    def inline(self, text: str) -> list[re.Match[str]]:
        """The section headers standing inside `text`; words after a determiner or possessive
        are the sentence's own ("We updated her safety plan: she'll take the train")."""
        return [m for m in self.inline_re.finditer(text) if not OWNED.search(text, 0, m.start())]
