"""The topics of a client's notes over time: one row per theme, one column per note.

Themes come from grouping every note's topics by closeness (assistant's TopicGrouper: MiniLM
with the encoder, else shared content words); a row is named by the first wording of its theme.
The last row is each note's risk status. The geometry of the server-rendered SVG is here; the
template escapes every text, and the table beside it says the same for a screen reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .timeline import Entry

LABEL_WIDTH = 190  # the row names' column
CELL, ROW, TOP, BOTTOM, RIGHT = 44, 24, 8, 72, 8  # the dates below stand at a slant
MAX_LABEL = 26  # characters of a row name drawn in the SVG; the full name is in its title
DATE_TICKS = 6
RISK_WORDS = {
    "current": "current risk",
    "denied": "risk denied",
    "history_only": "past risk only",
    "not_assessed": "risk not assessed",
}


@dataclass(frozen=True)
class Cell:
    """One note's topics of one theme (empty: the note did not touch it)."""

    topics: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """One theme across the notes."""

    label: str
    cells: tuple[Cell, ...]

    @property
    def short(self) -> str:
        """The label as the SVG draws it."""
        return self.label if len(self.label) <= MAX_LABEL else self.label[: MAX_LABEL - 1] + "…"

    @property
    def notes(self) -> int:
        """How many notes touch the theme."""
        return sum(1 for c in self.cells if c.topics)


@dataclass(frozen=True)
class Column:
    """One note: its day, its timeline anchor and its risk status."""

    date: str
    note_id: int
    risk: str  # a RiskStatus.status
    x: float

    @property
    def risk_words(self) -> str:
        return RISK_WORDS.get(self.risk, self.risk)


@dataclass(frozen=True)
class Strip:
    """Everything the template draws, in SVG user units; columns oldest first."""

    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    date_ticks: tuple[Column, ...]
    desc: str
    width: int
    height: int
    cell: int = CELL
    row: int = ROW
    top: int = TOP
    left: int = LABEL_WIDTH

    def y(self, index: int) -> int:
        """The top of row `index` (the risk row is index len(rows))."""
        return self.top + index * self.row

    @property
    def risk_y(self) -> int:
        return self.y(len(self.rows))


def build(entries: Sequence[Entry], group: Callable[[list[str]], list[list[int]]]) -> Strip | None:
    """The strip of some timeline entries, or None when no note has a topic.

    Args:
        entries: the timeline, oldest first.
        group: groups topic texts, oldest first, into lists of indices (web.nlp.group_topics).
    Returns:
        One row per group of topics in the order the groups first appear, one column per entry.
    """
    placed = [(k, topic) for k, e in enumerate(entries) for topic in e.topics if topic.strip()]
    if not placed:
        return None
    groups = group([topic for _, topic in placed])
    rows = []
    for members in groups:
        by_column: list[list[str]] = [[] for _ in entries]
        for i in members:
            column, topic = placed[i]
            by_column[column].append(topic)
        cells = tuple(Cell(tuple(topics)) for topics in by_column)
        rows.append(Row(placed[members[0]][1], cells))
    columns = tuple(
        Column(e.date, e.note.id, e.risk.status, LABEL_WIDTH + (k + 0.5) * CELL)
        for k, e in enumerate(entries)
    )
    step = max(1, -(-len(columns) // DATE_TICKS))  # ceiling: at most DATE_TICKS dates drawn
    ticks = tuple(c for k, c in enumerate(columns) if k % step == 0 or k == len(columns) - 1)
    return Strip(
        rows=tuple(rows),
        columns=columns,
        date_ticks=ticks,
        desc=_describe(rows, columns),
        width=LABEL_WIDTH + len(columns) * CELL + RIGHT,
        height=TOP + (len(rows) + 1) * ROW + BOTTOM,
    )


def _describe(rows: list[Row], columns: tuple[Column, ...]) -> str:
    notes = f"{len(columns)} note{'s' if len(columns) != 1 else ''}"
    parts = [
        f"Topics of {notes} from {columns[0].date} to {columns[-1].date}, grouped into "
        f"{len(rows)} theme{'s' if len(rows) != 1 else ''}; the table below lists them."
    ]
    for row in rows:
        parts.append(f"{row.label}: {row.notes} of {notes}.")
    return " ".join(parts)
