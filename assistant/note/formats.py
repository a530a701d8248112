"""Renders a note dict (StructuredNote.to_dict() or an edited copy) through a note template.

Formats are templates (assistant/note/templates.py): "plain", "soap", "dap", "birp", "girp"
and any a clinic adds. `fill` files the note's lines into a template's sections once; the text,
Markdown, and the web app's PDF and FHIR documents all render that one filled note, so they
agree. "text" (plain plus flags and missing parts, for the terminal) and "markdown" (plain as
Markdown, with the same review aids) serve the command line.
Only what the note holds is written; an empty part says "not recorded", never stock text.
A note's progress toward its treatment goals (`goals`, assistant/note/goals.py) fills the
template's `treatment_goals` parts; a template without one gets a last section of them, so a
recorded goal is never left out of a note. Its measures (`measures`,
assistant/note/measure_lines.py) fill the template's `measures` parts, each template placing
them where its observations are (SOAP's Objective, DAP's Data, BIRP's Behavior, GIRP's
Response); lines no part takes go to a last section, and a note without measures has no
measures line at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .goals import goal_line, goals_of
from .measure_lines import measure_lines
from .templates import GOALS, MEASURES, NoteTemplate, all_templates

NOT_RECORDED = "not recorded"
GOALS_SECTION = ("goals", "Progress toward treatment goals")
MEASURES_SECTION = ("measures", "Measures")


@dataclass(frozen=True)
class FilledPart:
    """A part of a section with the note's lines in it (none: "not recorded")."""

    label: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The lines on one line, '; '-separated, or "not recorded"."""
        return "; ".join(self.lines) if self.lines else NOT_RECORDED


@dataclass(frozen=True)
class FilledSection:
    """A section heading and its filled parts."""

    key: str
    heading: str
    parts: tuple[FilledPart, ...]

    @property
    def inline(self) -> bool:
        """One unlabelled part: written on the heading's line."""
        return len(self.parts) == 1 and not self.parts[0].label

    @property
    def text(self) -> str:
        """The section's body as plain text for pasting: one line per part."""
        return "\n".join(f"{p.label}: {p.text}" if p.label else p.text for p in self.parts)


@dataclass(frozen=True)
class FilledNote:
    """A note filed into one template: the session lines and the sections."""

    template: NoteTemplate
    session: tuple[tuple[str, str], ...]
    sections: tuple[FilledSection, ...]


def template(fmt: str) -> NoteTemplate:
    """The template of a format id; a clear ValueError for an unknown one."""
    found = all_templates().get(fmt.lower())
    if found is None:
        names = ", ".join((*all_templates(), "text", "markdown"))
        raise ValueError(f"Unknown note format {fmt!r}: choose one of {names}.")
    return found


def _item_text(section: str, item: dict[str, Any]) -> str:
    text = " ".join(str(item.get("text", "")).split())
    return f"\u201c{text}\u201d" if section == "quotes" else text


