"""The shared vocabulary, once: roles, sections, flag kinds, and the typed values passed on.

A segment's *role* is what the role tagger decides; a *section* is where its words are filed in
the note. Components hand each other these typed values on spans (see `pipeline.EXTENSIONS`),
never strings that the next component parses again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The note's sections, in template order (the shared note schema, version 1).
SECTIONS: tuple[str, ...] = (
    "topics",
    "interventions",
    "client_response",
    "quotes",
    "homework",
    "plan",
    "risk",
)
# A note's progress toward one treatment goal, as the clinician records it (and its words).
GOAL_PROGRESS: dict[str, str] = {
    "better": "better",
    "same": "same",
    "worse": "worse",
    "not_addressed": "not addressed",
}
# The template parts `missing` can name, in template order.
MISSING_PARTS: tuple[str, ...] = ("date", "duration", *SECTIONS)

# The roles a segment can take: one per section, plus the session line and "nothing to file".
ROLES: tuple[str, ...] = (
    "topic",
    "intervention",
    "client_response",
    "quote",
    "homework",
    "plan",
    "risk",
    "session_admin",
    "other",
)
# Where the section extractor files a role's words; quotes come from the quote finder instead.
SECTION_OF_ROLE: dict[str, str] = {
    "topic": "topics",
    "intervention": "interventions",
    "client_response": "client_response",
    "homework": "homework",
    "plan": "plan",
    "risk": "risk",
}
# The role of each section's gold phrases (training labels a segment by them).
ROLE_OF_SECTION: dict[str, str] = {s: r for r, s in SECTION_OF_ROLE.items()} | {"quotes": "quote"}

FLAG_KINDS: tuple[str, ...] = ("interpretive", "jargon")

# What a risk statement asserts (each risk item carries one): the client's current risk, a
# denial or resolution, past risk only, or what was done about risk.
ASSERTIONS: tuple[str, ...] = ("present", "denied", "historical", "safety_action")
# The note's risk status, derived from its statements' assertions (note/risk.py).
RISK_STATUSES: tuple[str, ...] = ("current", "denied", "history_only", "not_assessed")

Source = Literal["header", "rule", "model"]
Scope = Literal["section", "block"]
HEADER_SCOPES: tuple[str, ...] = ("section", "block")


@dataclass(frozen=True)
class HeaderLabel:
    """What a writer's header says about the words after it.

    scope "section" (an explicit "HW:", "Plan:") decides its segment's role; scope "block" (a
    SOAP/DAP/BIRP/GIRP letter or word) lends `weight` to `role` for every line until the next
    block header.
    """

    scope: Scope
    role: str
    weight: float = 1.0


@dataclass(frozen=True)
class RoleDecision:
    """The section role of one segment and who decided it."""

    role: str  # one of ROLES
    source: Source
    confidence: float
