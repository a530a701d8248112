"""A note's goal progress without the pages: the Goals panel's rows, saving them, signing them.

A draft is reviewed against the goals of the client's plan in force (the newest signed version);
the engine suggests which of the note's lines speak to which goal, and the reviewer confirms the
evidence and chooses the progress. One NoteGoal row per goal holds the choice; at signing every
goal of the plan gets its row (undecided ones too), so the signed note says what was and was not
recorded. Each save is audited (ids and counts only, never a goal's or a line's words); the view
commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import select

import assistant
from assistant import SECTIONS
from assistant.note.goals import GoalProgress

from .. import auditlog, nlp
from ..db import db
from ..notes.review_page import template_as_note
from ..plans import changes as plans
from ..plans import content
from ..records import Note, NoteGoal, TreatmentPlan, User, utcnow


@dataclass(frozen=True)
class Line:
    """One of the note's lines as the Goals panel offers it for one goal."""

    section: str
    text: str
    suggested: bool
    checked: bool

    @property
    def key(self) -> str:
        """The checkbox value: the section and the line's words."""
        return f"{self.section}:{self.text}"


@dataclass(frozen=True)
class PanelGoal:
    """One goal on the Goals panel: its words, the lines to tick, the progress to choose."""

    goal_id: int
    number: int  # 1, 2, ... in the plan
    text: str
    objectives: tuple[str, ...]
    lines: list[Line]  # suggested or ticked
    others: list[Line] = field(default_factory=list)  # the note's remaining lines
    progress: str | None = None  # the choice shown selected
    suggested_progress: bool = False  # "not addressed" shown because no line links
    recorded: bool = False  # the reviewer has saved a choice for this goal


def in_force(note: Note) -> TreatmentPlan | None:
    """The client's plan in force, whose goals a draft is reviewed against."""
    return plans.current(plans.versions(note.client))


def rows(note: Note) -> list[NoteGoal]:
    """The note's goal rows, in the plan's order."""
    stmt = select(NoteGoal).where(NoteGoal.note_id == note.id)
    return list(db.session.scalars(stmt.order_by(NoteGoal.position, NoteGoal.id)))


def note_lines(fields: dict[str, Any]) -> list[tuple[str, str]]:
    """The reviewed note's lines as (section, text), in the template's order."""
    sections = fields.get("sections", {})
    return [(s, line.strip()) for s in SECTIONS for line in sections.get(s, []) if line.strip()]


def _goals(note: Note) -> list[tuple[content.Goal, TreatmentPlan, NoteGoal | None]]:
    """Each goal the note is reviewed against, with its plan version and row: a draft's plan in
    force, a signed note's rows as signed."""
    # Read without flushing: the note may be half made (a new draft) or half signed.
    with db.session.no_autoflush:
        found = {r.goal_id: r for r in rows(note)} if note.id is not None else {}
        plan = None if note.signed else in_force(note)
    if note.signed:
        out = []
        for row in found.values():
            goal = content.find(row.plan.content, row.goal_id)
            if goal is not None:
                out.append((goal, row.plan, row))
        return out
    if plan is None:
        return []
    return [(g, plan, found.get(g.goal_id)) for g in content.goals(plan.content)]


