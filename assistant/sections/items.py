"""Item-level helpers of the section extractor: list splitting, edges, and what names nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..content import Wording
from ..spans import RangeIndex

SENTENCE_END = re.compile(r"[.!?](?=\s)")
HEADING_START = 60  # characters: a segment opening after this is not the jotting's heading
JUDGED_SHARE = 0.4  # an item this much covered by interpretive flags is an opinion, not a fact
LIST_SEPARATOR = re.compile(r"\s*(?:,|\+|&|;|\band/or\b)\s*|\s+/\s+")
AND = re.compile(r"\s+and\s+")


@dataclass(frozen=True)
class DocContext:
    """What the extractor needs to know about the doc being processed."""

    text: str
    holes: RangeIndex  # client quotes with their marks: never part of another item
    scare: RangeIndex  # scare quotes with their marks: never split inside
    session: list[tuple[int, int]]  # session date/duration mentions
    techniques: RangeIndex  # taxonomy matches
    judged: RangeIndex  # interpretive flags (the flag finder runs first)
    binomials: frozenset[str]  # "before and after": an "and" after these joins one phrase
    wording: Wording  # what a piece holds (content words, admin words)


ACRONYM_EXPANDED = re.compile(r"(?P<acr>[A-Z][A-Za-z0-9-]*[A-Z])\b[^()]{0,12}\((?P<exp>[^)]{6,})\)")


def acronym_only(doc: Doc, span: Span) -> Span:
    """ "EMDR (eye movement desensitization ...) preparation" -> "EMDR": the name, not its gloss."""
    m = ACRONYM_EXPANDED.match(span.text)
    if not m or not m.group("exp").lower().startswith(m.group("acr")[0].lower()):
        return span
    short = doc.char_span(span.start_char, span.start_char + m.end("acr"))
    return short if short is not None else span


def names_nothing(span: Span, section: str) -> bool:
    """Whether an item is only a verb or function word ("said", "practised"), or, for a topic,
    two words that name nothing ("asks her", "Tom wants")."""
    if any(c.isdigit() for c in span.text):
        return False
    words = [t for t in span if t.is_alpha]
    only_words = len(words) == sum(not t.is_punct for t in span)
    if section == "topics" and 0 < len(words) <= 3 and only_words:
        if all(t.pos_ == "PROPN" and t.is_title for t in words):
            return True  # "Marcus", "Priya": who came, not what was discussed
    if len(words) == 1:
        return section != "client_response" and words[0].pos_ in FUNCTION_POS
    if len(words) == 2 and section == "topics":
        return not any(t.pos_ in NAMING_POS or (t.is_upper and len(t) > 1) for t in words)
    return False


def only_counts(span: Span, counts: frozenset[str]) -> bool:
    """Whether an item only says how often or how long ("several times", "4 or 5 times a night",
    "on four days"): a split-off tail of a list, naming nothing that was discussed."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    return bool(words) and all(
        t.like_num or t.lower_ in counts or t.pos_ in ("DET", "ADP", "CCONJ") for t in words
    )


def cut_before_quote(ctx: DocContext, span: Span) -> bool:
    """Whether an item is the unfinished lead-in of a quote ("the voices are", "got hooked by"):
    it runs up to the quote's opening mark and ends on a word that needs the quote to finish it."""
    following = ctx.text[span.end_char : span.end_char + 3]
    if not ctx.holes.overlapping(span.end_char, span.end_char + len(following) + 1):
        return False
    if CLAUSE_END.match(following):
        return False  # "No intent to die; 'I just want to sleep.'": a statement, then a quote
    words = [t for t in span if not (t.is_punct or t.is_space)]
    return 0 < len(words) <= DANGLING_WORDS and words[-1].pos_ in DANGLING_POS


NAMING_POS = {"NOUN", "ADJ", "NUM"}
CONTENT_POS = {"NOUN", "VERB", "ADJ"}
CLAUSE_END = re.compile(r"\s*[;.!?]")
DANGLING_WORDS = 5  # longer lead-ins still say something ("introduced a way of ... by having her")
DANGLING_POS = {"AUX", "ADP", "DET", "SCONJ", "CCONJ", "PART", "VERB"}
FUNCTION_POS = {"VERB", "AUX", "PRON", "ADP", "DET", "CCONJ", "SCONJ", "PART", "ADV"}


def technique_in(ctx: DocContext, canonical_at: dict[tuple[int, int], str], a: int, b: int) -> str:
    """The canonical name of the most specific (longest) technique inside [a, b), or ""."""
    hits = ctx.techniques.overlapping(a, b)
    best = max(hits, key=lambda r: r[1] - r[0], default=None)
    return canonical_at[best] if best is not None else ""


