"""What followed each intervention in a clinician's signed notes: the counts, without the pages.

A session is one signed note as the reflection reads it. For each intervention (its canonical
name in the taxonomy) the summary counts the sessions that used it and, side by side, what
followed: whether the note records the client's response, what became of the homework set in
that session at the next one, and how each measure changed from that session to the next score
recorded after it. These are descriptions of what happened next, not effects: a session with
several interventions counts for each of them, and nothing here controls for anything else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import fmean

UNNAMED = "Not named in the taxonomy"
ALL_SESSIONS = "All signed sessions"
# The timeline's words for what became of a homework at the next note (web/clients/timeline.py).
DONE, PARTIAL, NOT_DONE, NOT_MENTIONED, NO_NEXT = (
    "done",
    "partial",
    "not done",
    "not mentioned",
    "no later note",
)


@dataclass(frozen=True)
class Session:
    """One signed note: its interventions, the client's responses, its homework's fate, scores."""

    client_id: int
    note_id: int
    date: str
    interventions: tuple[str, ...]  # canonical names, each once (UNNAMED for an unknown line)
    responses: tuple[str, ...] = ()
    homework: tuple[str, ...] = ()  # each homework's status at the next note, as the timeline says
    measures: Mapping[str, float] = field(default_factory=dict)  # name -> score at this session


@dataclass(frozen=True)
class Change:
    """One measure's change after a session: from its score then (or the last before) to the
    next score recorded after it."""

    client_id: int
    note_id: int
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass
class Followed:
    """What followed the sessions that used one intervention."""

    name: str
    sessions: list[Session] = field(default_factory=list)
    homework: Counter[str] = field(default_factory=Counter)
    changes: dict[str, list[Change]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Sessions that used it."""
        return len(self.sessions)

    @property
    def clients(self) -> int:
        """Clients it was used with."""
        return len({s.client_id for s in self.sessions})

    @property
    def with_response(self) -> int:
        """Of its sessions, those whose note records the client's response."""
        return sum(1 for s in self.sessions if s.responses)

    @property
    def homework_set(self) -> int:
        """Homework set in its sessions that a later note could come back to."""
        return sum(n for status, n in self.homework.items() if status != NO_NEXT)

    @property
    def homework_unclear(self) -> int:
        """Reviewed at the next note without a status that says how much was done."""
        known = (DONE, PARTIAL, NOT_DONE, NOT_MENTIONED)
        return self.homework_set - sum(self.homework[s] for s in known)

    def mean_change(self, measure: str) -> float | None:
        """The mean change of a measure after its sessions, None without a pair of scores."""
        found = self.changes.get(measure)
        return fmean(c.delta for c in found) if found else None


@dataclass(frozen=True)
class Reflection:
    """Every intervention's row, most used first (the unnamed last), and all sessions' row."""

    rows: tuple[Followed, ...]
    overall: Followed
    measures: tuple[str, ...]  # the measures with at least one change, first seen first

    @property
    def sessions(self) -> int:
        return self.overall.count

    @property
    def clients(self) -> int:
        return self.overall.clients


def _changes(ordered: list[Session]) -> dict[int, dict[str, Change]]:
    """For each session of one client (oldest first), each measure's change after it."""
    out: dict[int, dict[str, Change]] = {}
    for k, session in enumerate(ordered):
        found: dict[str, Change] = {}
        earlier = [s.measures for s in reversed(ordered[: k + 1])]
        for name in dict.fromkeys(n for m in ordered[k + 1 :] for n in m.measures):
            before = next((m[name] for m in earlier if name in m), None)
            after = next(s.measures[name] for s in ordered[k + 1 :] if name in s.measures)
            if before is not None:
                found[name] = Change(session.client_id, session.note_id, before, after)
        out[session.note_id] = found
    return out


def summarise(sessions: Iterable[Session]) -> Reflection:
    """The reflection over some signed sessions.

    Args:
        sessions: each client's signed notes, each client's oldest first (clients may
            interleave); homework statuses as the timeline gives them for the next note.
    Returns:
        One row per intervention name, by sessions (most first) then name, and the row of all
        sessions; a measure's change after a session runs from its score at that session (or
        the last one before it) to the next score recorded after it.
    """
    by_client: dict[int, list[Session]] = {}
    for s in sessions:
        by_client.setdefault(s.client_id, []).append(s)
    rows: dict[str, Followed] = {}
    overall = Followed(ALL_SESSIONS)
    measures: dict[str, None] = {}
    for ordered in by_client.values():
        changes = _changes(ordered)
        for s in ordered:
            for row in (overall, *(rows.setdefault(n, Followed(n)) for n in s.interventions)):
                row.sessions.append(s)
                row.homework.update(s.homework)
                for name, change in changes[s.note_id].items():
                    row.changes.setdefault(name, []).append(change)
                    measures.setdefault(name)
    ordered_rows = sorted(rows.values(), key=lambda r: (r.name == UNNAMED, -r.count, r.name))
    return Reflection(tuple(ordered_rows), overall, tuple(measures))
