"""Turns a processed spaCy Doc into a StructuredNote."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from spacy.tokens import Doc, Span

from ..session.timeparse import resolve_session
from ..vocab import SECTIONS, RoleDecision
from .completeness import audit_note
from .structured import Flag, Item, Measure, StructuredNote


def _decision_for(span: Span, starts: list[int], segments: list[Span]) -> RoleDecision | None:
    """The decision of the segment an item lies in (items never cross segments)."""
    i = bisect_right(starts, span.start_char) - 1
    if 0 <= i < len(segments) and segments[i].end_char >= span.end_char:
        return segments[i]._.decision
    return None


def flags_from_doc(doc: Doc) -> list[Flag]:
    """The flag finder's spans as Flags, in text order."""
    flags = []
    for span in sorted(doc.spans["flags"], key=lambda s: s.start_char):
        detail = span._.flag
        flags.append(
            Flag(
                kind=span.label_,
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                reason=detail.reason,
                suggestion=detail.suggestion,
                rule_id=detail.rule_id,
                drop_in=detail.drop_in,
            )
        )
    return flags


def measures_from_doc(doc: Doc) -> list[Measure]:
    """The measure finder's readings as Measures, each with its exact words, in text order."""
    text = doc.text
    readings = [span._.measure for span in doc.spans["measures"]]
    return [
        Measure(r.name, r.value, r.scale, text[r.start : r.end], r.start, r.end)
        for r in sorted(readings, key=lambda r: r.start)
    ]


def note_from_doc(doc: Doc, reference_date: dt.date, engine: dict | None = None) -> StructuredNote:
    """Collect a processed Doc's spans into the output contract.

    Args:
        doc: a Doc that went through the whole pipeline.
        reference_date: the day "today" means.
        engine: facts about the engine to report with the note (version, classifier used).
    Returns:
        The StructuredNote; every item and flag points back into `doc.text`.
    """
    segments = list(doc.spans["segments"])
    starts = [s.start_char for s in segments]
    sections: dict[str, list[Item]] = {}
    for section in SECTIONS:
        items = []
        for span in sorted(doc.spans[section], key=lambda s: s.start_char):
            decision = _decision_for(span, starts, segments)
            items.append(
                Item(
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    source=span.id_ or (decision.source if decision else "rule"),
                    confidence=decision.confidence if decision else None,
                    canonical=span.kb_id_ or None,
                    assertion=(span.label_ or None) if section == "risk" else None,
                )
            )
        sections[section] = items
    flags = flags_from_doc(doc)
    note = StructuredNote(
        text=doc.text,
        session=resolve_session(doc.spans["session"], reference_date),
        sections=sections,
        flags=flags,
        measures=measures_from_doc(doc),
        engine=dict(engine or {}),
    )
    note.audit = audit_note(note)
    return note
