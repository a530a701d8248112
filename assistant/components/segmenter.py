"""assistant_segmenter: splits a jotting into segments (doc.spans["segments"]).

A segment is the smallest unit that gets one section role: a bullet, a line, a sentence, or a
clause of one (split at semicolons, mid-line colons, spaced dashes and the clause cues of run-on
dictation).
The writer's headers are cut off the segments and kept as the segment's label, "<scope>:<role>"
(see models/lexicons/headers.jsonl); header-only lines carry over to the lines below.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicon import PatternRule
from ..resources import load_rules
from .quotes import find_quote_pairs

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
DICTATED_MARKS = 3  # this many spoken marks in a jotting mean it was dictated
LONE_SUBJECT = re.compile(
    r"\s*(?:he|she|they|we|i|it|client|pt|cl|mum|mom|dad|parents?|caller)\s*$", re.IGNORECASE
)
DANGLING_END = re.compile(
    r"\b(?:re:|w/|c/o|b/c|incl\.|e\.g\.|i\.e\.|cont\.|approx\.)\s*$", re.IGNORECASE
)
RUN_ON_WORDS = 18  # a piece this long without punctuation is read as run-on dictation
MIN_LEFT_WORDS = 3
COMMA_RUN_WORDS = 24  # a sentence this long with this many commas is a comma-spliced run-on
COMMA_RUN_COMMAS = 3
SUBORDINATOR = re.compile(
    r"\b(?:when|whenever|after|before|because|while|if|as|since|that|until|unless|though|"
    r"although|where|so|than|whether|who|which|how|why|what)\s*$",
    re.IGNORECASE,
)  # a clause cue splits only after this many words of its own clause


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


SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _subject_starts(doc: Doc, start: int, end: int) -> tuple[int, ...]:
    """Where a subject pronoun meets its finite verb ("she chose", "we'll"): a clause may start."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return ()
    return tuple(
        t.idx
        for t in span[:-1]
        if t.lower_ in SUBJECT_PRONOUNS and doc[t.i + 1].tag_ in FINITE_TAGS
    )


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