def balance(ctx: DocContext, a: int, b: int) -> int:
    """Cut an unclosed "(" and what follows it off the end of text[a:b]."""
    piece = ctx.text[a:b]
    if piece.count("(") > piece.count(")"):
        cut = piece.rfind("(")
        if cut > 0 and ctx.wording.has_content(piece[:cut]):
            return a + len(piece[:cut].rstrip())
    return b


def subtract(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [(start, end)]
    for h0, h1 in sorted(holes):
        nxt = []
        for a, b in pieces:
            if h1 <= a or h0 >= b:
                nxt.append((a, b))
                continue
            if h0 > a:
                nxt.append((a, h0))
            if h1 < b:
                nxt.append((h1, b))
        pieces = nxt
    return pieces


def split_list(ctx: DocContext, a: int, b: int, role: str) -> list[tuple[int, int]]:
    """Split text[a:b] into list items, outside brackets and quotes.

    Commas and semicolons always separate. "+", "&" and "and" separate homework and plan steps
    when a verb follows ("delete the app and think about telling his wife"); in interventions they
    separate two techniques or two therapist actions ("drew the cycle and reviewed the log"); a
    topic keeps "X and Y" together but splits at "+".
    """
    text = ctx.text
    piece = text[a:b]
    depth_at = _depths(piece, [(x - a, y - a) for x, y in ctx.scare.overlapping(a, b)])
    cuts: list[tuple[int, int]] = []
    for m in LIST_SEPARATOR.finditer(piece):
        if depth_at[m.start()] or _inside_number(piece, m):
            continue
        joiner = m.group().strip() in ("+", "&")
        if joiner and role != "topic" and not _joins_items(piece, m, role, a, ctx):
            continue
        cuts.append((m.start(), m.end()))
    if role != "topic":
        for m in AND.finditer(piece):
            if not depth_at[m.start()] and _joins_items(piece, m, role, a, ctx):
                cuts.append((m.start(), m.end()))
    parts, pos = [], 0
    for x, y in sorted(cuts):
        if x < pos:
            continue
        parts.append((a + pos, a + x))
        pos = y
    parts.append((a + pos, b))
    kept = [p for p in parts if ctx.wording.has_content(text[p[0] : p[1]])]
    if role == "risk":  # "Denies SI, HI", "kids, faith": short tails belong to the item before
        merged: list[tuple[int, int]] = []
        for x, y in kept:
            if merged and len(text[x:y].split()) <= 2:
                merged[-1] = (merged[-1][0], y)
            else:
                merged.append((x, y))
        kept = merged
    return kept or [(a, b)]


def _joins_items(piece: str, m: re.Match[str], role: str, offset: int, ctx: DocContext) -> bool:
    """Whether the "and"/"+" at `m` joins two list items rather than two words of one phrase."""
    left = re.split(r"[,;+&]", piece[: m.start()])[-1].split()
    right = re.split(r"[,;+&]", piece[m.end() :])[0].split()
    if not left or not right or left[-1].lower() in ctx.binomials:
        return False
    if role == "intervention":
        l0, r1 = offset + m.start() - len(" ".join(left)), offset + m.end() + len(" ".join(right))
        near = ctx.techniques.overlapping(l0, r1)
        in_left = any(l0 <= t0 and t1 <= offset + m.start() for t0, t1 in near)
        in_right = any(offset + m.end() <= t0 and t1 <= r1 for t0, t1 in near)
        return (in_left and in_right) or (len(left) >= 2 and bool(PAST_VERB.match(right[0])))
    if m.group().strip() in ("+", "&"):
        return True
    return len(left) >= 2 and ctx.wording.looks_like_verb(right[0])


PAST_VERB = re.compile(
    r"^(?:[a-z]+ed|drew|taught|did|made|built|gave|went|led|set|took|wrote|ran|began|found)$"
)


def _depths(piece: str, quoted: list[tuple[int, int]]) -> list[int]:
    """Bracket depth at each character of `piece`, plus one inside the `quoted` ranges."""
    in_quote = bytearray(len(piece) + 1)
    for x, y in quoted:
        in_quote[max(x, 0) : max(y, 0)] = b"\x01" * (max(y, 0) - max(x, 0))
    depth, out = 0, []
    for i, ch in enumerate(piece):
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        out.append(depth + in_quote[i])
    out.append(0)
    return out


def _inside_number(piece: str, m: re.Match[str]) -> bool:
    return (
        m.group().strip() == ","
        and m.start() > 0
        and piece[m.start() - 1].isdigit()
        and (m.end() < len(piece) and piece[m.end()].isdigit() and m.end() - m.start() == 1)
    )


def blank(text: str, a: int, b: int, holes: list[tuple[int, int]]) -> str:
    """text[a:b] with the ranges in `holes` (absolute offsets) blanked out."""
    chars = list(text[a:b])
    for s0, s1 in holes:
        for i in range(max(s0, a), min(s1, b)):
            chars[i - a] = " "
    return "".join(chars)


def only_session(doc: Doc, a: int, b: int, ctx: DocContext) -> bool:
    """Whether text[a:b] holds nothing but session facts, its kind and who came."""
    if not ctx.wording.admin_only(blank(doc.text, a, b, ctx.session)):
        return False
    # the capitalised words taken for names must be names to the tagger too: "Grief about dad"
    span = doc.char_span(a, b, alignment_mode="expand")
    return span is None or not any(
        t.is_title and t.pos_ in CONTENT_POS and not ctx.wording.admin_words.fullmatch(t.text)
        for t in span
    )


def dedupe(spans: list[Span]) -> list[Span]:
    """Drop items lying wholly inside another item of the same section."""
    out: list[Span] = []
    reach = -1  # the furthest end of the items kept so far (sorted by start, longest first)
    for span in sorted(spans, key=lambda s: (s.start_char, -s.end_char)):
        if span.end_char <= reach:
            continue
        out.append(span)
        reach = span.end_char
    return out


CONTINUED_GAP = re.compile(r"[ \t]*\"?[ \t]*")
INTRODUCED_GAP = re.compile(r"[ \t]*[,:][ \t]*\"[ \t]*")  # 'she said, "'
STATEMENT_END = re.compile(r"[.!?;:]\W*$")
RUNS_ON = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "AUX", "PART"})  # "w/", "any", "is"


