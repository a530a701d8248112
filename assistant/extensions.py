"""Every custom spaCy extension of the library, declared once, behind has_extension.

Spans keep what they can in spaCy's own slots (doc.spans[key], span.label_, span.kb_id_, span.id_).
What has no slot is kept on the Doc, because span extensions are keyed by character offsets only
and two groups holding the same offsets would overwrite each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

# The section roles a segment can take: the seven sections' roles plus admin and other.
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


@dataclass(frozen=True)
class RoleDecision:
    """The section role of one segment and who decided it."""

    role: str  # one of ROLES
    source: str  # "header", "rule" or "model"
    confidence: float


@dataclass(frozen=True)
class FlagDetail:
    """What a flag says beyond its span: why, and a rewrite."""

    reason: str
    suggestion: str | None
    rule_id: str | None = None
    drop_in: bool = False  # the suggestion can replace the flagged words as they stand


# name -> default; every value is set by the component that owns it before it is read.
DOC_EXTENSIONS: dict[str, object] = {
    "decisions": None,  # list[RoleDecision], aligned with doc.spans["segments"]
    "flag_details": None,  # dict[(start_char, end_char), FlagDetail] for doc.spans["flags"]
}


def register_extensions() -> None:
    """Declare the extensions once per process."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
