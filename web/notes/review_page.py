"""The review page's logic, free of Flask: template fields, source highlighting, prompts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant import SECTIONS, StructuredNote
from assistant.note.completeness import audit_note
from assistant.note.formats import render_note
from assistant.note.goals import GoalProgress
from assistant.note.risk import RiskStatus, reviewed_statements, risk_status
from assistant.note.templates import all_templates

LABELS = {
    "date": "Date",
    "duration": "Duration",
    "topics": "Topics",
    "interventions": "Interventions",
    "client_response": "Client response",
    "quotes": "Quotes",
    "homework": "Homework",
    "plan": "Plan",
    "risk": "Risk",
}
NOT_ASSESSED = "Not assessed: the clinician did not assess risk in this session."


def formats() -> dict[str, str]:
    """The note formats to choose from, id -> name: the built-in templates and the clinic's."""
    return {t.id: t.name for t in all_templates().values()}


# The template's boxes, risk first so it is never missed.
FIELD_ORDER: tuple[str, ...] = ("risk", *(s for s in SECTIONS if s != "risk"))


def fields_from_structured(structured: dict[str, Any]) -> dict[str, Any]:
    """The reviewer's starting template: what the pipeline found, one line per item."""
    session = structured.get("session", {})
    return {
        "date": session.get("date") or "",
        "duration_minutes": session.get("duration_minutes"),
        "sections": {
            s: [item["text"] for item in structured.get("sections", {}).get(s, [])]
            for s in SECTIONS
        },
    }


def reviewed_risk(fields: dict[str, Any], structured: dict[str, Any]) -> RiskStatus:
    """The note's risk status as it will be signed: the reviewer's risk lines, each keeping the
    pipeline's assertion while it is still the pipeline's words.

    The review page's risk panel, its audit (through `template_as_note`) and the client
    timeline all read the status from here, so they cannot disagree.
    """
    items = structured.get("sections", {}).get("risk", [])
    return risk_status(reviewed_statements(fields["sections"].get("risk", []), items))


def template_as_note(fields: dict[str, Any], structured: dict[str, Any]) -> dict[str, Any]:
    """The reviewed template as a schema-shaped note (what assistant renders and audits).

    Lines the pipeline extracted keep their offsets and canonical names; lines the reviewer
    typed carry source "reviewer" and the offsets of their first occurrence in the jotting, or
    -1 when they are the reviewer's own words. Risk lines carry their `reviewed_risk` assertion.
    """
    assertions = {st.text: st.assertion for st in reviewed_risk(fields, structured).statements}
    out_sections: dict[str, list[dict[str, Any]]] = {}
    for s in SECTIONS:
        by_text = {i["text"]: i for i in structured.get("sections", {}).get(s, [])}
        items = []
        # The lines as the note stores them (TemplateForm.template_fields), also after an error.
        for line in (raw.strip() for raw in fields["sections"].get(s, [])):
            if not line:
                continue
            if line in by_text:
                item = dict(by_text[line])
            else:
                item = {
                    "text": line,
                    "start": -1,
                    "end": -1,
                    "source": "reviewer",
                    "confidence": None,
                }
            if s == "risk":
                item["assertion"] = assertions[line]
            items.append(item)
        out_sections[s] = items
    session = dict(structured.get("session", {}))
    session["date"] = fields.get("date") or None
    session["duration_minutes"] = fields.get("duration_minutes")
    missing = [p for p in ("date",) if not session["date"]]
    missing += ["duration"] if not session["duration_minutes"] else []
    missing += [s for s in SECTIONS if not out_sections[s]]
    return {
        **structured,
        "session": session,
        "sections": out_sections,
        "missing": missing,
    }


def note_text(
    fields: dict[str, Any],
    structured: dict[str, Any],
    fmt: str,
    goals: list[dict[str, Any]] | None = None,
    measures: list[dict[str, Any]] | None = None,
) -> str:
    """The reviewed template as text in `fmt`, without the review aids (flags).

    Args:
        fields: the reviewer's template.
        structured: the pipeline's output for the jotting.
        fmt: a key of formats(), or "markdown".
        goals: the note's progress toward each treatment goal (web/goals/changes.of_note).
        measures: the note's listed measures (web/measures/changes.for_note).
    Returns:
        The text assistant's renderer makes of it.
    """
    note = as_signed(fields, structured, goals, measures)
    note["flags"] = []
    return render_note(note, fmt)


