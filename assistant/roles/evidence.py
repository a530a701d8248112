"""The rules' evidence about one segment, and the same evidence as numbers for the classifier."""

from __future__ import annotations

import math
from dataclasses import dataclass

from spacy.tokens import Span

from ..vocab import ROLES, RoleDecision

ACTION_FALLBACK = "client_response"  # what someone did, without any cue, is client response
FALLBACK_ROLE = "topic"  # anything else without a cue is shown to the reviewer as a topic


@dataclass(frozen=True)
class Evidence:
    """What the rules see in one segment, before any decision."""

    scores: dict[str, float]  # role -> summed cue weight (role_cues + clause reading)
    scope: str  # "section" (the writer's header), "block" (a SOAP-style letter) or ""
    header_role: str  # the role the header names, "" without one
    hint: float  # the weight a block letter lends its role
    quoted: bool  # holds a client quote
    attribution_only: bool  # nothing but a quote and "she said"
    admin: bool  # only the session's date, duration, kind and who came
    imperative: bool  # opens with a bare verb
    technique: bool  # names a taxonomy technique
    fallback: str  # where the segment goes without any cue: topic or client_response


@dataclass(frozen=True)
class Reading:
    """One segment as the rules read it."""

    segment: Span
    evidence: Evidence
    decision: RoleDecision | None  # None: no cue strong enough to decide
    guess: RoleDecision | None  # without a decision, the rules' weak, low-confidence guess
    index: int  # the segment's place among the doc's segments
    count: int  # how many segments the doc has

    @property
    def features(self) -> list[float]:
        """The evidence as numbers, in FEATURE_NAMES order (only the model needs them)."""
        return evidence_features(self.evidence, self.decision, self.index, self.count, self.segment)


# The rules' evidence as the learned classifier sees it, beside the segment's embedding.
FEATURE_NAMES: tuple[str, ...] = (
    *(f"cue:{r}" for r in ROLES),
    *(f"header:{r}" for r in ROLES),
    *(f"letter:{r}" for r in ROLES),
    *(f"rule:{r}" for r in ROLES),
    "rule:undecided",
    "rule:by_header",
    "quoted",
    "attribution_only",
    "admin",
    "imperative",
    "technique",
    "past_tense_root",
    "position",
    "first",
    "words",
)
CUE_SCALE = 3.0  # cue weights are ~1-6; scaled to the range of the other features


def evidence_features(
    ev: Evidence, decision: RoleDecision | None, index: int, count: int, segment: Span
) -> list[float]:
    """Return the evidence for one segment as numbers, in FEATURE_NAMES order."""
    section = ev.header_role if ev.scope == "section" else ""
    letter = ev.header_role if ev.scope == "block" else ""
    decided = decision.role if decision is not None else ""
    return [
        *(min(ev.scores.get(r, 0.0), 2 * CUE_SCALE) / CUE_SCALE for r in ROLES),
        *(float(section == r) for r in ROLES),
        *(min(ev.hint, CUE_SCALE) / CUE_SCALE if letter == r else 0.0 for r in ROLES),
        *(float(decided == r) for r in ROLES),
        float(decision is None),
        float(decision is not None and decision.source == "header"),
        float(ev.quoted),
        float(ev.attribution_only),
        float(ev.admin),
        float(ev.imperative),
        float(ev.technique),
        float(ev.fallback == ACTION_FALLBACK),
        index / max(count - 1, 1),
        float(index == 0),
        math.log1p(len(segment.text.split())) / 3,
    ]