def _session(note: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    session = note.get("session") or {}
    minutes = session.get("duration_minutes")
    duration = f"{minutes} minutes" if minutes else NOT_RECORDED
    start, end = session.get("start_time"), session.get("end_time")
    if start and end:
        duration += f" ({start}-{end})"
    return (("Date", session.get("date") or NOT_RECORDED), ("Duration", duration))


def fill(note: dict[str, Any], tpl: NoteTemplate) -> FilledNote:
    """File the note's lines into the template's parts by the template's rules.

    Args:
        note: a note dict (sections of items with "text").
        tpl: the template.
    Returns:
        The FilledNote: every line of the note in exactly one part.
    """
    parts = [p for s in tpl.sections for p in s.parts]
    taken: dict[int, list[str]] = {id(p): [] for p in parts}
    lines = [{"text": goal_line(g)} for g in goals_of(note)]
    scores = [{"text": line} for line in measure_lines(note)]
    found = {
        **(note.get("sections") or {}),
        **({GOALS: lines} if lines else {}),
        MEASURES: scores,
    }
    untaken: list[str] = []  # measures no part of the template takes
    for field, items in found.items():
        mine = [p for p in parts if p.field == field]
        for item in items:
            if not str(item.get("text", "")).strip():
                continue
            line = _item_text(field, item)
            part = next((p for p in mine if p.takes(line)), None)
            part = part or next((p for p in mine if not p.when_any), None)
            if part is not None:
                taken[id(part)].append(line)
            elif field == MEASURES:
                untaken.append(line)
    sections = tuple(
        FilledSection(s.key, s.heading, shown)
        for s in tpl.sections
        if (
            shown := tuple(
                FilledPart(p.label, tuple(taken[id(p)]))
                for p in s.parts
                if taken[id(p)] or p.field != MEASURES
            )
        )
    )
    if lines and not any(p.field == GOALS for p in parts):
        key, heading = GOALS_SECTION
        sections += (
            FilledSection(key, heading, (FilledPart("", tuple(i["text"] for i in lines)),)),
        )
    if untaken:
        key, heading = MEASURES_SECTION
        sections += (FilledSection(key, heading, (FilledPart("", tuple(untaken)),)),)
    return FilledNote(tpl, _session(note), sections)


def text_of(filled: FilledNote) -> str:
    """A filled note as plain text: session lines, then each heading and its parts."""
    lines = [f"{k}: {v}" for k, v in filled.session]
    for sec in filled.sections:
        lines.append("")
        if sec.inline:
            lines.append(f"{sec.heading}: {sec.parts[0].text}")
            continue
        lines.append(f"{sec.heading}:")
        lines += [f"  {p.label}: {p.text}" if p.label else f"  {p.text}" for p in sec.parts]
    return "\n".join(lines) + "\n"


def md_escape(text: str) -> str:
    """Backslash-escape Markdown's active characters in user text, and any leading marker."""
    out = "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)
    # A list, rule or numbered-list marker at the start would open a block of its own.
    out = re.sub(r"^(\s*)([-+=~])", r"\1\\\2", out)
    return re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", out)


def markdown_of(filled: FilledNote) -> str:
    """A filled note as Markdown: title, session list, one `##` per section."""
    out = [f"# {md_escape(filled.template.title)}", ""]
    out += [f"- **{k}:** {md_escape(v)}" for k, v in filled.session]
    for sec in filled.sections:
        out += ["", f"## {md_escape(sec.heading)}"]
        for part in sec.parts:
            if part.label:
                out += ["", f"**{md_escape(part.label)}**"]
            out.append("")
            out += [f"- {md_escape(line)}" for line in part.lines] or [f"_{NOT_RECORDED}_"]
    return "\n".join(out) + "\n"


def _advice(flag: dict[str, Any]) -> tuple[str, str] | None:
    """("Rewrite", text) for a drop-in rewrite, ("Instead", text) for advice, None for neither."""
    if not flag.get("suggestion"):
        return None
    return ("Rewrite" if flag.get("drop_in") else "Instead"), flag["suggestion"]


def _render_text(note: dict[str, Any]) -> str:
    out = [text_of(fill(note, template("plain"))).rstrip("\n")]
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


def _render_markdown(note: dict[str, Any]) -> str:
    out = [markdown_of(fill(note, template("plain"))).rstrip("\n")]
    flags = note.get("flags") or []
    if flags:
        out += ["", "## Wording to review", ""]
        for flag in flags:
            advice = _advice(flag)
            rewrite = f" {advice[0]}: {md_escape(advice[1])}." if advice else ""
            out.append(
                f"- **{md_escape(flag['text'])}** ({flag['kind']}): "
                f"{md_escape(flag['reason'])}{rewrite}"
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
        fmt: a template id (plain, soap, dap, birp, girp, or a clinic's), text or markdown.
    Returns:
        The rendered note; parts the note lacks say "not recorded".
    """
    fmt = fmt.lower()
    if fmt == "text":
        return _render_text(note)
    if fmt == "markdown":
        return _render_markdown(note)
    return text_of(fill(note, template(fmt)))
