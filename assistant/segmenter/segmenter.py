"""assistant_segmenter: splits a jotting into segments (doc.spans["segments"]).

A segment is the smallest unit that gets one section role: a bullet, a line, a sentence, or a
clause of one (split at semicolons, mid-line colons, spaced dashes and the clause cues of run-on
dictation).
The writer's headers are cut off the segments and kept on them as a typed `span._.header`
(a HeaderLabel, see headers.py); header-only lines carry over to the lines below.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicon import NoWords, PatternRule, word_classes
from ..quotes.marks import QuoteMarks, find_quote_pairs
from ..resources import DataComponent, load_rules
from ..vocab import HeaderLabel
from .headers import OWNED, HeaderReader

NAME = "assistant_segmenter"

BULLET = re.compile(r"(?:[\s\-*•·>–—~]+|\(?\d{1,2}[.)]\s+|\(?[a-z][.)]\s+)")
ALWAYS_SPLIT = re.compile(
    # "re:" is "regarding" ("CM to f/u re: housing"), not a label
    r"\s*;\s*|(?<!\d)(?<!\bre)(?<!\bRe):(?=\s)(?!\s*\d)|\s+[-–—]+\s+|\s+\|\s+"
    # a full stop the parser missed ("50m. Pt c/o ..."), but not after a title, "e.g." or "cont."
    r"|(?<![A-Z][a-z])(?<!\b[A-Z])(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\betc)"
    r"(?<!\bcont)(?<!\bincl)(?<!\bapprox)(?<!\besp)\.\s+(?=[A-Z\"“])"
)
# dictation software left the spoken marks in: "... 50 minutes period", "Homework comma ..."
SPOKEN_MARK = re.compile(
    r"\s+(?:period|full stop|comma|semicolon|question mark|exclamation (?:mark|point)|"
    r"new line|new paragraph|next line)(?=[\s.,;:!?]|$)",
    re.IGNORECASE,
)
DANGLING_END = re.compile(
    r"\b(?:re:|w/|c/o|b/c|incl\.|e\.g\.|i\.e\.|cont\.|approx\.)\s*$", re.IGNORECASE
)

SUBORDINATOR = re.compile(
    r"\b(?:when|whenever|after|before|because|while|if|as|since|that|until|unless|though|"
    r"although|where|so|than|whether|who|which|how|why|what)\s*$",
    re.IGNORECASE,
)


def _joined_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The parser's sentences as (start, end), a sentence that stops at "re:" or "w/" joined to the
    next on the same line ("Grief work re: | mum." is one sentence)."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if out and DANGLING_END.search(doc.text, out[-1][0], out[-1][1]):
            if "\n" not in doc.text[out[-1][1] : start]:
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _subject_starts(doc: Doc, start: int, end: int, pronouns: frozenset[str]) -> tuple[int, ...]:
    """Where a subject pronoun meets its finite verb ("she chose", "we'll"): a clause may start."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return ()
    return tuple(
        t.idx for t in span[:-1] if t.lower_ in pronouns and doc[t.i + 1].tag_ in FINITE_TAGS
    )


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _bracketed(piece: str, most_words: int) -> bytearray:
    """1 at each position strictly inside a closed (...) or [...] of at most `most_words` words:
    "the voice (he calls it Static) has been telling him ..." is one clause."""
    marks = bytearray(len(piece) + 1)
    opened: list[int] = []
    for i, ch in enumerate(piece):
        if ch in "([":
            opened.append(i)
        elif ch in ")]" and opened:
            a = opened.pop()
            if not opened and _words(piece[a:i]) <= most_words:
                marks[a + 1 : i + 1] = b"\x01" * (i - a)
    return marks


