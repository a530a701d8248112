"""The public entry point: Assistant builds the pipeline once and structures jottings."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .continuity import HomeworkLinker, TopicGrouper, homework_of
from .continuity.goals import GoalLink, GoalSuggester
from .continuity.linker import sentence_vectors
from .errors import EmptyInputError, InputTooLongError, InvalidInputError
from .note.from_doc import flags_from_doc, note_from_doc
from .note.structured import Flag, StructuredNote
from .pipeline import build_pipeline, components_from
from .resources import data_dir
from .risk.risk_finder import NAME as RISK_FINDER
from .roles.role_tagger import NAME as ROLE_TAGGER

# What a text needs for its flags: the components up to the flag finder (segments, session facts
# and quotes give the flags their context); the role tagger and what follows it are skipped.
AFTER_FLAGS = tuple(components_from(ROLE_TAGGER))

DEFAULT_MAX_CHARS = 20_000
__version__ = "0.1.0"


def check_text(text: object, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Return `text` unchanged if the engine can take it, else raise a named error.

    Args:
        text: the jotting.
        max_chars: the longest jotting accepted.
    Returns:
        The same string.
    """
    if isinstance(text, bytes | bytearray):
        raise InvalidInputError("The jotting arrived as bytes: decode it as UTF-8 text first.")
    if not isinstance(text, str):
        raise InvalidInputError(f"The jotting must be text, not {type(text).__name__}.")
    if not text.strip():
        raise EmptyInputError()
    if len(text) > max_chars:
        raise InputTooLongError(len(text), max_chars)
    return text


