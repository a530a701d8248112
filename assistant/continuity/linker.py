"""Link the items of a new note that review last session's homework to that homework.

An item links to the previous homework it speaks to when two things hold: it says something
about doing it (a status word, a count, a verb in the past tense, or a word such as "homework"),
and it is close enough to the homework's words. Closeness is the overlap of content words
(stems, without stopwords and the words every homework shares), averaged with the MiniLM cosine
similarity when the encoder is loaded. The thresholds were chosen on corpora/continuity/links.jsonl
(`python bench/continuity.py` prints the precision and recall at each threshold).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span

from ..content import CONTENT, whole_words
from ..errors import PreviousNoteError
from ..lexicon import word_classes
from ..note.structured import Item, StructuredNote

# The sections whose items can review homework ("did the sleep diary 5 of 7 nights" is a
# response, "HW review: walked twice" may be filed as homework).
REVIEW_SECTIONS = ("client_response", "topics", "interventions", "homework", "plan")
LEXICAL_THRESHOLD = 0.5  # rules only: half the shorter side's content words shared
BLENDED_THRESHOLD = 0.5  # with the encoder: mean of the overlap and the cosine
ENCODER_LAYER = 6  # the last layer: the sentence-transformers embedding
EMBEDDING_DIM = 384
PAST_TAGS = frozenset({"VBD", "VBN"})
NUMBER_WORDS = {"once": 1, "twice": 2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
OUT_OF = re.compile(r"\b(\d+|once|twice|one|two|three|four|five)\s*(?:/|of|out of)\s*(\d+)\b", re.I)
COUNT = re.compile(
    r"\b(?:(\d+)\s*(?:x\b|times\b|days\b|nights\b|mornings\b|evenings\b)|(once|twice)\b"
    r"|(one|two|three|four|five)\s+(?:times|days|nights)\b)",
    re.I,
)
EVERY_DAY = re.compile(
    r"\b(?:daily|nightly|every\s+(?:day|night|morning|evening)|each\s+(?:day|night))\b", re.I
)
SUFFIXES = ("ing", "ed", "es", "s", "ly")


def homework_of(previous: object) -> list[str]:
    """The homework texts of a previous note, checked.

    Args:
        previous: a StructuredNote, its `to_dict()` form (note-schema.json), or None.
    Returns:
        The homework items' texts in order; empty for None.
    Raises:
        PreviousNoteError: when `previous` is neither, or its homework list is malformed.
    """
    if previous is None:
        return []
    if isinstance(previous, StructuredNote):
        return [item.text for item in previous.sections.get("homework", [])]
    if not isinstance(previous, Mapping):
        raise PreviousNoteError(
            "The previous note must be a StructuredNote or its dict (note-schema.json), "
            f"not {type(previous).__name__}."
        )
    sections = previous.get("sections")
    if not isinstance(sections, Mapping):
        raise PreviousNoteError("The previous note has no 'sections' object (note-schema.json).")
    homework = sections.get("homework", [])
    if not isinstance(homework, list):
        raise PreviousNoteError("The previous note's sections.homework must be a list of items.")
    texts = []
    for i, item in enumerate(homework):
        if not isinstance(item, Mapping) or not isinstance(item.get("text"), str):
            raise PreviousNoteError(
                f"The previous note's sections.homework[{i}] is not an item with a 'text'."
            )
        texts.append(item["text"])
    return texts


def stem(word: str) -> str:
    """A crude stem, enough to meet "walked" with "walk" and "diaries" with "diary"."""
    word = word.lower().replace("\u2019", "'").removesuffix("'s")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.removesuffix("e") if len(word) > 3 else word


def pools_last_layer(encoder: Any | None) -> bool:
    """Whether an encoder gives the last layer's pooling (the sentence-transformers embedding)."""
    return ENCODER_LAYER in tuple(getattr(encoder, "layers", ()))


def sentence_vectors(encoder: Any, texts: Sequence[str]) -> np.ndarray:
    """The L2-normalised last-layer embeddings of `texts` (rows), from an encoder pooling it."""
    vectors = encoder.encode(list(texts))
    i = list(encoder.layers).index(ENCODER_LAYER) * EMBEDDING_DIM
    return vectors[:, i : i + EMBEDDING_DIM]


def _count(text: str) -> int | None:
    """How many times a piece of text says something was (or is to be) done."""
    if EVERY_DAY.search(text):
        return 7
    match = COUNT.search(text)
    if not match:
        return None
    number, adverb, word = match.groups()
    if number:
        return int(number)
    return NUMBER_WORDS[(adverb or word).lower()]


