"""Which items of a note speak to which treatment goal: suggestions for the reviewer to confirm.

An item links to the goal it is closest to, when it is close enough: closeness to a goal is the
closest of the goal's words and its measurable objectives. It is the MiniLM cosine similarity
when the encoder is loaded, and without it the share of the item's content words (stems,
without stopwords and goal wording such as "reduce" or "per week") that the goal text holds.
Only the closest goal counts (two at a tie): taking every goal over the threshold doubled the
wrong links on our set. The thresholds were chosen on the "tune" half of
corpora/continuity/goals.jsonl; `python bench/goals.py` prints precision and recall at each
threshold on both halves (README: "Goals in each note").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..content import CONTENT
from ..errors import GoalsError
from ..lexicon import word_classes
from ..note.structured import StructuredNote
from ..vocab import SECTIONS
from .linker import pools_last_layer, sentence_vectors, stem

# Rules only: best F1 on tune at 0.10 and 0.15 alike; the higher one taken. In practice one
# shared content word of an item of up to six.
LEXICAL_THRESHOLD = 0.15
# With the encoder the app loads (int8): best F1 on tune at 0.15 (0.87); 0.20 taken (0.86) for
# its precision, since a suggestion is shown ticked and a wrong one costs the reviewer more than
# a miss.
ENCODER_THRESHOLD = 0.2


@dataclass(frozen=True)
class Goal:
    """A treatment goal as the plan words it, with its measurable objectives."""

    text: str
    objectives: tuple[str, ...] = ()

    @classmethod
    def of(cls, value: object, position: int = 0) -> Goal:
        """A goal from a Goal, its text, or a mapping with `text` and optional `objectives`."""
        if isinstance(value, Goal):
            return value
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, Mapping) and isinstance(value.get("text"), str):
            objectives = value.get("objectives") or ()
            if isinstance(objectives, str) or not all(isinstance(o, str) for o in objectives):
                raise GoalsError(f"Goal {position + 1}'s objectives must be a list of texts.")
            return cls(value["text"], tuple(objectives))
        raise GoalsError(
            f"Goal {position + 1} must be its text or a mapping with 'text' (and 'objectives')."
        )

    @property
    def texts(self) -> tuple[str, ...]:
        """The goal's words and each objective's, the places an item may meet it."""
        return (self.text, *self.objectives)


@dataclass(frozen=True)
class GoalLink:
    """A suggestion: the item `index` of `section` speaks to goal `goal` (its position)."""

    goal: int
    section: str
    index: int
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "section": self.section,
            "index": self.index,
            "text": self.text,
            "score": round(self.score, 3),
        }


def note_items(note: StructuredNote | Mapping[str, Any]) -> list[tuple[str, int, str]]:
    """The items of a note (a StructuredNote or its dict) as (section, index, text).

    Raises:
        GoalsError: when a dict has no sections of items with text.
    """
    if isinstance(note, StructuredNote):
        return [(s, k, i.text) for s in SECTIONS for k, i in enumerate(note.sections.get(s, []))]
    sections = note.get("sections") if isinstance(note, Mapping) else None
    if not isinstance(sections, Mapping):
        raise GoalsError("The note must be a StructuredNote or its dict, with 'sections'.")
    out = []
    for s in SECTIONS:
        for k, item in enumerate(sections.get(s) or []):
            text = item.get("text") if isinstance(item, Mapping) else None
            if not isinstance(text, str):
                raise GoalsError(f"The note's sections.{s}[{k}] is not an item with a 'text'.")
            out.append((s, k, text))
    return out


class GoalSuggester:
    """Suggests the links between a note's items and the client's treatment goals."""

    def __init__(
        self, ignored: Iterable[str], encoder: Any | None = None, threshold: float | None = None
    ) -> None:
        """Args:
        ignored: words never linked on (stopwords and goal wording), lower-case.
        encoder: a SentenceEncoder that pools the last layer, or None for shared words alone.
        threshold: the least score of a link (default: the one chosen for the mode).
        """
        self.ignored = frozenset(ignored)
        self.encoder = encoder
        default = ENCODER_THRESHOLD if encoder is not None else LEXICAL_THRESHOLD
        self.threshold = default if threshold is None else threshold

    @classmethod
    def load(cls, data: Path, encoder: Any | None = None) -> GoalSuggester:
        """Read the word lists from the runtime data folder; keep the encoder if it pools
        the last layer."""
        ignored = word_classes("goal_words", data)["generic"]
        ignored |= word_classes("content_words", data)["stopwords"]
        return cls(ignored, encoder if pools_last_layer(encoder) else None)

    def content(self, text: str) -> frozenset[str]:
        """The stems of a text's content words."""
        words = (w for w in CONTENT.findall(text) if w.lower() not in self.ignored)
        return frozenset(s for s in map(stem, words) if s not in self.ignored)

    def coverage(self, item: str, goal_text: str) -> float:
        """The share of the item's content stems that the goal text holds (0 without any)."""
        mine = self.content(item)
        return len(mine & self.content(goal_text)) / len(mine) if mine else 0.0

    def scores(self, items: Sequence[str], goals: Sequence[Goal]) -> np.ndarray:
        """How close each item (rows) is to each goal (columns): its closest goal text, 0..1."""
        places = [(g, t) for g, goal in enumerate(goals) for t in goal.texts]
        out = np.zeros((len(items), len(goals)))
        if not items or not places:
            return out
        if self.encoder is None:
            close = np.array([[self.coverage(i, t) for _, t in places] for i in items])
        else:
            vectors = sentence_vectors(self.encoder, [*items, *(t for _, t in places)])
            close = np.clip(vectors[: len(items)] @ vectors[len(items) :].T, 0.0, 1.0)
        for column, (g, _) in enumerate(places):
            out[:, g] = np.maximum(out[:, g], close[:, column])
        return out

    def suggest(
        self, note: StructuredNote | Mapping[str, Any], goals: Sequence[object]
    ) -> list[GoalLink]:
        """The links worth showing the reviewer, by goal, then in note order.

        Args:
            note: a StructuredNote or its dict (a reviewed template shaped like one too).
            goals: the goals in the plan's order: Goal, text, or {"text", "objectives"}.
        Returns:
            One GoalLink per item whose closest goal (or goals, at a tie) is at or above the
            threshold; none for a note or a plan without any.
        Raises:
            GoalsError: when a goal or the note is not of those shapes.
        """
        wanted = [Goal.of(g, k) for k, g in enumerate(goals)]
        found = [(s, k, t) for s, k, t in note_items(note) if t.strip()]
        scores = self.scores([t for _, _, t in found], wanted)
        best = scores.max(axis=1, initial=0.0)
        return [
            GoalLink(g, s, k, t, float(scores[row, g]))
            for g in range(len(wanted))
            for row, (s, k, t) in enumerate(found)
            if scores[row, g] >= self.threshold and scores[row, g] == best[row]
        ]
