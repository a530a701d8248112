"""assistant_section_extractor: the key phrases of each section inside the role-tagged segments.

A segment's words become one or more items of its role's section: lead-ins ("pt discussed",
"agreed to", "plan to") and trailing joiners are trimmed, lists are split on commas, semicolons,
"+" and list "and", and the client's quoted words are left to the quotes section. A segment the
risk check found (`segment._.risk`) is also filed as risk, whatever its role, and every risk item
takes its assertion as its label. Items are spans of the doc, so `text[start:end] == item.text`
holds by construction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..content import LEADING_ADMIN, Wording, primary_session
from ..lexicon import PatternRule, word_classes
from ..resources import DataComponent, load_rules
from ..risk.assertion import AssertionRules
from ..roles.cues import CueScorer
from ..spans import RangeIndex
from ..vocab import SECTION_OF_ROLE, SECTIONS
from .items import (
    DocContext,
    acronym_only,
    balance,
    blank,
    cut_before_quote,
    dedupe,
    is_heading,
    join_continued,
    judged_ranges,
    mostly_judged,
    names_nothing,
    only_counts,
    only_session,
    split_list,
    subtract,
    technique_in,
)

NAME = "assistant_section_extractor"

JUDGMENT_WEIGHT = 6.0  # an "other" cue this strong marks a judgment (the role_cues lexicon)
HEADING_LABEL_WORDS = 5  # longer pieces of a heading line are content ("50 min. work stress")
LIST_ROLES = {"topic", "intervention", "homework", "plan", "risk"}
# The sections whose planned contacts are safety actions too in a note with current risk.
FOLLOW_UP_SECTIONS = ("plan", "homework", "interventions", "topics")
COMMA_GAP = re.compile(r"\s*,\s*")  # between two items of a comma list


class SectionExtractor(DataComponent):
    """Fills doc.spans[section] for the seven sections (quotes come from assistant_quotes)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.leads: dict[str, list[re.Pattern[str]]] = {}
        self.tails: dict[str, list[re.Pattern[str]]] = {}
        self.cues = CueScorer()
        self.counts: frozenset[str] = frozenset()
        self.binomials: frozenset[str] = frozenset()
        self.wording = Wording.empty()
        self.assertions = AssertionRules()

    def load(self, data: Path) -> None:
        """Load the edge trims (trims lexicon), role cues and count words (clause_words)."""
        folder = data
        self.leads, self.tails = {}, {}
        self.cues = CueScorer().load(folder)
        self.counts = word_classes("clause_words", folder)["count_words"]
        self.binomials = word_classes("list_words", folder)["binomial_left"]
        self.wording = Wording.load(folder)
        self.assertions = AssertionRules().load(folder)
        for rule in load_rules("trims", PatternRule, folder):
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
        ctx = DocContext(
            text=text,
            holes=RangeIndex((q.start_char - 1, q.end_char + 1) for q in quotes),
            scare=RangeIndex((q.start_char - 1, q.end_char + 1) for q in scare),
            session=primary_session(doc.spans["session"]),
            techniques=RangeIndex((t.start_char, t.end_char) for t in techniques),
            judged=judged_ranges(doc),
            binomials=self.binomials,
            wording=self.wording,
        )
        canonical_at = {(t.start_char, t.end_char): t.kb_id_ for t in techniques}
        for segment in doc.spans["segments"]:
            decision = segment._.decision
            role = decision.role
            check = segment._.risk
            if check is not None and check.risk:
                self._also_risk(doc, ctx, segment, role, quotes, found["risk"])
            if role == "quote" and not ctx.holes.overlapping(segment.start_char, segment.end_char):
                role = "topic"  # quoted speech without marks: what the client talked about
            section = SECTION_OF_ROLE.get(role)
            if section is None:
                continue
            parts = self._parts(ctx, segment.start_char, segment.end_char, role)
            header = segment._.header
            by_header = (
                decision.source == "header" and header is not None and header.scope == "section"
            )
            heading = is_heading(ctx, segment) and decision.source != "header"
            for a, b in parts:
                if only_session(doc, a, b, ctx) or mostly_judged(ctx, a, b):
                    continue
                if heading and self._bare_label(ctx, a, b):
                    continue  # "IOP grp", "Josh (3rd yr)": the heading names the service and who
                own = role if by_header or len(parts) == 1 else self._item_role(text[a:b], role)
                if own is None:
                    continue
                section = SECTION_OF_ROLE[own]
                span = doc.char_span(a, b, alignment_mode="contract")
                if span is None or not self.wording.has_content(span.text):
                    span = doc.char_span(a, b, alignment_mode="expand")
                if span is None or not self.wording.has_content(span.text):
                    continue
                canonical = technique_in(ctx, canonical_at, a, b) if own == "intervention" else ""
                if not canonical and (
                    names_nothing(span, section)
                    or cut_before_quote(ctx, span)
                    or (section == "topics" and only_counts(span, self.counts))
                ):
                    continue
                if own == "intervention":
                    span = acronym_only(doc, span)
                    span.kb_id_ = canonical
                if own != role:
                    span.id_ = "rule"  # the item's own words outweigh its segment's role
                found[section].append(span)
                other = _DUAL.get(own)
                if other and _is_both(self.cues.scores(span.text)):
                    also = doc.char_span(span.start_char, span.end_char)  # "Completed safety plan"
                    if also is not None:
                        also.kb_id_ = technique_in(ctx, canonical_at, a, b) if own == "risk" else ""
                        found[other].append(also)
        joined = join_continued(doc, dedupe(found["risk"]), self.assertions.is_bare_lead_in)
        found["risk"], others, asked = self._asserted(doc, joined)
        found["risk"].extend(self._follow_ups(doc, found))
        found["topics"].extend(others)
        found["interventions"].extend(asked)
        for section, spans in found.items():
            doc.spans[section] = dedupe(spans)
        if "quotes" not in doc.spans:
            doc.spans["quotes"] = []
        return doc

    def _also_risk(
        self,
        doc: Doc,
        ctx: DocContext,
        segment: Span,
        role: str,
        quotes: list[Span],
        risk: list[Span],
    ) -> None:
        """File a segment the risk check found as risk too: a quote segment's quotes and the words
        around them; a segment with a quote in it, or of another section, whole and trimmed,
        quotes included, as one statement (the main loop files a risk segment's other words)."""
        a, b = segment.start_char, segment.end_char
        quoted = [q for q in quotes if q.start_char < b and a < q.end_char]
        pieces: list[tuple[int, int]] = []
        if role == "quote":  # 'Intent high, "I can't see a way out."': the words around too
            pieces = self._parts(ctx, a, b, "risk", split=False)
        elif role != "risk" or quoted:
            # with a quote in it, the statement is the whole segment ('keeps picturing "..."')
            pieces = [self._trim(ctx, a, b, "risk")] if quoted else []
            pieces = pieces or self._parts(ctx, a, b, "risk", split=False)
            quoted = []
        spans = quoted + [
            s
            for x, y in pieces
            if (s := doc.char_span(x, y, alignment_mode="expand")) is not None
            and self.wording.has_content(s.text)
        ]
        for span in spans:
            span = doc.char_span(span.start_char, span.end_char)
            span.id_ = "model" if segment._.risk.source == "model" else "rule"
            risk.append(span)

    def _asserted(self, doc: Doc, spans: list[Span]) -> tuple[list[Span], list[Span], list[Span]]:
        """Set each risk item's assertion (its label) from its words and its segment's.

        Returns:
            The risk items; those that tell someone else's risk ("her sister attempted last
            week"), which are what the client talked about, not the client's risk; and the
            questions asked with no answer ("Asked directly about SI"), which are what the
            clinician did.
        """
        segments = list(doc.spans["segments"])
        starts = [s.start_char for s in segments]
        out, others, asked = [], [], []
        for span in spans:
            if self.assertions.is_someone_else(span.text):
                others.append(span)
                continue
            if self.assertions.is_bare_question(span.text):
                asked.append(span)
                continue
            if self.assertions.is_bare_lead_in(span.text):
                continue  # the words it introduces are the statement; the main loop files it
            i = bisect_right(starts, span.start_char) - 1
            check = segments[i]._.risk if i >= 0 else None
            model = check.assertions if check is not None else None
            before = doc.text[segments[i].start_char : span.start_char] if i >= 0 else ""
            assertion = self.assertions.assert_statement(span.text, model, before)
            out.append(
                Span(
                    doc, span.start, span.end, label=assertion, kb_id=span.kb_id_, span_id=span.id_
                )
            )
        return out, others, asked

    def _follow_ups(self, doc: Doc, found: dict[str, list[Span]]) -> list[Span]:
        """In a note that reports current risk, the contacts planned within days ("I'll call
        her Wednesday", "counselor check-in Thu") are safety actions (a check-in call) as well
        as the plan: copies of those items, as risk items asserted "safety_action"."""
        if not any(s.label_ == "present" for s in found["risk"]):
            return []
        filed = RangeIndex((s.start_char, s.end_char) for s in found["risk"])
        return [
            Span(doc, span.start, span.end, label="safety_action", span_id="rule")
            for section in FOLLOW_UP_SECTIONS
            for span in found[section]
            if self.assertions.is_follow_up(span.text)
            and not filed.overlapping(span.start_char, span.end_char)
        ]

    def _bare_label(self, ctx: DocContext, a: int, b: int) -> bool:
        """Whether a piece of the heading line is a short label with nothing to file: no
        technique, no cue of any section, no verb."""
        piece = blank(ctx.text, a, b, ctx.session)
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

    def _parts(
        self, ctx: DocContext, start: int, end: int, role: str, split: bool = True
    ) -> list[tuple[int, int]]:
        """The item ranges of one segment: pieces around quotes, trimmed, split into list items
        (unless `split` is false: a statement the risk check found stays whole)."""
        text = ctx.text
        holes = ctx.holes.overlapping(start, end)
        pieces = subtract(start, end, holes)
        if len(pieces) > 1 or pieces != [(start, end)]:
            # around a quote, "Pt said" / "which Theo calls" only say who spoke
            pieces = [(a, b) for a, b in pieces if not self.wording.is_attribution_only(text[a:b])]
        out: list[tuple[int, int]] = []
        for a, b in pieces:
            if any(h0 == b for h0, _ in holes):
                b = self._cut_tails(text, a, b, "quote")  # "and feeling", "which Theo calls"
            a, b = self._trim(ctx, a, b, role)
            if b <= a:
                continue
            if split and role in LIST_ROLES:
                items = split_list(ctx, a, b, role)
                if role == "risk":
                    items = self._described(text, items)
                for x, y in items:
                    x, y = self._trim(ctx, x, y, role)
                    if y > x:
                        out.append((x, y))
            else:
                out.append((a, b))
        return out

    def _described(self, text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Join to a risk item the comma-list items after it that only describe it ("passive
        SI, chronic, worse at night"): a statement with its details is one item."""
        out: list[tuple[int, int]] = []
        for x, y in items:
            if (
                out
                and COMMA_GAP.fullmatch(text[out[-1][1] : x])
                and self.assertions.describes(text[out[-1][0] : out[-1][1]], text[x:y])
            ):
                out[-1] = (out[-1][0], y)
            else:
                out.append((x, y))
        return out

    def _cut_tails(self, text: str, a: int, b: int, kind: str) -> int:
        """Cut the `kind` tails (tail:<kind> in the trims lexicon) off the end of text[a:b]."""
        piece = text[a:b].rstrip()
        for pattern in self.tails.get(kind, []):
            m = pattern.search(piece)
            if m and m.start() > 0 and self.wording.has_content(piece[: m.start()]):
                piece = piece[: m.start()]
        return a + len(piece)

    def _trim(self, ctx: DocContext, a: int, b: int, role: str) -> tuple[int, int]:
        """Cut lead-ins, session facts and trailing joiners off text[a:b]."""
        text = ctx.text
        leads = self.leads.get("any", []) + self.leads.get(role, [])
        tails = self.tails.get("any", []) + self.tails.get(role, [])
        for _ in range(8):
            before = (a, b)
            while a < b and text[a].isspace():
                a += 1
            for s0, s1 in ctx.session:
                if s0 <= a < s1 and self.wording.has_content(text[s1:b]):
                    a = s1
            m = LEADING_ADMIN.match(text, a, b)
            if m and m.end() > a and self.wording.has_content(text[m.end() : b]):
                a = m.end()
            for pattern in leads:
                m = pattern.match(text, a, b)
                if m and m.end() > a and self.wording.has_content(text[m.end() : b]):
                    a = m.end()
            piece = text[a:b]
            for pattern in tails:
                m = pattern.search(piece)
                if m and m.start() > 0 and self.wording.has_content(piece[: m.start()]):
                    b = a + m.start()
                    piece = text[a:b]
            b = balance(ctx, a, b)
            if (a, b) == before:
                break
        return a, b


# A risk item that is also a therapist action goes in both sections ("Completed safety plan").
_DUAL = {"risk": "interventions", "intervention": "risk"}


def _is_both(scores: dict[str, float]) -> bool:
    return scores.get("risk", 0.0) >= 4.0 and scores.get("intervention", 0.0) >= 2.5


@Language.factory(
    NAME,
    requires=["doc.spans", "span._.header", "span._.decision", "span._.risk"],  # and token.pos
    assigns=["doc.spans"],
)
def make_section_extractor(nlp: Language, name: str) -> SectionExtractor:
    return SectionExtractor(nlp, name)