class Segmenter:
    """Cuts sentences into role-sized segments and reads the writer's headers."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.header_re: re.Pattern[str] | None = None
        self.inline_header_re: re.Pattern[str] | None = None
        self.header_labels: dict[str, str] = {}
        self.split_before: list[re.Pattern[str]] = []
        self.split_after: list[re.Pattern[str]] = []
        self.split_before_long: list[re.Pattern[str]] = []

    def initialize(self, *, models: Path) -> None:
        """Load headers.jsonl and clause_cues.jsonl from models/lexicons/."""
        alternatives = []
        section_alternatives = []
        self.header_labels = {}
        for i, rule in enumerate(load_rules("headers", PatternRule, models)):
            group = f"h{i}"
            block = rule.label.startswith("block:")
            self.header_labels[group] = f"{rule.label}@{rule.weight}" if block else rule.label
            alternatives.append(f"(?P<{group}>{rule.pattern})")
            if rule.label.startswith("section:"):
                section_alternatives.append(f"(?:{rule.pattern})")
        self.header_re = re.compile(
            r"^\s*(?:"
            + "|".join(alternatives)
            + r")\s*(?::|\s[-–—]\s|\s*-\s*$|\)\s|\s+(?:colon|comma)\s)\s*",
            re.IGNORECASE,
        )
        # a section header inside a line: "... CBT intro'd, HW: sleep diary"
        self.inline_header_re = re.compile(
            r"(?<=[\s,.;(])(?:" + "|".join(section_alternatives) + r")\s*:", re.IGNORECASE
        )
        self.split_before, self.split_after, self.split_before_long = [], [], []
        targets = {
            "split_before": self.split_before,
            "split_after": self.split_after,
            "split_before_long": self.split_before_long,
        }
        for rule in load_rules("clause_cues", PatternRule, models):
            targets[rule.label].append(rule.compile())

    def header_at(self, text: str) -> tuple[str, int] | None:
        """Return (label, length) of a header at the start of `text`, or None."""
        assert self.header_re is not None
        m = self.header_re.match(text)
        if not m:
            return None
        group = next(g for g, v in m.groupdict().items() if v is not None)
        return self.header_labels[group], m.end()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        protected = bytearray(len(text) + 1)  # strictly inside a quote: never cut there
        for a, b in find_quote_pairs(text):
            protected[a + 1 : b + 1] = b"\x01" * (b - a)
        dictated = len(SPOKEN_MARK.findall(text)) >= DICTATED_MARKS
        segments: list[Span] = []
        block = ""
        carry = ""
        for start, end in _joined_sentences(doc):
            before = text[max(0, start - 2) : start]
            if "\n\n" in text[max(0, start - 3) : start] or before.count("\n") > 1:
                carry = ""
            m = BULLET.match(text, start, end)
            if m and m.end() > start and (m.end() < end):
                start = m.end()
            label = ""
            while True:
                found = self.header_at(text[start:end])
                if not found:
                    break
                header_label, length = found
                start += length
                if header_label.startswith("block:"):
                    block, carry = header_label, ""
                else:
                    label = header_label
            if label and not text[start:end].strip():
                carry = label  # "Plan:" alone on its line: the lines below belong to it
                continue
            label = label or carry or block
            for a, b, own in self._clauses(doc, start, end, protected, dictated):
                if own.startswith("block:"):  # "... calmer. P: cont weekly" inside one sentence
                    block = label = own
                    own = ""
                span = doc.char_span(a, b, label=own or label, alignment_mode="contract")
                if span is not None and any(c.isalnum() for c in span.text):
                    segments.append(span)
        doc.spans["segments"] = segments
        return doc

    def _clauses(
        self, doc: Doc, start: int, end: int, protected: bytearray, dictated: bool = False
    ) -> list[tuple[int, int, str]]:
        """Split doc.text[start:end] into clauses; each gets an inline header label if it has one.
        In a dictated jotting the spoken marks ("period", "comma") cut like written ones."""
        text = doc.text

        def inside(i: int) -> bool:
            return bool(protected[i])

        cuts: list[tuple[int, int, str]] = []  # (cut start, cut end, label of what follows)
        piece = text[start:end]
        for m in ALWAYS_SPLIT.finditer(piece):
            if inside(start + m.start()):
                continue
            head = re.split(r"[,;.]", piece[: m.start()])[-1]
            if m.group().strip() == ":" and len(head.split()) <= 1:
                continue  # "CBT: thought record", "psychoed: mood follows action" stay whole
            cuts.append((start + m.start(), start + m.end(), ""))
        assert self.inline_header_re is not None
        for m in self.inline_header_re.finditer(piece):
            if not inside(start + m.start()):
                found = self.header_at(piece[m.start() :])
                if found:
                    cuts.append((start + m.start(), start + m.start() + found[1], found[0]))
        before = list(self.split_before)
        run_on = _words(piece) >= RUN_ON_WORDS and len(re.findall(r"[,.;:!?]", piece)) <= 1
        if run_on:
            before += self.split_before_long  # dictation: no punctuation to go by
        starts = [
            start + m.start() + (1 if piece[m.start()] == "," else 0)
            for pattern in before
            for m in pattern.finditer(piece)
        ]
        if run_on:  # "... the small ones won he made them have a party"
            starts += _subject_starts(doc, start, end)
        for at in starts:
            if inside(at) or _words(text[start:at]) < MIN_LEFT_WORDS:
                continue
            if SUBORDINATOR.search(text[start:at]):
                continue  # "laughed with him when he described ...": one clause
            cuts.append((at, at, ""))
        if dictated:
            left = start
            for m in SPOKEN_MARK.finditer(piece):
                said = text[left : start + m.end()] + " "
                found = self.header_at(said)
                if found and found[1] >= len(said.rstrip()):
                    continue  # "Homework comma ...": the mark ends a header, the header cuts
                if not inside(start + m.start()):
                    cuts.append((start + m.start(), start + m.end(), ""))
                left = start + m.end()
        if _words(piece) >= COMMA_RUN_WORDS and piece.count(",") >= COMMA_RUN_COMMAS:
            # a long sentence strung together with commas ("hour long, he's sleeping badly,
            # snapped at his wife, ..."): each comma starts a clause of its own
            depth = 0
            for i, ch in enumerate(piece):
                depth += (ch in "([") - (ch in ")]" and depth > 0)
                if ch == "," and not depth and not inside(start + i):
                    if _words(piece[:i]) >= MIN_LEFT_WORDS:
                        cuts.append((start + i, start + i + 1, ""))
        for pattern in self.split_after:
            for m in pattern.finditer(piece):
                if not inside(start + m.start()) and _words(piece[: m.start()]) >= MIN_LEFT_WORDS:
                    cuts.append((start + m.start(), start + m.end(), ""))
        cuts.sort()
        out: list[tuple[int, int, str]] = []
        pos, own = start, ""
        for a, b, label in cuts:
            if a < pos:
                if (
                    label and b > pos
                ):  # a header that overlaps a plain cut still labels what follows
                    pos, own = b, label
                continue
            if a == b and not label and LONE_SUBJECT.match(text, pos, a):
                continue  # "he | said ...": the subject stays with its verb
            out.append((pos, a, own))
            pos, own = b, label
        out.append((pos, end, own))
        labelled = []
        for a, b, o in out:
            while a < b and text[a].isspace():
                a += 1
            found = self.header_at(text[a:b]) if a > start else None
            if found:
                o, a = found[0], a + found[1]
            labelled.append((a, b, o))
        stripped = []
        pending = ""  # a header cut off as a piece of its own labels the piece after it
        for a, b, o in labelled:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a and any(c.isalnum() for c in text[a:b]):
                stripped.append((a, b, o or pending))
                pending = ""
            elif o:
                pending = o
        return stripped
