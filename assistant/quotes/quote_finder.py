"""assistant_quote_finder: the client's own words inside quote marks (doc.spans["quotes"]).

Quote marks are paired by scanning the text (marks.py). The spans hold the words without the
marks. One or two quoted words with no speech
verb before them are the writer's scare quotes (client "forgot" her HW): they go to
doc.spans["scare_quotes"] instead, for the language review.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicon import NoWords, PatternRule
from ..resources import DataComponent, load_rules
from .marks import QuoteMarks, find_quote_pairs

NAME = "assistant_quote_finder"


class QuoteFinder(DataComponent):
    """Fills doc.spans["quotes"] (client quotes) and doc.spans["scare_quotes"]."""

    def __init__(self, nlp: Language, name: str, *, scare_max_words: int = 2) -> None:
        self.name = name
        self.scare_max_words = scare_max_words
        self.speech: list[re.Pattern[str]] = []
        self.marks = QuoteMarks.of(NoWords())

    def load(self, data: Path) -> None:
        """Load the quote marks and the speech cues of the quote_cues lexicon."""
        folder = data
        self.marks = QuoteMarks.load(folder)
        self.speech = [r.compile() for r in load_rules("quote_cues", PatternRule, folder)]

    def is_attributed(self, text: str, open_index: int) -> bool:
        """Whether a speech verb or a colon introduces the quote opening at `open_index`."""
        before = text[max(0, open_index - 40) : open_index]
        return any(p.search(before) for p in self.speech)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        quotes: list[Span] = []
        scare: list[Span] = []
        for opened, closed in find_quote_pairs(text, self.marks):
            span = _inner_span(doc, text, opened + 1, closed)
            if span is None:
                continue
            words = len(span.text.split())
            if words <= self.scare_max_words and not self.is_attributed(text, opened):
                span.label_ = "SCARE_QUOTE"
                scare.append(span)
            else:
                span.label_ = "QUOTE"
                quotes.append(span)
        doc.spans["quotes"] = quotes
        doc.spans["scare_quotes"] = scare
        return doc


def _inner_span(doc: Doc, text: str, start: int, end: int) -> Span | None:
    """The span of the quoted words between the marks, without surrounding blanks."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end or not any(c.isalnum() for c in text[start:end]):
        return None
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not span.text.strip():
        span = doc.char_span(start, end, alignment_mode="expand")
    return span


# scare_max_words: one or two quoted words with no speech verb before them are scare quotes
@Language.factory(
    NAME,
    assigns=["doc.spans"],
    default_config={"scare_max_words": 2},
)
def make_quote_finder(nlp: Language, name: str, scare_max_words: int) -> QuoteFinder:
    return QuoteFinder(nlp, name, scare_max_words=scare_max_words)
