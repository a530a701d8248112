"""The review page's logic, free of Flask: template fields, highlighting, rewrites, prompts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant import SECTIONS, StructuredNote
from assistant.note.completeness import audit_note
from assistant.note.formats import render_note
from assistant.note.risk import RiskStatus, reviewed_statements, risk_status

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
FORMATS = {"soap": "SOAP", "dap": "DAP", "birp": "BIRP", "girp": "GIRP", "plain": "Plain"}
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


def note_text(fields: dict[str, Any], structured: dict[str, Any], fmt: str) -> str:
    """The reviewed template as text in `fmt`, without the review aids (flags).

    Args:
        fields: the reviewer's template.
        structured: the pipeline's output for the jotting.
        fmt: a key of FORMATS, or "markdown".
    Returns:
        The text assistant's renderer makes of it.
    """
    note = template_as_note(fields, structured)
    note["flags"] = []
    if fields.get("risk_not_assessed") and not note["sections"]["risk"]:
        # Marked on the sign step: the note says risk was not assessed, never that it was denied.
        text = "Not assessed: the clinician did not assess risk in this session."
        note["sections"]["risk"] = [{"text": text, "start": -1, "end": -1, "source": "reviewer"}]
    return render_note(note, fmt)


def flag_key(flag: dict[str, Any], text: str) -> str:
    """A key for a flag that survives rewrites elsewhere in the jotting.

    Offsets move when an earlier span is rewritten; the flag's kind, words and which
    occurrence of those words it is do not.
    """
    nth = text.count(flag["text"], 0, flag["start"]) if flag["text"] else 0
    return f"{flag['kind']}:{nth}:{flag['text']}"[:300]


@dataclass
class Segment:
    """A run of jotting text with the same highlights."""

    text: str
    flag: int | None = None
    flag_kind: str = ""
    items: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def open_flags(structured: dict[str, Any], text: str, decided: set[str]) -> list[dict[str, Any]]:
    """The pipeline's flags not yet accepted or dismissed, each with its key and number."""
    out = []
    for i, flag in enumerate(structured.get("flags", [])):
        key = flag_key(flag, text)
        if key in decided:
            continue
        if text[flag["start"] : flag["end"]] != flag["text"]:
            continue  # stale analysis: never highlight words that are not there
        out.append({**flag, "key": key, "n": i})
    return out


def segments(text: str, structured: dict[str, Any], flags: list[dict[str, Any]]) -> list[Segment]:
    """Cut the jotting into runs so each run knows its flag and the items it belongs to.

    Args:
        text: the jotting.
        structured: the pipeline's output for exactly this text.
        flags: the open flags (from `open_flags`); overlapping flags keep the first.
    Returns:
        Segments covering the whole text in order.
    """
    spans: list[tuple[int, int, str, str]] = []  # start, end, kind ("flag"|"item"), id
    last_end = -1
    for f in flags:
        if f["start"] >= last_end:
            spans.append((f["start"], f["end"], "flag", str(f["n"])))
            last_end = f["end"]
    for s in SECTIONS:
        for i, item in enumerate(structured.get("sections", {}).get(s, [])):
            if text[item["start"] : item["end"]] == item["text"]:
                spans.append((item["start"], item["end"], "item", f"{s}-{i}"))
    cuts = sorted({0, len(text), *(p for sp in spans for p in sp[:2])})
    out = []
    seen: set[str] = set()
    kinds = {str(f["n"]): f["kind"] for f in flags}
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        seg = Segment(text=text[a:b])
        for start, end, kind, ident in spans:
            if start <= a and b <= end:
                if kind == "flag":
                    seg.flag = int(ident)
                    seg.flag_kind = kinds[ident]
                else:
                    seg.items.append(ident)
                anchor = ("flag-" if kind == "flag" else "src-") + ident
                if anchor not in seen:
                    seen.add(anchor)
                    seg.anchors.append(anchor)
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


def apply_rewrite(
    text: str, fields: dict[str, Any], structured: dict[str, Any], flag: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Replace a flagged span by its suggestion in the jotting and in the template lines.

    Args:
        text: the jotting.
        fields: the reviewer's template.
        structured: the pipeline's output for `text`.
        flag: the flag, with a non-empty suggestion.
    Returns:
        The new jotting and the new template (lines that contained the flagged words, as an
        extracted item covering them, get the same rewrite).
    """
    start, end, new = flag["start"], flag["end"], flag["suggestion"]
    new_text = text[:start] + new + text[end:]
    rewritten: dict[str, dict[str, str]] = {s: {} for s in SECTIONS}
    for s in SECTIONS:
        for item in structured.get("sections", {}).get(s, []):
            if item["start"] <= start and end <= item["end"]:
                rel = start - item["start"]
                t = item["text"]
                rewritten[s][t] = t[:rel] + new + t[rel + (end - start) :]
    sections = {
        s: [rewritten[s].get(line, line) for line in fields["sections"][s]] for s in SECTIONS
    }
    return new_text, {**fields, "sections": sections}


def reviewed_audit(text: str, fields: dict[str, Any], structured: dict[str, Any]) -> list[dict]:
    """assistant's note audit run again on the reviewer's template, so prompts follow the edits."""
    note = template_as_note(fields, structured)
    session = note["session"]
    minutes = str(session.get("duration_minutes") or "")  # the form's raw text after an error
    minutes_or_none = int(minutes) if minutes.isdecimal() else None
    reviewed = StructuredNote.from_dict(
        {**note, "session": {**session, "duration_minutes": minutes_or_none}, "flags": []},
        text=text,
    )
    return [check.to_dict() for check in audit_note(reviewed)]


def risk_prompt(audit: list[dict]) -> dict[str, str] | None:
    """The audit's risk check when it asks for more (the risk panel shows it); else None."""
    check = next(c for c in audit if c["id"] == "risk")
    return None if check["status"] == "ok" else check


def prompts(audit: list[dict], open_count: int) -> list[dict[str, str]]:
    """What the reviewer should still add: the audit of the current template, and open flags.

    The risk check is left to the risk panel (`risk_prompt`). The pipeline's own flag count
    describes the jotting as first structured; the count here leaves out flags the reviewer has
    accepted or dismissed since.
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
