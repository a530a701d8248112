"""The note audit: completeness checks that tell the reviewer what to add, never adding it.

Every check reads only what the structured note already holds (its session facts, section items,
flags and the jotting's own words); a check that finds nothing says what is missing and never
fills it in. Check ids, in order: date, time, interventions, client_response, progress, risk,
plan, homework, flags. Status: "ok", "warn" (present but incomplete) or "missing". The risk check
also reads the note's measures: a PHQ-9 item 9 above 0 without current risk recorded warns.
The progress check reads the clinician's progress toward each treatment goal when the client
has a plan (`goals`); without one it looks for words of change in the note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..measures.instruments import instruments, risk_readings
from .goals import GoalProgress
from .risk import names_safety_action, note_statements, risk_status
from .structured import AuditCheck, Item, Measure, StructuredNote

OK, WARN, MISSING = "ok", "warn", "missing"
CHECK_IDS: tuple[str, ...] = (
    "date",
    "time",
    "interventions",
    "client_response",
    "progress",
    "risk",
    "plan",
    "homework",
    "flags",
)

# CPT psychotherapy codes by session minutes: (code, first minute, last minute or None).
CPT_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("90832", 16, 37),
    ("90834", 38, 52),
    ("90837", 53, None),
)

# Intervention wording too generic to tell a reader what was done.
GENERIC_INTERVENTIONS = re.compile(
    r"^\s*(?:provided\s+|offered\s+|gave\s+)?(?:supportive\s+(?:therapy|counsel+ing|psychotherapy|listening)"
    r"|support(?:ive)?|talk\s+therapy|counsel+ing|psychotherapy|therapy|active\s+listening|listened"
    r"|processed(?:\s+(?:feelings|emotions|thoughts))?|rapport[\s-]building|check[\s-]?in"
    r"|individual\s+(?:therapy|session))\s*\.?\s*$",
    re.IGNORECASE,
)
# Signs that progress toward goals is stated: change over time, counts, goal words.
PROGRESS = re.compile(
    r"\b(?:goals?|progress\w*|improv\w*|better|worse|worsen\w*|fewer|reduc\w*|decreas\w*|increas\w*"
    r"|since last|than last|compared (?:to|with)"
    r"|\d+\s*(?:of|/|out of)\s*\d+\s*(?:days|times|entries|nights)"
    r"|first time|no longer|relaps\w*|setback|maintain\w*|down to|up to|from \d+ to \d+"
    r"|completed|did not complete|kept (?:up|to))\b",
    re.IGNORECASE,
)
# The jotting says there is no homework this time.
NO_HOMEWORK = re.compile(
    r"\b(?:no\s+(?:hw|homework|home\s*work)|(?:hw|homework)\s*[:=-]?\s*(?:none|n/?a|nil|not\s+(?:set|assigned|given))"
    r"|did\s+not\s+(?:set|assign|give)\s+(?:any\s+)?(?:hw|homework))\b",
    re.IGNORECASE,
)


def cpt_band(minutes: int | None) -> str | None:
    """Return the CPT psychotherapy code the duration supports, or None under 16 minutes.

    Args:
        minutes: the session's duration.
    Returns:
        "90832", "90834", "90837", or None when not billable as psychotherapy time.
    """
    if minutes is None:
        return None
    for code, low, high in CPT_BANDS:
        if minutes >= low and (high is None or minutes <= high):
            return code
    return None


def audit_note(
    note: StructuredNote, goals: Sequence[GoalProgress] | None = None
) -> list[AuditCheck]:
    """Return the audit checks of a structured note, in CHECK_IDS order.

    Args:
        note: a structured note (its sections, session and flags are read, never changed).
        goals: the note's progress toward each goal of the client's treatment plan; None
            (or none) when the client has no plan.
    Returns:
        One AuditCheck per id of CHECK_IDS.
    """
    return [
        _date(note),
        _time(note),
        _interventions(note),
        _client_response(note),
        _goal_progress(goals) if goals else _progress(note),
        _risk(note),
        _plan(note),
        _homework(note),
        _flags(note),
    ]


def _items(note: StructuredNote, section: str) -> list[Item]:
    return list(note.sections.get(section, []))


def _date(note: StructuredNote) -> AuditCheck:
    if note.session.date:
        return AuditCheck("date", OK, f"Session date: {note.session.date}.")
    return AuditCheck("date", MISSING, "No session date: add the date the session took place.")


def _time(note: StructuredNote) -> AuditCheck:
    s = note.session
    minutes = s.duration_minutes
    if minutes is None:
        if s.start_time or s.end_time:
            return AuditCheck(
                "time",
                WARN,
                "Only one of the start and stop times is recorded: add the other so the duration "
                "and CPT time band (90832/90834/90837) can be set.",
            )
        return AuditCheck(
            "time",
            MISSING,
            "No start/stop time or duration: add them so the CPT time band (90832/90834/90837) "
            "can be chosen.",
        )
    times = f" ({s.start_time}-{s.end_time})" if s.start_time and s.end_time else ""
    code = cpt_band(minutes)
    if code is None:
        return AuditCheck(
            "time",
            WARN,
            f"{minutes} minutes{times} is under 16 minutes: not billable as psychotherapy time; "
            "check the duration.",
        )
    low, high = next((lo, hi) for c, lo, hi in CPT_BANDS if c == code)
    band = f"{low}-{high} min" if high is not None else f"{low}+ min"
    extra = "" if times else " Start and stop times are not recorded; add them if your payer asks."
    return AuditCheck("time", OK, f"{minutes} minutes{times} supports CPT {code} ({band}).{extra}")


def _interventions(note: StructuredNote) -> AuditCheck:
    items = _items(note, "interventions")
    if not items:
        return AuditCheck(
            "interventions",
            MISSING,
            "No interventions recorded: add what you did in the session (technique, skill taught, "
            "exercise).",
        )
    names = [i.canonical or i.text for i in items]
    if all(_generic(i) for i in items):
        return AuditCheck(
            "interventions",
            WARN,
            f"Interventions are generic ({'; '.join(names)}): name the specific technique used, "
            "e.g. reflective listening, thought record, grounding exercise.",
        )
    return AuditCheck("interventions", OK, f"Interventions named: {'; '.join(names)}.")


def _generic(item: Item) -> bool:
    """The writer's words (or the canonical name) say only that therapy or support happened."""
    return bool(
        GENERIC_INTERVENTIONS.match(item.text)
        or (item.canonical and GENERIC_INTERVENTIONS.match(item.canonical))
    )


