"""The sign step without the pages: what the clinician is shown first, and what refuses a sign.

The summary reads the note as it will be signed: the open flags, assistant's audit of the
reviewed template (`review_page.reviewed_audit`) and its one risk status
(`review_page.reviewed_risk`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant import SECTIONS
from assistant.note.goals import GoalProgress
from assistant.note.risk import RiskStatus

from . import review_page


@dataclass(frozen=True)
class SignSummary:
    """What the confirmation page shows before a note is signed."""

    flags: list[dict[str, Any]]
    missing: list[dict[str, str]]
    warnings: list[dict[str, str]]
    risk: RiskStatus
    empty: bool
    undated: bool
    risk_empty: bool

    @property
    def flag_terms(self) -> list[str]:
        """The open flags' words, each once, in note order."""
        return list(dict.fromkeys(f["text"] for f in self.flags))


def summarize(
    fields: dict[str, Any],
    structured: dict[str, Any],
    text: str,
    flags: list[dict[str, Any]],
    measures: list[dict[str, Any]] | None = None,
    goals: list[GoalProgress] | None = None,
) -> SignSummary:
    """The summary of a draft about to be signed.

    Args:
        fields: the reviewed template as saved.
        structured: the pipeline's output for the jotting.
        text: the jotting (for the audit's offsets).
        flags: the note's open flags.
        measures: the note's reviewed measures (default: the pipeline's).
        goals: the note's progress toward the plan's goals, when the client has a plan.
    Returns:
        The SignSummary: open flags, the audit's missing parts and warnings (its risk check
        included), the risk status, and whether the note is empty, undated or has no risk lines.
    """
    audit = review_page.reviewed_audit(text, fields, structured, measures, goals)
    audit = [c for c in audit if c["id"] != "flags"]
    sections = fields.get("sections", {})
    return SignSummary(
        flags=flags,
        missing=[c for c in audit if c["status"] == "missing"],
        warnings=[c for c in audit if c["status"] == "warn"],
        risk=review_page.reviewed_risk(fields, structured),
        empty=not any(line.strip() for s in SECTIONS for line in sections.get(s, [])),
        undated=not fields.get("date"),
        risk_empty=not any(line.strip() for line in sections.get("risk", [])),
    )


def refusal(
    summary: SignSummary,
    *,
    signer_name: str,
    date_entered: bool,
    risk_not_assessed: bool,
    confirmed: bool,
) -> tuple[str, str] | None:
    """Why the note cannot be signed as submitted, or None when it can.

    Args:
        summary: the note's summary.
        signer_name: the signing account's full name.
        date_entered: whether the confirmation supplied a session date.
        risk_not_assessed: whether the clinician marked the empty risk section "not assessed".
        confirmed: whether the confirmation box was ticked.
    Returns:
        (reason id for the audit log, the sentence the clinician reads), or None.
    """
    if summary.empty:
        return "empty", (
            "This note has nothing in any section, so it cannot be signed: "
            "go back to the review page and write what happened in the session."
        )
    if not signer_name.strip():
        return "no_full_name", (
            "Your account has no full name, and a signature records it: "
            "add it on your profile page, then sign."
        )
    if summary.undated and not date_entered:
        return "undated", "This note has no session date: enter the date below to sign it."
    if summary.risk_empty and not risk_not_assessed:
        return "risk_empty", (
            "The risk section is empty: fill it on the review page, or tick "
            "“Risk was not assessed” below to record that you did not assess it."
        )
    if not confirmed:
        return "unconfirmed", "Tick the confirmation to sign the note."
    return None
