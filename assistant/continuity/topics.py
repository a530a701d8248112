"""Group the topics of a client's notes by what they are about, for the topics-over-time strip.

Closeness is the share of content stems two topics have in common ("work stress" and "stress at
work"), or, when the encoder is loaded, the MiniLM cosine similarity of their sentence embeddings
("argument with her sister" and "conflict with sibling" share no word). Grouping is one pass in
the order given (a client's notes, oldest first): a topic joins the group it is closest to on
average when that closeness reaches the threshold, else starts a group of its own, so the
first wording of a theme names its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..content import CONTENT
from ..lexicon import word_classes
from .linker import pools_last_layer, sentence_vectors, stem

# Chosen on corpora/continuity/topic_groups.jsonl with the encoder the app loads (int8, layers
# 6 and 3; `python bench/topics.py` prints pairwise precision and recall at each threshold):
# 0.35 keeps precision 1.00 at recall 0.69; 0.30 is the lowest at 1.00 on that small set and
# 0.25 falls to 0.76, so 0.35 leaves a step of margin. Content words: 0.5 (P 1.00, R 0.21).
LEXICAL_THRESHOLD = 0.5  # half the shorter topic's content stems shared
COSINE_THRESHOLD = 0.35


class TopicGrouper:
    """Groups short topic texts by content words, or by MiniLM similarity with the encoder."""

    def __init__(self, ignored: frozenset[str], encoder: Any | None = None) -> None:
        """Args:
        ignored: words that say nothing of a topic (stopwords, "session", "week").
        encoder: a SentenceEncoder that pools the last layer, or None for content words.
        """
        self.ignored = ignored
        self.encoder = encoder
        self.threshold = COSINE_THRESHOLD if encoder is not None else LEXICAL_THRESHOLD

    @classmethod
    def load(cls, data: Path, encoder: Any | None = None) -> TopicGrouper:
        """Read the word lists from the data folder; keep the encoder if it pools layer 6."""
        ignored = word_classes("content_words", data)["stopwords"]
        ignored |= word_classes("continuity_words", data)["generic"]
        return cls(frozenset(ignored), encoder if pools_last_layer(encoder) else None)

    def content(self, text: str) -> frozenset[str]:
        """The stems of a text's content words."""
        words = (w for w in CONTENT.findall(text) if w.lower() not in self.ignored)
        return frozenset(s for s in map(stem, words) if s not in self.ignored)

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Closeness of every text to every other, 0..1 (a square matrix)."""
        if self.encoder is not None and len(texts):
            last = sentence_vectors(self.encoder, list(texts))
            return np.clip(last @ last.T, 0.0, 1.0)
        stems = [self.content(t) for t in texts]
        out = np.zeros((len(texts), len(texts)))
        for a, left in enumerate(stems):
            for b, right in enumerate(stems):
                if left and right:
                    out[a, b] = len(left & right) / min(len(left), len(right))
        return out

    def groups(self, texts: Sequence[str]) -> list[list[int]]:
        """Group texts by closeness.

        Args:
            texts: the topics, oldest first.
        Returns:
            The groups as lists of indices into `texts`, each in order, groups by first member.
            Equal texts (ignoring case and spacing) always share a group.
        """
        key = [" ".join(t.lower().split()) for t in texts]
        scores = self.similarity(texts)
        groups: list[list[int]] = []
        for i in range(len(texts)):
            best, best_score = None, self.threshold
            for g, members in enumerate(groups):
                if any(key[m] == key[i] for m in members):
                    best, best_score = g, 2.0
                    break
                score = float(np.mean([scores[i, m] for m in members]))
                if score >= best_score:
                    best, best_score = g, score
            if best is None:
                groups.append([i])
            else:
                groups[best].append(i)
        return groups