class Assistant:
    """A loaded pipeline. Build it once with `assistant.load()`; it is safe to reuse."""

    def __init__(
        self,
        *,
        data: Path | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        classifier: bool | None = None,
    ) -> None:
        """Load the pipeline.

        Args:
            data: the runtime data folder (default: the package's, or $NOTEWELL_MODELS_DIR).
            max_chars: the longest jotting accepted.
            classifier: True requires the learned role and risk classifiers, False never uses
                them, None uses them when the encoder package is installed.
        """
        self.data = data or data_dir()
        self.max_chars = max_chars
        models = {"classifier": classifier}
        self.nlp = build_pipeline(self.data, config={ROLE_TAGGER: models, RISK_FINDER: models})
        self.engine = {
            "version": __version__,
            "classifier": self.nlp.get_pipe(ROLE_TAGGER).classifier is not None,
            "risk_classifier": self.nlp.get_pipe(RISK_FINDER).head is not None,
        }
        classifier_ = self.nlp.get_pipe(ROLE_TAGGER).classifier
        encoder = getattr(classifier_, "encoder", None)
        self.linker = HomeworkLinker.load(self.data, encoder)
        self.topics = TopicGrouper.load(self.data, encoder)
        self.goals = GoalSuggester.load(self.data, encoder)

    def structure(
        self,
        text: str,
        *,
        reference_date: dt.date | None = None,
        previous: StructuredNote | Mapping[str, Any] | None = None,
    ) -> StructuredNote:
        """Turn one jotting into a StructuredNote.

        Args:
            text: the jotting, as typed.
            reference_date: what "today" means and the year for dates without one (default: today).
            previous: the client's last note (a StructuredNote or its dict); items that review
                its homework get `homework_ref` (the index in its homework) and `homework_status`.
        Returns:
            The structured note; `text[item.start:item.end] == item.text` for every item and flag.
        Raises:
            PreviousNoteError: when `previous` is not a note or its dict.
        """
        check_text(text, self.max_chars)
        homework = homework_of(previous)
        doc = self.nlp(text)
        note = note_from_doc(doc, reference_date or dt.date.today(), self.engine)
        self.linker.link(note, homework, doc)
        return note

    def suggest_goal_links(
        self, note: StructuredNote | Mapping[str, Any], goals: Sequence[object]
    ) -> list[GoalLink]:
        """Suggest which items of a note speak to which treatment goal, for the reviewer.

        Args:
            note: a StructuredNote or its dict (a reviewed template of that shape too).
            goals: the plan's goals in order: texts, or {"text", "objectives"} mappings.
        Returns:
            GoalLink per item and goal close enough (MiniLM with the encoder, else shared
            content words); `goal` is the goal's position, `section` and `index` the item's.
        Raises:
            GoalsError: when the note or a goal is not of those shapes.
        """
        return self.goals.suggest(note, goals)

    def flags(self, text: str) -> list[Flag]:
        """Flag any text (a reviewed field, an addendum) with the rules and context a jotting
        gets: "pt was manipulative" gives a jargon and an interpretive flag.

        Args:
            text: the words to check; empty or blank text has no flags.
        Returns:
            The flags in text order; `text[flag.start:flag.end] == flag.text` for each.
        """
        if isinstance(text, str) and not text.strip():
            return []
        check_text(text, self.max_chars)
        with self.nlp.select_pipes(disable=list(AFTER_FLAGS)):
            doc = self.nlp(text)
        return flags_from_doc(doc)

    def techniques(self, text: str) -> list[str]:
        """The taxonomy's canonical names of the interventions a text names (a reviewed line).

        Args:
            text: any words; the same term and acronym matchers a jotting gets.
        Returns:
            The canonical names in text order, each once ("Cognitive restructuring (CBT)").
        """
        if not isinstance(text, str) or not text.strip():
            return []
        doc = self.nlp.make_doc(check_text(text, self.max_chars))
        found = self.nlp.get_pipe(ROLE_TAGGER).find_techniques(doc)
        return list(dict.fromkeys(span.kb_id_ for span in found))

    def group_topics(self, texts: list[str]) -> list[list[int]]:
        """Group topics by what they are about (MiniLM with the encoder, else content words).

        Args:
            texts: the topics, oldest first.
        Returns:
            Lists of indices into `texts`, one per group, as `TopicGrouper.groups` gives them.
        """
        return self.topics.groups(texts)

    @property
    def embedding_name(self) -> str | None:
        """The name of the sentence embedding `embed` gives, or None on rules alone.

        Vectors stored under another name (another model) are not comparable with these.
        """
        encoder = self.linker.encoder
        if encoder is None:
            return None
        int8 = ", int8" if getattr(encoder, "quantized", False) else ""
        return f"{encoder.name}, layer 6{int8}"

    def embed(self, texts: Sequence[str]) -> np.ndarray | None:
        """Sentence embeddings of texts (MiniLM's last layer, mean-pooled, L2-normalised).

        Args:
            texts: the texts (a note's lines, a search query).
        Returns:
            A float32 array of shape (len(texts), 384), where a dot product is the cosine
            similarity; None when the encoder is not loaded (rules alone).
        """
        encoder = self.linker.encoder
        return None if encoder is None else sentence_vectors(encoder, list(texts))

    def structure_many(
        self,
        texts: Iterable[str],
        *,
        reference_date: dt.date | None = None,
        batch_size: int = 32,
        n_process: int = 1,
    ) -> Iterator[StructuredNote]:
        """Structure many jottings with `nlp.pipe`, yielding notes in input order.

        Args:
            texts: the jottings; each is checked as in `structure`.
            reference_date: as in `structure`, for every jotting.
            batch_size: texts per spaCy batch (and per task of a worker process).
            n_process: worker processes, forked from this one with the loaded pipeline (spaCy's
                own workers cannot send the engine's docs back: their spans carry objects
                msgpack does not know). Where fork is unavailable, one process.
        Returns:
            An iterator of StructuredNote, one per text.
        """
        ref = reference_date or dt.date.today()
        checked = (check_text(t, self.max_chars) for t in texts)
        if n_process == 1 or "fork" not in mp.get_all_start_methods():
            for doc in self.nlp.pipe(checked, batch_size=batch_size):
                yield note_from_doc(doc, ref, self.engine)
            return
        # every text is checked here, before any worker starts: a named error raised inside the
        # pool would have to cross a process boundary, which these errors do not
        chunks = list(_chunks(list(checked), batch_size))
        global _forked
        _forked = (self, ref, batch_size)
        workers = n_process if n_process > 0 else mp.cpu_count()
        try:
            with mp.get_context("fork").Pool(workers) as pool:
                for notes in pool.imap(_structure_chunk, chunks):
                    yield from notes
        finally:
            _forked = None


# The Assistant, reference date and batch size that forked workers of structure_many inherit.
_forked: tuple[Assistant, dt.date, int] | None = None


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    """Lists of `size` texts (the last may be shorter)."""
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _structure_chunk(texts: list[str]) -> list[StructuredNote]:
    """In a forked worker: structure a chunk of texts with the inherited pipeline."""
    assert _forked is not None, "structure_many's worker runs in a forked process only"
    engine, ref, batch_size = _forked
    return [
        note_from_doc(d, ref, engine.engine) for d in engine.nlp.pipe(texts, batch_size=batch_size)
    ]


def load(**options: object) -> Assistant:
    """Build the pipeline once; see `Assistant.__init__` for the options."""
    return Assistant(**options)  # type: ignore[arg-type]