class Segmenter(DataComponent):
    """Cuts sentences into role-sized segments and reads the writer's headers."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        run_on_words: int = 18,
        min_left_words: int = 3,
        comma_run_words: int = 24,
        comma_run_commas: int = 3,
        dictated_marks: int = 3,
        bracket_words: int = 20,
    ) -> None:
        self.name = name
        self.run_on_words = run_on_words
        self.min_left_words = min_left_words
        self.comma_run_words = comma_run_words
        self.comma_run_commas = comma_run_commas
        self.dictated_marks = dictated_marks
        self.bracket_words = bracket_words
        self.headers = HeaderReader([])
        self.marks = QuoteMarks.of(NoWords())
        self.subject_pronouns: frozenset[str] = frozenset()
        self.lone_subject = re.compile(r"(?!)")
        self.split_before: list[re.Pattern[str]] = []
        self.split_after: list[re.Pattern[str]] = []
        self.split_before_long: list[re.Pattern[str]] = []

    def load(self, data: Path) -> None:
        """Load the headers, quote marks and clause cues (from `data`, default the package data)."""
        folder = data
        self.headers = HeaderReader.load(folder)
        self.marks = QuoteMarks.load(folder)
        words = word_classes("segment_words", folder)
        self.subject_pronouns = words["subject_pronouns"]
        alternatives = "|".join(
            sorted(map(re.escape, words["lone_subjects"]), key=len, reverse=True)
        )
        self.lone_subject = re.compile(rf"\s*(?:{alternatives})\s*$", re.IGNORECASE)
        self.split_before, self.split_after, self.split_before_long = [], [], []
        targets = {
            "split_before": self.split_before,
            "split_after": self.split_after,
            "split_before_long": self.split_before_long,
        }
        for rule in load_rules("clause_cues", PatternRule, folder):
            targets[rule.label].append(rule.compile())

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        protected = bytearray(len(text) + 1)  # strictly inside a quote: never cut there
        for a, b in find_quote_pairs(text, self.marks):
            protected[a + 1 : b + 1] = b"\x01" * (b - a)
        dictated = len(SPOKEN_MARK.findall(text)) >= self.dictated_marks
        segments: list[Span] = []
        block: HeaderLabel | None = None
        carry: HeaderLabel | None = None
        for start, end in _joined_sentences(doc):
            before = text[max(0, start - 2) : start]
            if "\n\n" in text[max(0, start - 3) : start] or before.count("\n") > 1:
                carry = None
            m = BULLET.match(text, start, end)
            if m and m.end() > start and (m.end() < end):
                start = m.end()
            label: HeaderLabel | None = None
            while True:
                found = self.headers.header_at(text[start:end])
                if not found:
                    break
                header_label, length = found
                start += length
                if header_label.scope == "block":
                    block, carry = header_label, None
                else:
                    label = header_label
            if label and not text[start:end].strip():
                carry = label  # "Plan:" alone on its line: the lines below belong to it
                continue
            label = label or carry or block
            for a, b, own in self._clauses(doc, start, end, protected, dictated):
                if own is not None and own.scope == "block":
                    block = label = own  # "... calmer. P: cont weekly" inside one sentence
                    own = None
                span = doc.char_span(a, b, label="SEGMENT", alignment_mode="contract")
                if span is not None and any(c.isalnum() for c in span.text):
                    span._.header = own or label
                    segments.append(span)
        doc.spans["segments"] = segments
        return doc

    def _clauses(
        self, doc: Doc, start: int, end: int, protected: bytearray, dictated: bool = False
    ) -> list[tuple[int, int, HeaderLabel | None]]:
        """Split doc.text[start:end] into clauses; each gets an inline header label if it has one.
        In a dictated jotting the spoken marks ("period", "comma") cut like written ones."""
        text = doc.text
        bracketed = _bracketed(text[start:end], self.bracket_words)

        def inside(i: int) -> bool:
            return bool(protected[i] or bracketed[i - start])

        # (cut start, cut end, label of what follows)
        cuts: list[tuple[int, int, HeaderLabel | None]] = []
        piece = text[start:end]
        for m in ALWAYS_SPLIT.finditer(piece):
            if inside(start + m.start()):
                continue
            head = re.split(r"[,;.]", piece[: m.start()])[-1]
            if m.group().strip() == ":" and len(head.split()) <= 1:
                continue  # "CBT: thought record", "psychoed: mood follows action" stay whole
            cuts.append((start + m.start(), start + m.end(), None))
        for m in self.headers.inline(piece):
            if not inside(start + m.start()):
                found = self.headers.header_at(piece[m.start() :])
                if found:
                    cuts.append((start + m.start(), start + m.start() + found[1], found[0]))
        before = list(self.split_before)
        run_on = _words(piece) >= self.run_on_words and len(re.findall(r"[,.;:!?]", piece)) <= 1
        if run_on:
            before += self.split_before_long  # dictation: no punctuation to go by
        starts = [
            start + m.start() + (1 if piece[m.start()] == "," else 0)
            for pattern in before
            for m in pattern.finditer(piece)
        ]
        if run_on:  # "... the small ones won he made them have a party"
            starts += _subject_starts(doc, start, end, self.subject_pronouns)
        for at in starts:
            if inside(at) or _words(text[start:at]) < self.min_left_words:
                continue
            if OWNED.search(text, start, at):
                continue  # "updated her | safety plan": no clause starts after "her" or "the"
            if SUBORDINATOR.search(text[start:at]):
                continue  # "laughed with him when he described ...": one clause
            cuts.append((at, at, None))
        if dictated:
            left = start
            for m in SPOKEN_MARK.finditer(piece):
                said = text[left : start + m.end()] + " "
                found = self.headers.header_at(said)
                if found and found[1] >= len(said.rstrip()):
                    continue  # "Homework comma ...": the mark ends a header, the header cuts
                if not inside(start + m.start()):
                    cuts.append((start + m.start(), start + m.end(), None))
                left = start + m.end()
        if _words(piece) >= self.comma_run_words and piece.count(",") >= self.comma_run_commas:
            # a long sentence strung together with commas ("hour long, he's sleeping badly,
            # snapped at his wife, ..."): each comma starts a clause of its own
            depth = 0
            for i, ch in enumerate(piece):
                depth += (ch in "([") - (ch in ")]" and depth > 0)
                if ch == "," and not depth and not inside(start + i):
                    if _words(piece[:i]) >= self.min_left_words:
                        cuts.append((start + i, start + i + 1, None))
        for pattern in self.split_after:
            for m in pattern.finditer(piece):
                left_words = _words(piece[: m.start()])
                if not inside(start + m.start()) and left_words >= self.min_left_words:
                    cuts.append((start + m.start(), start + m.end(), None))
        cuts.sort(key=lambda c: (c[0], c[1], c[2] is not None))
        out: list[tuple[int, int, HeaderLabel | None]] = []
        pos, own = start, None
        for a, b, label in cuts:
            if a < pos:
                if (
                    label and b > pos
                ):  # a header that overlaps a plain cut still labels what follows
                    pos, own = b, label
                continue
            if a == b and not label and self.lone_subject.match(text, pos, a):
                continue  # "he | said ...": the subject stays with its verb
            out.append((pos, a, own))
            pos, own = b, label
        out.append((pos, end, own))
        labelled = []
        for a, b, o in out:
            while a < b and text[a].isspace():
                a += 1
            found = self.headers.header_at(text[a:b]) if a > start else None
            if found:
                o, a = found[0], a + found[1]
            labelled.append((a, b, o))
        stripped = []
        pending = None  # a header cut off as a piece of its own labels the piece after it
        for a, b, o in labelled:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a and any(c.isalnum() for c in text[a:b]):
                stripped.append((a, b, o or pending))
                pending = None
            elif o:
                pending = o
        return stripped


@Language.factory(
    NAME,
    requires=["doc.sents", "token.tag"],
    assigns=["doc.spans", "span._.header"],
    default_config={
        # a piece this long without punctuation is read as run-on dictation
        "run_on_words": 18,
        # a clause cue splits only after this many words of its own clause
        "min_left_words": 3,
        # a sentence this long with this many commas is a comma-spliced run-on
        "comma_run_words": 24,
        "comma_run_commas": 3,
        # this many spoken marks ("period", "comma") in a jotting mean it was dictated
        "dictated_marks": 3,
        # no clause starts inside a bracketed aside of at most this many words
        "bracket_words": 20,
    },
)
def make_segmenter(
    nlp: Language,
    name: str,
    run_on_words: int,
    min_left_words: int,
    comma_run_words: int,
    comma_run_commas: int,
    dictated_marks: int,
    bracket_words: int,
) -> Segmenter:
    return Segmenter(
        nlp,
        name,
        run_on_words=run_on_words,
        min_left_words=min_left_words,
        comma_run_words=comma_run_words,
        comma_run_commas=comma_run_commas,
        dictated_marks=dictated_marks,
        bracket_words=bracket_words,
    )
