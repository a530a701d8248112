"""assistant_layout: line breaks and bullets become sentence boundaries before the parser runs.

Therapists write in lines: each bullet, each header line and each line of a list is its own unit
whatever the parser would guess. Marking those starts before the parser keeps them apart, and a
short line is kept whole (the parser likes to cut fragments such as "Baby on her lap" after the
first word).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

NAME = "assistant_layout"


class Layout:
    """Marks the first token of every line as a sentence start; short lines stay whole."""

    def __init__(self, nlp: Language, name: str, *, short_line: int = 12) -> None:
        self.name = name
        self.short_line = short_line

    def __call__(self, doc: Doc) -> Doc:
        line: list[Token] = []
        for token in doc:
            if token.is_space and "\n" in token.text:
                self._close(line)
                line = []
                continue
            line.append(token)
            if "\n" in token.whitespace_:
                self._close(line)
                line = []
        self._close(line)
        return doc

    def _close(self, line: list[Token]) -> None:
        words = [t for t in line if not t.is_space]
        if not words:
            return
        if words[0].i:
            words[0].is_sent_start = True
        if len(words) <= self.short_line:
            for token in words[1:]:
                token.is_sent_start = False


# short_line: lines up to this many tokens are one unit unless punctuation splits them later
@Language.factory(
    NAME,
    assigns=["token.is_sent_start"],
    default_config={"short_line": 12},
)
def make_layout(nlp: Language, name: str, short_line: int) -> Layout:
    return Layout(nlp, name, short_line=short_line)
