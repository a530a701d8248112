"""assistant_sections: the key phrases of each section inside the role-tagged segments.

A segment's words become one or more items of its role's section: lead-ins ("pt discussed",
"agreed to", "plan to") and trailing joiners are trimmed, lists are split on commas, semicolons, "+"
and list "and", and the client's quoted words are left to the quotes section. Items are spans of
the doc, so `text[start:end] == item.text` holds by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..cues import CueScorer
from ..lexicon import PatternRule, WordClass
from ..note import SECTIONS
from ..resources import load_rules
from ..textspans import (
    ADMIN_WORDS,
    LEADING_ADMIN,
    RangeIndex,
    admin_only,
    has_content,
    is_attribution_only,
    looks_like_verb,
    primary_session,
)

SECTION_OF_ROLE: dict[str, str] = {
    "topic": "topics",
    "intervention": "interventions",
    "client_response": "client_response",
    "homework": "homework",
    "plan": "plan",
    "risk": "risk",
}
JUDGMENT_WEIGHT = 6.0  # an "other" cue this strong marks a judgment (role_cues.jsonl)
HEADING_LABEL_WORDS = 5  # longer pieces of a heading line are content ("50 min. work stress")
SENTENCE_END = re.compile(r"[.!?](?=\s)")
HEADING_START = 60  # characters: a segment opening after this is not the jotting's heading
JUDGED_SHARE = 0.4  # an item this much covered by interpretive flags is an opinion, not a fact
LIST_ROLES = {"topic", "intervention", "homework", "plan", "risk"}
LIST_SEPARATOR = re.compile(r"\s*(?:,|\+|&|;|\band/or\b)\s*|\s+/\s+")
AND = re.compile(r"\s+and\s+")
# "before and after", "pros and cons": an "and" inside these never separates list items
BINOMIAL_LEFT = {
    "before", "back", "pros", "up", "black", "on", "in", "over", "more", "here", "now", "trial",
    "ups", "give", "by", "again", "out", "thoughts", "friends", "mother", "father", "him", "her",
    "them", "good", "things", "pain", "sleep", "eat", "body", "mind", "sooner", "safe", "sound",
}  # fmt: skip


@dataclass(frozen=True)
class _Context:
    """What the extractor needs to know about the doc being processed."""

    text: str
    holes: RangeIndex  # client quotes with their marks: never part of another item
    scare: RangeIndex  # scare quotes with their marks: never split inside
    session: list[tuple[int, int]]  # session date/duration mentions
    techniques: RangeIndex  # taxonomy matches
    judged: RangeIndex  # interpretive flags (assistant_language runs first)


class SectionExtractor:
    """Fills doc.spans[section] for the seven sections (quotes come from assistant_quotes)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.leads: dict[str, list[re.Pattern[str]]] = {}
        self.tails: dict[str, list[re.Pattern[str]]] = {}
        self.cues = CueScorer()
        self.counts: frozenset[str] = frozenset()

    def initialize(self, *, models: Path) -> None:
        """Load the edge trims (trims.jsonl) and the count words (clause_words.jsonl)."""
        self.leads, self.tails = {}, {}
        self.cues = CueScorer().load(models)
        words = {c.id: c.words for c in load_rules("clause_words", WordClass, models)}
        self.counts = words.get("count_words", frozenset())
        for rule in load_rules("trims", PatternRule, models):
            side, _, role = rule.label.partition(":")
            flags = 0 if rule.case_sensitive else re.IGNORECASE
            if side == "lead":
                self.leads.setdefault(role, []).append(
                    re.compile("(?:" + rule.pattern + ")", flags)
                )
            elif side == "tail":
                self.tails.setdefault(role, []).append(
                    re.compile("(?:" + rule.pattern + ")$", flags)
                )

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found: dict[str, list[Span]] = {s: [] for s in SECTIONS if s != "quotes"}
        quotes = list(doc.spans["quotes"]) if "quotes" in doc.spans else []
        scare = list(doc.spans["scare_quotes"]) if "scare_quotes" in doc.spans else []
        techniques = list(doc.spans["techniques"]) if "techniques" in doc.spans else []
        ctx = _Context(
            text=text,
            holes=RangeIndex((q.start_char - 1, q.end_char + 1) for q in quotes),
            scare=RangeIndex((q.start_char - 1, q.end_char + 1) for q in scare),
            session=primary_session(doc.spans["session"]),
            techniques=RangeIndex((t.start_char, t.end_char) for t in techniques),
            judged=_judged(doc),
        )
        canonical_at = {(t.start_char, t.end_char): t.kb_id_ for t in techniques}
        decisions = doc._.decisions or []
        for segment, decision in zip(doc.spans["segments"], decisions, strict=False):
            role = decision.role
            if role == "quote" and not ctx.holes.overlapping(segment.start_char, segment.end_char):
                role = "topic"  # quoted speech without marks: what the client talked about
            section = SECTION_OF_ROLE.get(role)
            if section is None:
                continue
            parts = self._parts(ctx, segment.start_char, segment.end_char, role)
            by_header = decision.source == "header" and segment.label_.startswith("section:")
            heading = _is_heading(ctx, segment) and decision.source != "header"
            for a, b in parts:
                if _only_session(doc, a, b, ctx.session) or _mostly_judged(ctx, a, b):
                    continue
                if heading and self._bare_label(ctx, a, b):
                    continue  # "IOP grp", "Josh (3rd yr)": the heading names the service and who
                own = role if by_header or len(parts) == 1 else self._item_role(text[a:b], role)
                if own is None:
                    continue
                section = SECTION_OF_ROLE[own]
                span = doc.char_span(a, b, alignment_mode="contract")
                if span is None or not has_content(span.text):
                    span = doc.char_span(a, b, alignment_mode="expand")
                if span is None or not has_content(span.text):
                    continue
                canonical = _technique_in(ctx, canonical_at, a, b) if own == "intervention" else ""
                if not canonical and (
                    _names_nothing(span, section)
                    or _cut_before_quote(ctx, span)
                    or (section == "topics" and _only_counts(span, self.counts))
                ):
                    continue
                if own == "intervention":
                    span = _acronym_only(doc, span)
                    span.kb_id_ = canonical
                if own != role:
                    span.id_ = "rule"  # the item's own words outweigh its segment's role
                found[section].append(span)
                other = _DUAL.get(own)
                if other and _is_both(self.cues.scores(span.text)):
                    also = doc.char_span(span.start_char, span.end_char)  # "Completed safety plan"
                    if also is not None:
                        also.kb_id_ = (
                            _technique_in(ctx, canonical_at, a, b) if own == "risk" else ""
                        )
                        found[other].append(also)
        for section, spans in found.items():
            doc.spans[section] = _dedupe(spans)
        if "quotes" not in doc.spans:
            doc.spans["quotes"] = []
        return doc

    def _bare_label(self, ctx: _Context, a: int, b: int) -> bool:
        """Whether a piece of the heading line is a short label with nothing to file: no
        technique, no cue of any section, no verb."""
        piece = _blank(ctx.text, a, b, ctx.session)
        if ctx.techniques.overlapping(a, b) or len(piece.split()) > HEADING_LABEL_WORDS:
            return False
        scores = self.cues.scores(piece)
        return not any(v > 0 for k, v in scores.items() if k in SECTION_OF_ROLE)

    def _item_role(self, item: str, role: str) -> str | None:
        """The role of one item of a list: its segment's, unless its own cues clearly say other."""
        scores = self.cues.scores(item)
        if scores.get("other", 0.0) >= JUDGMENT_WEIGHT:
            return None  # a judgment about the client, not a fact to file
        own, best = max(scores.items(), key=lambda kv: kv[1], default=(role, 0.0))
        if (
            own in SECTION_OF_ROLE
            and own != role
            and best >= 2.0
            and best > scores.get(role, 0.0) + 0.5
        ):
            return own
        return role

    def _parts(self, ctx: _Context, start: int, end: int, role: str) -> list[tuple[int, int]]:
        """The item ranges of one segment: pieces around quotes, trimmed, split into list items."""
        text = ctx.text
        holes = ctx.holes.overlapping(start, end)
        pieces = _subtract(start, end, holes)
        if len(pieces) > 1 or pieces != [(start, end)]:
            # around a quote, "Pt said" / "which Theo calls" only say who spoke
            pieces = [(a, b) for a, b in pieces if not is_attribution_only(text[a:b])]
        out: list[tuple[int, int]] = []
        for a, b in pieces:
            if any(h0 == b for h0, _ in holes):
                b = self._cut_tails(text, a, b, "quote")  # "and feeling", "which Theo calls"
            a, b = self._trim(ctx, a, b, role)
            if b <= a:
                continue
            if role in LIST_ROLES:
                for x, y in _split_list(ctx, a, b, role):
                    x, y = self._trim(ctx, x, y, role)
                    if y > x:
                        out.append((x, y))
            else:
                out.append((a, b))
        return out

    def _cut_tails(self, text: str, a: int, b: int, kind: str) -> int:
        """Cut the `kind` tails (tail:<kind> in trims.jsonl) off the end of text[a:b]."""
        piece = text[a:b].rstrip()
        for pattern in self.tails.get(kind, []):
            m = pattern.search(piece)
            if m and m.start() > 0 and has_content(piece[: m.start()]):
                piece = piece[: m.start()]
        return a + len(piece)

    def _trim(self, ctx: _Context, a: int, b: int, role: str) -> tuple[int, int]:
        """Cut lead-ins, session facts and trailing joiners off text[a:b]."""
        text = ctx.text
        leads = self.leads.get("any", []) + self.leads.get(role, [])
        tails = self.tails.get("any", []) + self.tails.get(role, [])
        for _ in range(8):
            before = (a, b)
            while a < b and text[a].isspace():
                a += 1
            for s0, s1 in ctx.session:
                if s0 <= a < s1 and has_content(text[s1:b]):
                    a = s1
            m = LEADING_ADMIN.match(text, a, b)
            if m and m.end() > a and has_content(text[m.end() : b]):
                a = m.end()
            for pattern in leads:
                m = pattern.match(text, a, b)
                if m and m.end() > a and has_content(text[m.end() : b]):
                    a = m.end()
            piece = text[a:b]
            for pattern in tails:
                m = pattern.search(piece)
                if m and m.start() > 0 and has_content(piece[: m.start()]):
                    b = a + m.start()
                    piece = text[a:b]
            b = _balance(text, a, b)
            if (a, b) == before:
                break
        return a, b


