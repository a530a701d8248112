"""Renders a note dict (StructuredNote.to_dict() or an edited copy) as text in a note format.

Formats: "plain" (the template), "soap", "dap", "birp", "girp" (the same items under each format's
headings), "text" (plain plus flags and missing parts, for the terminal) and "markdown".
Only what the note holds is written; an empty field says "not recorded", never stock text.
"""

from __future__ import annotations

from typing import Any

LABELS: dict[str, str] = {
    "topics": "Topics discussed",
    "interventions": "Interventions",
    "client_response": "Client response",
    "quotes": "Client's words",
    "homework": "Homework",
    "plan": "Plan",
    "risk": "Risk and safety",
}
TEMPLATE = tuple(LABELS)

# Each format: its headings in order, with the template fields written under each.
FORMATS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "plain": (("", TEMPLATE),),
    "soap": (
        ("Subjective", ("topics", "quotes")),
        ("Objective", ("client_response", "interventions")),
        ("Assessment", ("risk",)),
        ("Plan", ("homework", "plan")),
    ),
    "dap": (
        ("Data", ("topics", "quotes", "interventions", "client_response")),
        ("Assessment", ("risk",)),
        ("Plan", ("homework", "plan")),
    ),
    "birp": (
        ("Behavior", ("topics", "quotes", "risk")),
        ("Intervention", ("interventions",)),
        ("Response", ("client_response",)),
        ("Plan", ("homework", "plan")),
    ),
    "girp": (
        ("Goals", ("topics",)),
        ("Intervention", ("interventions",)),
        ("Response", ("client_response", "quotes", "risk")),
        ("Plan", ("homework", "plan")),
    ),
}
NOTE_FORMATS: tuple[str, ...] = tuple(FORMATS)
ALL_FORMATS: tuple[str, ...] = (*NOTE_FORMATS, "text", "markdown")
NOT_RECORDED = "not recorded"


def _item_text(section: str, item: dict[str, Any]) -> str:
    text = " ".join(str(item.get("text", "")).split())
    if section == "quotes":
        return f"\u201c{text}\u201d"
    return text


def _field(note: dict[str, Any], section: str) -> str:
    items = note.get("sections", {}).get(section) or []
    texts = [_item_text(section, i) for i in items if str(i.get("text", "")).strip()]
    return "; ".join(texts) if texts else NOT_RECORDED


def _session_lines(note: dict[str, Any]) -> list[str]:
    session = note.get("session") or {}
    date = session.get("date") or NOT_RECORDED
    minutes = session.get("duration_minutes")
    duration = f"{minutes} minutes" if minutes else NOT_RECORDED
    start, end = session.get("start_time"), session.get("end_time")
    if start and end:
        duration += f" ({start}-{end})"
    return [f"Date: {date}", f"Duration: {duration}"]


def _render_format(note: dict[str, Any], fmt: str) -> str:
    lines = _session_lines(note)
    for heading, fields in FORMATS[fmt]:
        lines.append("")
        if heading:
            lines.append(f"{heading}:")
        indent = "  " if heading else ""
        lines.extend(f"{indent}{LABELS[f]}: {_field(note, f)}" for f in fields)
    return "\n".join(lines) + "\n"


def _advice(flag: dict[str, Any]) -> tuple[str, str] | None:
    """("Rewrite", text) for a drop-in rewrite, ("Instead", text) for advice, None for neither."""
    if not flag.get("suggestion"):
        return None
    return ("Rewrite" if flag.get("drop_in") else "Instead"), flag["suggestion"]


def _render_text(note: dict[str, Any]) -> str:
    out = [_render_format(note, "plain").rstrip("\n")]
    flags = note.get("flags") or []
    if flags:
        out += ["", "Wording to review:"]
        for flag in flags:
            out.append(f'  [{flag["kind"]}] "{flag["text"]}": {flag["reason"]}')
            if advice := _advice(flag):
                out.append(f"      {advice[0]}: {advice[1]}")
    missing = note.get("missing") or []
    if missing:
        out += [
            "",
            "Not covered by the jotting: " + ", ".join(m.replace("_", " ") for m in missing),
        ]
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _render_markdown(note: dict[str, Any]) -> str:
    out = ["# Progress note", ""]
    out += [
        f"- **{line.split(': ', 1)[0]}:** {_md_escape(line.split(': ', 1)[1])}"
        for line in _session_lines(note)
    ]
    for section in TEMPLATE:
        out += ["", f"## {LABELS[section]}", ""]
        items = [
            i for i in note.get("sections", {}).get(section) or [] if str(i.get("text", "")).strip()
        ]
        if items:
            out += [f"- {_md_escape(_item_text(section, i))}" for i in items]
        else:
            out.append(f"_{NOT_RECORDED}_")
    flags = note.get("flags") or []
    if flags:
        out += ["", "## Wording to review", ""]
        for flag in flags:
            advice = _advice(flag)
            rewrite = f" {advice[0]}: {_md_escape(advice[1])}." if advice else ""
            out.append(
                f"- **{_md_escape(flag['text'])}** ({flag['kind']}): "
                f"{_md_escape(flag['reason'])}{rewrite}"
            )
    missing = note.get("missing") or []
    if missing:
        out += ["", "## Not covered by the jotting", ""]
        out += [f"- {m.replace('_', ' ')}" for m in missing]
    return "\n".join(out) + "\n"


def render_note(note: dict[str, Any], fmt: str) -> str:
    """Render a note dict in one format.

    Args:
        note: a StructuredNote.to_dict() result, or an edited dict of the same shape.
        fmt: one of plain, soap, dap, birp, girp, text, markdown.
    Returns:
        The rendered note; fields the note lacks say "not recorded".
    """
    fmt = fmt.lower()
    if fmt == "text":
        return _render_text(note)
    if fmt == "markdown":
        return _render_markdown(note)
    if fmt not in FORMATS:
        raise ValueError(f"Unknown note format {fmt!r}: choose one of {', '.join(ALL_FORMATS)}.")
    return _render_format(note, fmt)
