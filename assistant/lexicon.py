"""Typed rule classes of the lexicons in the package data (read through resources.load_rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .resources import load_rules


@dataclass(frozen=True)
class PatternRule:
    """A case-insensitive regular expression with what it means.

    `label` is the role, header key or cue kind the pattern stands for; `weight` its strength.
    """

    id: str
    label: str
    pattern: str
    weight: float = 1.0
    case_sensitive: bool = False
    note: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PatternRule:
        rule = cls(
            id=str(data["id"]),
            label=str(data["label"]),
            pattern=str(data["pattern"]),
            weight=float(data.get("weight", 1.0)),
            case_sensitive=bool(data.get("case_sensitive", False)),
            note=str(data.get("note", "")),
        )
        rule.compile()  # fail at load time, with the entry number, on a broken pattern
        return rule

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "label": self.label, "pattern": self.pattern}
        if self.weight != 1.0:
            out["weight"] = self.weight
        if self.case_sensitive:
            out["case_sensitive"] = True
        if self.note:
            out["note"] = self.note
        return out

    def compile(self) -> re.Pattern[str]:
        try:
            return re.compile(self.pattern, 0 if self.case_sensitive else re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"bad pattern {self.pattern!r}: {exc}") from exc


@dataclass(frozen=True)
class Technique:
    """One entry of the intervention taxonomy: a canonical name and the ways writers put it."""

    canonical: str
    modality: str
    terms: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = field(default=())  # matched case-sensitively (ACT, MI, IPT)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Technique:
        terms = tuple(str(t) for t in data.get("terms", []))
        acronyms = tuple(str(t) for t in data.get("acronyms", []))
        if not terms and not acronyms:
            raise ValueError("a technique needs at least one term or acronym")
        return cls(
            canonical=str(data["canonical"]),
            modality=str(data["modality"]),
            terms=terms,
            acronyms=acronyms,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"canonical": self.canonical, "modality": self.modality}
        if self.terms:
            out["terms"] = list(self.terms)
        if self.acronyms:
            out["acronyms"] = list(self.acronyms)
        return out


@dataclass(frozen=True)
class WordClass:
    """A named class of words (lower-case lemmas or forms) that a clause rule looks for."""

    id: str
    words: frozenset[str]
    note: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WordClass:
        words = frozenset(str(w).lower() for w in data.get("words", []))
        if not words:
            raise ValueError("a word class needs at least one word")
        return cls(id=str(data["id"]), words=words, note=str(data.get("note", "")))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "words": sorted(self.words)}
        if self.note:
            out["note"] = self.note
        return out


def word_classes(name: str, data: Path) -> dict[str, frozenset[str]]:
    """The word classes of one lexicon of WordClass entries, by id."""
    return {c.id: c.words for c in load_rules(name, WordClass, data)}


class NoWords(dict[str, frozenset[str]]):
    """Every word class empty: what a component holds until it is initialized."""

    def __missing__(self, key: str) -> frozenset[str]:
        return frozenset()