def of_note(note: Note, fields: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The note's goal progress in the note dict's shape (assistant/note/goals.py), for the
    preview, the signed text and the exports: evidence only while its line is in `fields`."""
    lines = set(note_lines(fields if fields is not None else note.fields))
    out = []
    for goal, _plan, row in _goals(note):
        evidence = row.evidence if row is not None else []
        out.append(
            {
                "goal_id": goal.goal_id,
                "text": goal.text,
                "objectives": list(goal.objectives),
                "progress": row.progress if row is not None else None,
                "evidence": [e["text"] for e in evidence if (e["section"], e["text"]) in lines],
            }
        )
    return out


def for_audit(goals: list[dict[str, Any]]) -> list[GoalProgress]:
    """`of_note`'s goals as assistant's audit reads them."""
    return [GoalProgress.from_dict(g) for g in goals]


def suggestions(note: Note, goals: list[content.Goal]) -> dict[int, list[tuple[str, str]]]:
    """The engine's suggested evidence per goal id: (section, text) of the stored lines.

    A fault of the engine costs the suggestions only (logged), never the page.
    """
    if not goals:
        return {}
    reviewed = template_as_note(note.fields, note.structured)
    wanted = [{"text": g.text, "objectives": list(g.objectives)} for g in goals]
    try:
        links = nlp.goal_links(reviewed, wanted)
    except assistant.NotewellError:
        return {}
    except Exception:  # noqa: BLE001 - the panel still lets the reviewer tick lines by hand
        current_app.logger.exception("suggesting goal links failed")
        return {}
    out: dict[int, list[tuple[str, str]]] = {g.goal_id: [] for g in goals}
    for link in links:
        out[goals[link["goal"]].goal_id].append((link["section"], link["text"]))
    return out


def panel(note: Note, typed: dict[int, dict[str, Any]] | None = None) -> list[PanelGoal]:
    """The Goals panel of a note: each goal with the lines to tick and the progress chosen.

    Args:
        note: a draft (the plan in force's goals) or a signed note (its rows, read only).
        typed: a refused post's choices by goal id ({"progress", "evidence" keys}), shown as
            they were sent.
    Returns:
        The goals in the plan's order; none when the client has no signed plan.
    """
    found = _goals(note)
    lines = note_lines(note.fields)
    suggested = {} if note.signed else suggestions(note, [g for g, _, _ in found])
    out = []
    for number, (goal, _plan, row) in enumerate(found, 1):
        mine = set(suggested.get(goal.goal_id, []))
        choice = (typed or {}).get(goal.goal_id)
        if choice is not None:
            ticked = set(choice["evidence"])
        elif row is not None:
            ticked = {f"{e['section']}:{e['text']}" for e in row.evidence}
        else:
            ticked = {f"{s}:{t}" for s, t in mine}
        offered = [Line(s, t, (s, t) in mine, f"{s}:{t}" in ticked) for s, t in lines]
        if choice is not None:
            progress, hint = choice["progress"] or None, False
        elif row is not None:
            progress, hint = row.progress, False
        else:
            progress, hint = (None, False) if mine else ("not_addressed", True)
        out.append(
            PanelGoal(
                goal_id=goal.goal_id,
                number=number,
                text=goal.text,
                objectives=goal.objectives,
                lines=[ln for ln in offered if ln.suggested or ln.checked],
                others=[ln for ln in offered if not (ln.suggested or ln.checked)],
                progress=progress,
                suggested_progress=hint,
                recorded=row is not None,
            )
        )
    return out


def save(note: Note, by: User, choices: dict[int, dict[str, Any]]) -> None:
    """Record the reviewer's progress and evidence for each goal of the plan in force.

    Args:
        note: the draft.
        by: the reviewer.
        choices: by goal id, {"progress": a GOAL_PROGRESS key or None, "evidence": [(section,
            text), ...]} of the stored lines (the form checked both).
    """
    plan = in_force(note)
    if plan is None:
        return
    goals = content.goals(plan.content)
    found = {r.goal_id: r for r in rows(note)}
    suggested = suggestions(note, goals)
    ticked = 0
    for position, goal in enumerate(goals):
        choice = choices.get(goal.goal_id, {"progress": None, "evidence": []})
        row = found.get(goal.goal_id)
        if row is None:
            row = NoteGoal(note_id=note.id, goal_id=goal.goal_id, updated_by_id=by.id)
            db.session.add(row)
        row.plan_id, row.position = plan.id, position
        row.progress = choice["progress"]
        row.evidence = [{"section": s, "text": t} for s, t in choice["evidence"]]
        row.suggested = [{"section": s, "text": t} for s, t in suggested.get(goal.goal_id, [])]
        row.updated_at, row.updated_by_id = utcnow(), by.id
        ticked += len(row.evidence)
    auditlog.record(
        "edit",
        note_id=note.id,
        client_id=note.client_id,
        detail=f"goal progress saved: plan {plan.id}, {len(goals)} goal(s), {ticked} evidence",
    )


def freeze(note: Note, by: User) -> None:
    """Before signing: a row for every goal of the plan in force (undecided ones too), each on
    that version's words, with only the evidence still in the note; a row of a goal the plan
    no longer holds goes. Flushed, so the rows are written while the note is still a draft."""
    plan = in_force(note)
    if plan is None:
        return
    found = {r.goal_id: r for r in rows(note)}
    lines = set(note_lines(note.fields))
    goals = content.goals(plan.content)
    for gone in set(found) - {g.goal_id for g in goals}:  # a goal the plan no longer holds
        db.session.delete(found.pop(gone))
    for position, goal in enumerate(goals):
        row = found.get(goal.goal_id)
        if row is None:
            row = NoteGoal(note_id=note.id, goal_id=goal.goal_id, updated_by_id=by.id)
            row.evidence, row.suggested = [], []
            db.session.add(row)
        row.plan_id, row.position = plan.id, position
        kept = [e for e in row.evidence if (e["section"], e["text"]) in lines]
        if kept != row.evidence:
            row.evidence = kept
    db.session.flush()