class HomeworkLinker:
    """Sets `homework_ref` and `homework_status` on the items of a note that review homework."""

    def __init__(self, words: Mapping[str, frozenset[str]], encoder: Any | None = None) -> None:
        """Args:
        words: the continuity_words lexicon's classes.
        encoder: a SentenceEncoder that pools the last layer, or None for overlap alone.
        """
        self.not_done = whole_words(words["not_done"])
        self.partial = whole_words(words["partial"])
        self.done = whole_words(words["done"])
        self.review = whole_words(words["review"])
        self.ignored = frozenset(words["generic"]) | frozenset(words["stopwords"])
        self.encoder = encoder
        self.threshold = BLENDED_THRESHOLD if encoder is not None else LEXICAL_THRESHOLD

    @classmethod
    def load(cls, data: Path, encoder: Any | None = None) -> HomeworkLinker:
        """Read the lexicons from the runtime data folder; keep the encoder if it pools layer 6."""
        words = dict(word_classes("continuity_words", data))
        words["stopwords"] = word_classes("content_words", data)["stopwords"]
        return cls(words, encoder if pools_last_layer(encoder) else None)

    def content(self, text: str) -> frozenset[str]:
        """The stems of a text's content words."""
        words = (w for w in CONTENT.findall(text) if w.lower() not in self.ignored)
        return frozenset(s for s in map(stem, words) if s not in self.ignored)

    def overlap(self, a: str, b: str) -> float:
        """Shared content stems over the smaller side's (0 when either has none)."""
        left, right = self.content(a), self.content(b)
        if not left or not right:
            return 0.0
        return len(left & right) / min(len(left), len(right))

    def status(self, text: str, homework: str, *, past_verb: bool = False) -> str | None:
        """done, partial or not_done from an item's words, a count against the homework's."""
        text = text.replace("\u2019", "'")
        if self.not_done.search(text):
            return "not_done"
        out_of = OUT_OF.search(text)
        if out_of:
            first = out_of.group(1).lower()
            done, of = NUMBER_WORDS.get(first) or int(first), int(out_of.group(2))
            return "not_done" if done == 0 else "partial" if done < of else "done"
        wanted, said = _count(homework), _count(text)
        if wanted is not None and said is not None and said < wanted:
            return "partial"
        if self.partial.search(text) and not (wanted is not None and said is not None):
            return "partial"
        if self.done.search(text) or past_verb:
            return "done"
        return None

    def scores(self, texts: Sequence[str], homework: Sequence[str]) -> np.ndarray:
        """Closeness of each text (rows) to each homework (columns), 0..1."""
        lexical = np.array([[self.overlap(t, h) for h in homework] for t in texts])
        if self.encoder is None or not len(texts):
            return lexical
        last = sentence_vectors(self.encoder, [*texts, *homework])
        cosine = np.clip(last[: len(texts)] @ last[len(texts) :].T, 0.0, 1.0)
        return (lexical + cosine) / 2

    def link(self, note: StructuredNote, homework: Sequence[str], doc: Doc | None = None) -> None:
        """Set the links on `note`'s items in place.

        Args:
            note: the new note.
            homework: the previous note's homework texts, in order.
            doc: the processed jotting, whose tags tell a verb in the past tense.
        """
        if not homework:
            return
        places = [(s, k) for s in REVIEW_SECTIONS for k in range(len(note.sections.get(s, [])))]
        items = [note.sections[s][k] for s, k in places]
        scores = self.scores([item.text for item in items], homework)
        for (section, k), item, row in zip(places, items, scores, strict=True):
            best = int(np.argmax(row))
            if row[best] < self.threshold or self.overlap(item.text, homework[best]) == 0:
                continue
            words = _segment_of(doc, item)  # "kept" may be trimmed off "the sleep diary"
            status = self.status(
                words.text if words else item.text, homework[best], past_verb=_past_verb(words)
            )
            if status is None and not self.review.search(item.text):
                continue  # shares words with the homework but says nothing of doing it
            note.sections[section][k] = dataclasses.replace(
                item, homework_ref=best, homework_status=status
            )


def _segment_of(doc: Doc | None, item: Item) -> Span | None:
    """The segment (clause or sentence) an item lies in: its status words may sit beside it."""
    if doc is None:
        return None
    for segment in doc.spans["segments"]:
        if segment.start_char <= item.start and item.end <= segment.end_char:
            return segment
    return doc.char_span(item.start, item.end, alignment_mode="expand")


def _past_verb(words: Span | None) -> bool:
    return words is not None and any(t.tag_ in PAST_TAGS for t in words)
