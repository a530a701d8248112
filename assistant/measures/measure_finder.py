"""assistant_measure_finder: scores and ratings in a jotting (doc.spans["measures"]).

Each span is labelled with the measure's name and carries its Reading (`span._.measure`): the
value, the top of the scale, and the exact characters it was read from (the span itself may be
wider where the tokenizer keeps "70->40" as one token). It runs before the session finder, which
never reads a date inside a measure ("sleep quality 3/10" is not the 3rd of October).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicon import PatternRule
from ..resources import DataComponent, load_rules
from .instruments import load_instruments
from .readings import MeasureReader

NAME = "assistant_measure_finder"


class MeasureFinder(DataComponent):
    """Fills doc.spans["measures"], one span per reading, in text order."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.reader: MeasureReader | None = None

    def load(self, data: Path) -> None:
        """Load the instruments (measures) and the words around scores (measure_context)."""
        context: dict[str, list[str]] = {}
        for rule in load_rules("measure_context", PatternRule, data):
            context.setdefault(rule.label, []).append(rule.pattern)
        self.reader = MeasureReader(load_instruments(data), context)

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        readings = self.reader.read(doc.text) if self.reader is not None else []
        for i, reading in enumerate(readings):
            # The span id keeps each reading's extension apart even when two readings expand
            # to the same tokens.
            span = doc.char_span(
                reading.start, reading.end, label=reading.name, alignment_mode="expand", span_id=i
            )
            if span is None:
                continue
            span._.measure = reading
            spans.append(span)
        doc.spans["measures"] = spans
        return doc


@Language.factory(NAME, assigns=["doc.spans", "span._.measure"], default_config={})
def make_measure_finder(nlp: Language, name: str) -> MeasureFinder:
    return MeasureFinder(nlp, name)