def join_continued(doc: Doc, spans: list[Span], introduces: Callable[[str], bool]) -> list[Span]:
    """Join items where one statement runs on into the next: 'endorses active SI w/' + 'plan to
    hang herself', 'Rates intent' + '"maybe a 4 out of 10."', a lead-in into the quote it opens.

    Two items are one statement when only spaces and a quote mark lie between them, the first
    does not end a sentence or clause, and either the mark opens a quote or the first ends on a
    word that needs what follows (a preposition, article, conjunction or auxiliary). Spaces alone
    do not join: in run-on dictation they are all that separates statements. A comma or colon
    before the opening mark joins only when `introduces` says the first item is a bare lead-in
    ('When I asked about the future she said, "..."'); after a statement of its own ('says she
    doesn't want to die: "..."') the quote is a statement too. The spans must not overlap (as
    after `dedupe`).
    """
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start_char):
        if out:
            last = out[-1]
            gap = doc.text[last.end_char : span.start_char]
            runs_on = CONTINUED_GAP.fullmatch(gap) and not STATEMENT_END.search(last.text)
            if (runs_on and ('"' in gap or _runs_on(last[-1]))) or (
                INTRODUCED_GAP.fullmatch(gap) and introduces(last.text)
            ):
                end = span.end_char
                if '"' in gap and doc.text[end : end + 1] == '"':
                    end += 1  # the quote it opened closes with it
                joined = doc.char_span(last.start_char, end) or doc.char_span(
                    last.start_char, span.end_char
                )
                if joined is not None:
                    out[-1] = Span(
                        doc, joined.start, joined.end, kb_id=last.kb_id_, span_id=last.id_
                    )
                    continue
        out.append(span)
    return out


def _runs_on(token: Token) -> bool:
    return token.pos_ in RUNS_ON or token.text.endswith("/")


def judged_ranges(doc: Doc) -> RangeIndex:
    """The interpretive flags' ranges, merged so that they do not overlap."""
    merged: list[tuple[int, int]] = []
    flags = doc.spans["flags"] if "flags" in doc.spans else []
    for a, b in sorted((f.start_char, f.end_char) for f in flags if f.label_ == "interpretive"):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return RangeIndex(merged)


def mostly_judged(ctx: DocContext, a: int, b: int) -> bool:
    """Whether text[a:b] is mostly the writer's interpretation ("acting out for attention")."""
    covered = sum(min(b, y) - max(a, x) for x, y in ctx.judged.overlapping(a, b))
    return covered > 0 and covered >= JUDGED_SHARE * len(ctx.text[a:b].strip())


def is_heading(ctx: DocContext, segment: Span) -> bool:
    """Whether the segment belongs to the jotting's heading: its first line, up to the sentence
    end after the session's own date/duration/time ("IOP grp 11/23, 3hrs", "DAP - 11/22 - 45m")."""
    a = segment.start_char
    if a > HEADING_START or "\n" in ctx.text[:a].strip():
        return False
    first = min(ctx.session, default=None)
    lead = len(ctx.text) - len(ctx.text.lstrip())
    line_end = ctx.text.find("\n", lead)
    line_end = len(ctx.text) if line_end < 0 else line_end
    if first is None or first[0] >= line_end:
        return False
    stop = SENTENCE_END.search(ctx.text, first[1], line_end)
    return stop is None or a < stop.start()