def _client_response(note: StructuredNote) -> AuditCheck:
    if _items(note, "client_response"):
        return AuditCheck("client_response", OK, "Client response to the interventions recorded.")
    if _items(note, "interventions"):
        return AuditCheck(
            "client_response",
            MISSING,
            "No client response recorded: add how the client responded to the interventions "
            "(what they said or did).",
        )
    return AuditCheck(
        "client_response",
        MISSING,
        "No client response recorded: add how the client presented and responded in the session.",
    )


def _progress(note: StructuredNote) -> AuditCheck:
    for section in ("client_response", "topics", "plan", "homework"):
        for item in _items(note, section):
            if PROGRESS.search(item.text):
                return AuditCheck("progress", OK, f'Progress stated: "{item.text}".')
    return AuditCheck(
        "progress",
        WARN,
        "No progress toward treatment goals stated: add whether the client moved toward their "
        "goals (e.g. fewer panic attacks than last week), if you assessed it.",
    )


def _goal_progress(goals: Sequence[GoalProgress]) -> AuditCheck:
    """The check against the plan: every goal's progress chosen, and one goal addressed."""
    undecided = [g.text for g in goals if g.progress is None]
    if undecided:
        return AuditCheck(
            "progress",
            WARN,
            f"Progress toward {len(undecided)} of the {len(goals)} treatment goals is not "
            f"recorded ({'; '.join(undecided)}): record for each whether the client is better, "
            "the same or worse, or that it was not addressed.",
        )
    said = "; ".join(f"{g.text}: {g.progress_words}" for g in goals)
    if all(g.progress == "not_addressed" for g in goals):
        return AuditCheck(
            "progress",
            WARN,
            f"No treatment goal is recorded as addressed ({said}): if the session worked on "
            "one, record the client's progress toward it.",
        )
    return AuditCheck("progress", OK, f"Progress toward treatment goals recorded: {said}.")