def as_signed(
    fields: dict[str, Any],
    structured: dict[str, Any],
    goals: list[dict[str, Any]] | None = None,
    measures: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The reviewed template as a note dict, with the sign step's answer for an empty risk
    section (risk marked not assessed says so, never that it was denied), the note's
    progress toward each treatment goal (`goals`, assistant/note/goals.py's shape) and its
    listed measures (`measures`: never the pipeline's reading of the jotting)."""
    note = template_as_note(fields, structured)
    if fields.get("risk_not_assessed") and not note["sections"]["risk"]:
        line = {"text": NOT_ASSESSED, "start": -1, "end": -1, "source": "reviewer"}
        note["sections"]["risk"] = [line]
    note["goals"] = list(goals or [])
    note["measures"] = list(measures or [])
    return note


@dataclass
class Segment:
    """A run of jotting text belonging to the same extracted items."""

    text: str
    items: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def segments(text: str, structured: dict[str, Any]) -> list[Segment]:
    """Cut the jotting into runs so each run knows the items (and measures: "measure-0") it
    belongs to (its source links).

    Args:
        text: the jotting.
        structured: the pipeline's output for exactly this text.
    Returns:
        Segments covering the whole text in order.
    """
    spans: list[tuple[int, int, str]] = []  # start, end, item id
    found = [(s, structured.get("sections", {}).get(s, [])) for s in SECTIONS]
    for s, items in [*found, ("measure", structured.get("measures") or [])]:
        for i, item in enumerate(items):
            if text[item["start"] : item["end"]] == item["text"]:
                spans.append((item["start"], item["end"], f"{s}-{i}"))
    cuts = sorted({0, len(text), *(p for sp in spans for p in sp[:2])})
    out = []
    seen: set[str] = set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        seg = Segment(text=text[a:b])
        for start, end, ident in spans:
            if start <= a and b <= end:
                seg.items.append(ident)
                if ident not in seen:
                    seen.add(ident)
                    seg.anchors.append("src-" + ident)
        out.append(seg)
    return out


def item_links(fields: dict[str, Any], structured: dict[str, Any]) -> dict[str, list[dict]]:
    """For each section, the reviewer's lines with the anchor of their source words, if any."""
    out = {}
    for s in SECTIONS:
        ids = {}
        for i, item in enumerate(structured.get("sections", {}).get(s, [])):
            ids.setdefault(item["text"], f"src-{s}-{i}")
        out[s] = [{"text": line, "anchor": ids.get(line)} for line in fields["sections"][s]]
    return out


def reviewed_audit(
    text: str,
    fields: dict[str, Any],
    structured: dict[str, Any],
    measures: list[dict[str, Any]] | None = None,
    goals: list[GoalProgress] | None = None,
) -> list[dict]:
    """assistant's note audit run again on the reviewer's template, so prompts follow the edits.

    `measures` are the reviewed measures (note-schema shape; default: the pipeline's), which
    the risk check reads: a PHQ-9 item 9 above 0 asks about risk. `goals` are the note's
    progress toward the plan's goals, which the progress check reads when there are any.
    """
    note = template_as_note(fields, structured)
    if measures is not None:
        note["measures"] = measures
    session = note["session"]
    minutes = str(session.get("duration_minutes") or "")  # the form's raw text after an error
    minutes_or_none = int(minutes) if minutes.isdecimal() else None
    reviewed = StructuredNote.from_dict(
        {**note, "session": {**session, "duration_minutes": minutes_or_none}, "flags": []},
        text=text,
    )
    return [check.to_dict() for check in audit_note(reviewed, goals)]


def risk_prompt(audit: list[dict]) -> dict[str, str] | None:
    """The audit's risk check when it asks for more (the risk panel shows it); else None."""
    check = next(c for c in audit if c["id"] == "risk")
    return None if check["status"] == "ok" else check


def prompts(audit: list[dict], open_count: int) -> list[dict[str, str]]:
    """What the reviewer should still add: the audit of the current template, and open flags.

    The risk check is left to the risk panel (`risk_prompt`). The pipeline's own flag count
    describes the jotting as first structured; `open_count` is of the reviewed fields' open
    flags, the words that will be signed.
    """
    out = [
        {"status": check["status"], "message": check["message"]}
        for check in audit
        if check["status"] != "ok" and check["id"] not in ("risk", "flags")
    ]
    if open_count:
        out.append(
            {
                "status": "warn",
                "message": f"{open_count} flagged wording(s) still open: "
                "accept a rewrite, edit, or dismiss each.",
            }
        )
    return out