# A risk item that is also a therapist action goes in both sections ("Completed safety plan").
_DUAL = {"risk": "interventions", "intervention": "risk"}


def _is_both(scores: dict[str, float]) -> bool:
    return scores.get("risk", 0.0) >= 4.0 and scores.get("intervention", 0.0) >= 2.5


ACRONYM_EXPANDED = re.compile(r"(?P<acr>[A-Z][A-Za-z0-9-]*[A-Z])\b[^()]{0,12}\((?P<exp>[^)]{6,})\)")


def _acronym_only(doc: Doc, span: Span) -> Span:
    """ "EMDR (eye movement desensitization ...) preparation" -> "EMDR": the name, not its gloss."""
    m = ACRONYM_EXPANDED.match(span.text)
    if not m or not m.group("exp").lower().startswith(m.group("acr")[0].lower()):
        return span
    short = doc.char_span(span.start_char, span.start_char + m.end("acr"))
    return short if short is not None else span


def _names_nothing(span: Span, section: str) -> bool:
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


def _only_counts(span: Span, counts: frozenset[str]) -> bool:
    """Whether an item only says how often or how long ("several times", "4 or 5 times a night",
    "on four days"): a split-off tail of a list, naming nothing that was discussed."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    return bool(words) and all(
        t.like_num or t.lower_ in counts or t.pos_ in ("DET", "ADP", "CCONJ") for t in words
    )


def _cut_before_quote(ctx: _Context, span: Span) -> bool:
    """Whether an item is the unfinished lead-in of a quote ("the voices are", "got hooked by"):
    it runs up to the quote's opening mark and ends on a word that needs the quote to finish it."""
    following = ctx.text[span.end_char : span.end_char + 3]
    if not ctx.holes.overlapping(span.end_char, span.end_char + len(following) + 1):
        return False
    words = [t for t in span if not (t.is_punct or t.is_space)]
    return 0 < len(words) <= DANGLING_WORDS and words[-1].pos_ in DANGLING_POS