def _risk(note: StructuredNote) -> AuditCheck:
    status = risk_status(note_statements(note))
    said = "; ".join(f"{s.text} ({s.label})" for s in status.statements)
    screened = risk_readings(note.measures)
    if screened and status.status != "current":
        return AuditCheck("risk", WARN, _screen_prompt(screened[0], said))
    if not status.statements:
        return AuditCheck(
            "risk",
            MISSING,
            "Risk not addressed: record whether you asked about suicidal or homicidal thoughts and "
            "self-harm, and what the client said.",
        )
    if status.status == "not_assessed":
        return AuditCheck(
            "risk",
            WARN,
            f"A safety action is recorded ({said}) but not what the client said about risk in "
            "this session: record whether you asked and what the client said.",
        )
    if status.status == "history_only":
        return AuditCheck(
            "risk",
            WARN,
            f"Only past risk is recorded ({said}): record whether the client has thoughts of "
            "suicide, self-harm or harming others now.",
        )
    if status.status == "denied":
        return AuditCheck("risk", OK, f"Risk asked about and denied: {said}.")
    if not status.lacks_safety_action or _plan_mentions_safety(note):
        return AuditCheck("risk", OK, f"Current risk recorded with a safety response: {said}.")
    return AuditCheck(
        "risk",
        WARN,
        f'Current risk is recorded ("{status.present[0].text}") and no safety action: add the '
        "safety plan, means restriction, crisis resources given, or when risk will be reviewed.",
    )


def _screen_prompt(measure: Measure, said: str) -> str:
    """What to add when a score (PHQ-9 item 9 above 0) says risk and the note says none now."""
    meaning = instruments()[measure.name].risk_meaning
    score = f"{measure.name} is {measure.value}" + (f" ({meaning})" if meaning else "")
    recorded = f"; the note records {said}" if said else ""
    return (
        f"{score}{recorded}: record that you asked about suicidal thoughts, what the client "
        "said, and the safety plan or follow-up."
    )


def _plan_mentions_safety(note: StructuredNote) -> bool:
    texts = [i.text for s in ("plan", "interventions", "homework") for i in _items(note, s)]
    return any(names_safety_action(t) for t in texts)


def _plan(note: StructuredNote) -> AuditCheck:
    if _items(note, "plan"):
        return AuditCheck("plan", OK, "Plan for the next session recorded.")
    return AuditCheck(
        "plan", MISSING, "No plan for the next session: add what you will work on next time."
    )


def _homework(note: StructuredNote) -> AuditCheck:
    items = _items(note, "homework")
    says_none = any(NO_HOMEWORK.search(i.text) for i in items)
    if says_none or (not items and NO_HOMEWORK.search(note.text)):
        return AuditCheck("homework", OK, "No homework this time, as the jotting states.")
    if items:
        return AuditCheck("homework", OK, f"Homework: {'; '.join(i.text for i in items)}.")
    return AuditCheck("homework", MISSING, "No homework recorded: add it or mark none.")


def _flags(note: StructuredNote) -> AuditCheck:
    interpretive = sum(1 for f in note.flags if f.kind == "interpretive")
    jargon = sum(1 for f in note.flags if f.kind == "jargon")
    if not interpretive and not jargon:
        return AuditCheck("flags", OK, "No interpretive or jargon wording flagged.")
    total = interpretive + jargon
    return AuditCheck(
        "flags",
        WARN,
        f"{total} flag{'s' if total != 1 else ''} open ({interpretive} interpretive, {jargon} "
        "jargon): rewrite each or confirm it before signing.",
    )
