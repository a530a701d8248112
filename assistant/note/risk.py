"""The note's risk status, derived once from its statements' assertions.

The audit, the review page and the timeline all call `risk_status`: current risk when any
statement is present, else denied, else history only; a note with no risk statement, or only a
safety action and nothing on what the client said about risk now, is "not assessed".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..resources import data_dir
from ..risk.assertion import AssertionRules
from ..vocab import ASSERTIONS
from .structured import Item, StructuredNote

STATUS_LABELS: dict[str, str] = {
    "current": "Current risk",
    "denied": "Risk asked about and denied",
    "history_only": "History of risk only",
    "not_assessed": "Risk not assessed",
}
ASSERTION_LABELS: dict[str, str] = {
    "present": "present",
    "denied": "denied",
    "historical": "history",
    "safety_action": "safety action",
}


@dataclass(frozen=True)
class RiskStatement:
    """One risk statement of a note and what it asserts."""

    text: str
    assertion: str  # one of ASSERTIONS

    @property
    def label(self) -> str:
        return ASSERTION_LABELS[self.assertion]


@dataclass(frozen=True)
class RiskStatus:
    """The note's risk status and the statements it rests on, in note order."""

    status: str  # one of RISK_STATUSES
    statements: tuple[RiskStatement, ...] = ()

    def of(self, assertion: str) -> list[RiskStatement]:
        return [s for s in self.statements if s.assertion == assertion]

    @property
    def present(self) -> list[RiskStatement]:
        return self.of("present")

    @property
    def safety_actions(self) -> list[RiskStatement]:
        return self.of("safety_action")

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def lacks_safety_action(self) -> bool:
        """Current risk with no safety action recorded."""
        return self.status == "current" and not self.safety_actions


def risk_status(statements: Iterable[RiskStatement]) -> RiskStatus:
    """Derive the note's risk status from its statements.

    Args:
        statements: the note's risk statements with their assertions.
    Returns:
        current (any present statement), denied (a denial and nothing present), history_only
        (past risk only) or not_assessed (nothing said about the client's risk now).
    """
    found = tuple(statements)
    kinds = {s.assertion for s in found}
    if "present" in kinds:
        status = "current"
    elif "denied" in kinds:
        status = "denied"
    elif "historical" in kinds:
        status = "history_only"
    else:
        status = "not_assessed"
    return RiskStatus(status, found)


@lru_cache(maxsize=1)
def _rules() -> AssertionRules:
    return AssertionRules().load(data_dir())


def assertion_of(text: str) -> str:
    """The rules' assertion of one statement (a reviewed line the engine never saw)."""
    return _rules().assert_statement(text)


def names_safety_action(text: str) -> bool:
    """Whether the words name a safety action (a safety plan, crisis line, referral, ...)."""
    return _rules().read(text).safety


def note_statements(note: StructuredNote) -> list[RiskStatement]:
    """The engine's risk items as statements, with the assertion each item carries."""
    return [
        RiskStatement(i.text, i.assertion if i.assertion in ASSERTIONS else assertion_of(i.text))
        for i in note.sections.get("risk", [])
    ]


def reviewed_statements(
    lines: Sequence[str], items: Iterable[Item | Mapping[str, Any]] = ()
) -> list[RiskStatement]:
    """The reviewed risk lines as statements.

    A line that is still the engine's item word for word keeps the engine's assertion; an
    edited or new line is read again by the rules.

    Args:
        lines: the risk field as the reviewer left it, one statement per line.
        items: the engine's risk items (Item or their to_dict() form).
    Returns:
        One statement per non-empty line, in order.
    """
    engine: dict[str, str] = {}
    for item in items:
        data = item.to_dict() if isinstance(item, Item) else item
        if data.get("assertion") in ASSERTIONS:
            engine.setdefault(str(data["text"]).strip(), str(data["assertion"]))
    out = []
    for line in lines:
        text = line.strip()
        if text:
            out.append(RiskStatement(text, engine.get(text) or assertion_of(text)))
    return out