NAMING_POS = {"NOUN", "ADJ", "NUM"}
CONTENT_POS = {"NOUN", "VERB", "ADJ"}
DANGLING_WORDS = 5  # longer lead-ins still say something ("introduced a way of ... by having her")
DANGLING_POS = {"AUX", "ADP", "DET", "SCONJ", "CCONJ", "PART", "VERB"}
FUNCTION_POS = {"VERB", "AUX", "PRON", "ADP", "DET", "CCONJ", "SCONJ", "PART", "ADV"}


def _technique_in(ctx: _Context, canonical_at: dict[tuple[int, int], str], a: int, b: int) -> str:
    """The canonical name of the most specific (longest) technique inside [a, b), or ""."""
    hits = ctx.techniques.overlapping(a, b)
    best = max(hits, key=lambda r: r[1] - r[0], default=None)
    return canonical_at[best] if best is not None else ""


def _balance(text: str, a: int, b: int) -> int:
    """Cut an unclosed "(" and what follows it off the end of text[a:b]."""
    piece = text[a:b]
    if piece.count("(") > piece.count(")"):
        cut = piece.rfind("(")
        if cut > 0 and has_content(piece[:cut]):
            return a + len(piece[:cut].rstrip())
    return b


def _subtract(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
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


def _split_list(ctx: _Context, a: int, b: int, role: str) -> list[tuple[int, int]]:
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
        if joiner and role != "topic" and not _joins_items(piece, m, role, a, ctx.techniques):
            continue
        cuts.append((m.start(), m.end()))
    if role != "topic":
        for m in AND.finditer(piece):
            if not depth_at[m.start()] and _joins_items(piece, m, role, a, ctx.techniques):
                cuts.append((m.start(), m.end()))
    parts, pos = [], 0
    for x, y in sorted(cuts):
        if x < pos:
            continue
        parts.append((a + pos, a + x))
        pos = y
    parts.append((a + pos, b))
    kept = [p for p in parts if has_content(text[p[0] : p[1]])]
    if role == "risk":  # "Denies SI, HI", "kids, faith": short tails belong to the item before
        merged: list[tuple[int, int]] = []
        for x, y in kept:
            if merged and len(text[x:y].split()) <= 2:
                merged[-1] = (merged[-1][0], y)
            else:
                merged.append((x, y))
        kept = merged
    return kept or [(a, b)]


def _joins_items(
    piece: str, m: re.Match[str], role: str, offset: int, techniques: RangeIndex
) -> bool:
    """Whether the "and"/"+" at `m` joins two list items rather than two words of one phrase."""
    left = re.split(r"[,;+&]", piece[: m.start()])[-1].split()
    right = re.split(r"[,;+&]", piece[m.end() :])[0].split()
    if not left or not right or left[-1].lower() in BINOMIAL_LEFT:
        return False
    if role == "intervention":
        l0, r1 = offset + m.start() - len(" ".join(left)), offset + m.end() + len(" ".join(right))
        near = techniques.overlapping(l0, r1)
        in_left = any(l0 <= t0 and t1 <= offset + m.start() for t0, t1 in near)
        in_right = any(offset + m.end() <= t0 and t1 <= r1 for t0, t1 in near)
        return (in_left and in_right) or (len(left) >= 2 and bool(PAST_VERB.match(right[0])))
    if m.group().strip() in ("+", "&"):
        return True
    return len(left) >= 2 and looks_like_verb(right[0])


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


def _blank(text: str, a: int, b: int, holes: list[tuple[int, int]]) -> str:
    """text[a:b] with the ranges in `holes` (absolute offsets) blanked out."""
    chars = list(text[a:b])
    for s0, s1 in holes:
        for i in range(max(s0, a), min(s1, b)):
            chars[i - a] = " "
    return "".join(chars)


def _only_session(doc: Doc, a: int, b: int, session: list[tuple[int, int]]) -> bool:
    """Whether text[a:b] holds nothing but session facts, its kind and who came."""
    if not admin_only(_blank(doc.text, a, b, session)):
        return False
    # the capitalised words taken for names must be names to the tagger too: "Grief about dad"
    span = doc.char_span(a, b, alignment_mode="expand")
    return span is None or not any(
        t.is_title and t.pos_ in CONTENT_POS and not ADMIN_WORDS.fullmatch(t.text) for t in span
    )


def _dedupe(spans: list[Span]) -> list[Span]:
    """Drop items lying wholly inside another item of the same section."""
    out: list[Span] = []
    reach = -1  # the furthest end of the items kept so far (sorted by start, longest first)
    for span in sorted(spans, key=lambda s: (s.start_char, -s.end_char)):
        if span.end_char <= reach:
            continue
        out.append(span)
        reach = span.end_char
    return out


def _judged(doc: Doc) -> RangeIndex:
    """The interpretive flags' ranges, merged so that they do not overlap."""
    merged: list[tuple[int, int]] = []
    flags = doc.spans["flags"] if "flags" in doc.spans else []
    for a, b in sorted((f.start_char, f.end_char) for f in flags if f.label_ == "interpretive"):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return RangeIndex(merged)


def _mostly_judged(ctx: _Context, a: int, b: int) -> bool:
    """Whether text[a:b] is mostly the writer's interpretation ("acting out for attention")."""
    covered = sum(min(b, y) - max(a, x) for x, y in ctx.judged.overlapping(a, b))
    return covered > 0 and covered >= JUDGED_SHARE * len(ctx.text[a:b].strip())


def _is_heading(ctx: _Context, segment: Span) -> bool:
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
