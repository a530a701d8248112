"""The output contract: StructuredNote and its parts (shared note-schema.json, version 1).

Each part converts both ways: `to_dict()` gives the schema's JSON form and `from_dict()` reads it
back (an edited copy too), so code that holds a note as JSON can still audit and score it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..vocab import SECTIONS

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class Item:
    """One extracted phrase; `text == input[start:end]`."""

    text: str
    start: int
    end: int
    source: str = "rule"
    confidence: float | None = None
    canonical: str | None = None
    assertion: str | None = None  # risk items: present, denied, historical or safety_action
    homework_ref: int | None = None  # index into the previous note's homework this item reviews
    homework_status: str | None = None  # with homework_ref: done, partial or not_done

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.canonical is not None:
            out["canonical"] = self.canonical
        if self.assertion is not None:
            out["assertion"] = self.assertion
        if self.homework_ref is not None:
            out["homework_ref"] = self.homework_ref
            out["homework_status"] = self.homework_status
        out["source"] = self.source
        out["confidence"] = self.confidence
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Item:
        return cls(
            text=str(data["text"]),
            start=int(data["start"]),
            end=int(data["end"]),
            source=str(data.get("source", "rule")),
            confidence=data.get("confidence"),
            canonical=data.get("canonical"),
            assertion=data.get("assertion"),
            homework_ref=int(ref) if (ref := data.get("homework_ref")) is not None else None,
            homework_status=data.get("homework_status"),
        )


@dataclass(frozen=True)
class Flag:
    """A span of wording the reviewer should look at again."""

    kind: str  # "interpretive" | "jargon"
    text: str
    start: int
    end: int
    reason: str
    suggestion: str | None = None
    rule_id: str | None = None
    drop_in: bool = False  # True when `suggestion` can replace the flagged words as they stand

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
            "suggestion": self.suggestion,
            "drop_in": self.drop_in,
        }
        if self.rule_id is not None:
            out["rule_id"] = self.rule_id
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Flag:
        return cls(
            kind=str(data["kind"]),
            text=str(data["text"]),
            start=int(data["start"]),
            end=int(data["end"]),
            reason=str(data["reason"]),
            suggestion=data.get("suggestion"),
            rule_id=data.get("rule_id"),
            drop_in=bool(data.get("drop_in", False)),
        )


@dataclass(frozen=True)
class Measure:
    """A score or rating the jotting states (PHQ-9 = 14, anxiety 6/10); `text == input[start:end]`.

    A screen (C-SSRS) has the value 1 when positive and 0 when negative, on a scale of 1.
    """

    name: str
    value: int | float
    scale: int | float | None
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "scale": self.scale,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Measure:
        scale = data.get("scale")
        return cls(
            name=str(data["name"]),
            value=_number(data["value"]),
            scale=_number(scale) if scale is not None else None,
            text=str(data["text"]),
            start=int(data["start"]),
            end=int(data["end"]),
        )


def _number(value: Any) -> int | float:
    """A JSON number as int when it is whole (14), else float (6.5)."""
    number = float(value)
    return int(number) if number.is_integer() else number


@dataclass(frozen=True)
class AuditCheck:
    """One completeness check of the note: status is ok, warn or missing."""

    id: str
    status: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditCheck:
        return cls(id=str(data["id"]), status=str(data["status"]), message=str(data["message"]))


@dataclass(frozen=True)
class Session:
    """When and how long: only what the jotting states."""

    date: str | None = None
    duration_minutes: int | None = None
    start_time: str | None = None
    end_time: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "duration_minutes": self.duration_minutes,
            "start_time": self.start_time,
            "end_time": self.end_time,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Session:
        minutes = data.get("duration_minutes")
        return cls(
            date=data.get("date"),
            duration_minutes=int(minutes) if minutes is not None else None,
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
        )


@dataclass
class StructuredNote:
    """What the engine returns for one jotting."""

    text: str
    session: Session = field(default_factory=Session)
    sections: dict[str, list[Item]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    flags: list[Flag] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    audit: list[AuditCheck] = field(default_factory=list)
    engine: dict[str, Any] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """Template parts the jotting does not cover, in template order."""
        out = []
        if self.session.date is None:
            out.append("date")
        if self.session.duration_minutes is None:
            out.append("duration")
        out.extend(s for s in SECTIONS if not self.sections.get(s))
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the note as the shared JSON schema (schema_version "1") plus `audit`, `engine`."""
        return {
            "schema_version": SCHEMA_VERSION,
            "session": self.session.to_dict(),
            "sections": {s: [i.to_dict() for i in self.sections.get(s, [])] for s in SECTIONS},
            "flags": [f.to_dict() for f in self.flags],
            "missing": self.missing,
            "measures": [m.to_dict() for m in self.measures],
            "audit": [a.to_dict() for a in self.audit],
            "engine": dict(self.engine),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, text: str | None = None) -> StructuredNote:
        """Read a note back from its `to_dict()` form (or an edited copy of the same shape).

        Args:
            data: the note as JSON; `missing` is derived again, never read.
            text: the jotting, when `data` does not carry it (the schema leaves it out).
        Returns:
            The note, with its audit and engine facts as given.
        """
        sections = data.get("sections") or {}
        return cls(
            text=text if text is not None else str(data.get("text", "")),
            session=Session.from_dict(data.get("session") or {}),
            sections={s: [Item.from_dict(i) for i in sections.get(s) or []] for s in SECTIONS},
            flags=[Flag.from_dict(f) for f in data.get("flags") or []],
            measures=[Measure.from_dict(m) for m in data.get("measures") or []],
            audit=[AuditCheck.from_dict(a) for a in data.get("audit") or []],
            engine=dict(data.get("engine") or {}),
        )
