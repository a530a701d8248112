"""A guard around spaCy's tokenizer for text that is not prose.

spaCy strips prefixes and suffixes from a whitespace-free run one character at a time, slicing
the rest each time, so a long run of punctuation ("((((…", 20,000 quote marks) takes time that
grows with the square of its length: 24 s for 20,000 characters on these machines. The guard
hands the tokenizer a copy in which every such run is a plain word of the same length, then
builds the Doc from the original characters at the same offsets, so `doc.text` is the input
exactly and ordinary text is tokenized as before.
"""

from __future__ import annotations

import re

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

MAX_RUN = 200  # longer than any word or ordinary URL; short enough that its cost is nil
LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


class LongRunGuard:
    """Callable like a spaCy tokenizer; keeps long whitespace-free runs as one token each."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if not LONG_RUN.search(text):
            return self.tokenizer(text)
        masked = LONG_RUN.sub(lambda m: "x" * len(m.group()), text)
        shape = self.tokenizer(masked)
        words = [text[t.idx : t.idx + len(t)] for t in shape]
        spaces = [bool(t.whitespace_) for t in shape]
        return Doc(shape.vocab, words=words, spaces=spaces)

    def __getattr__(self, name: str) -> object:
        # pipe(), to_disk() and friends of the wrapped tokenizer
        return getattr(self.tokenizer, name)
