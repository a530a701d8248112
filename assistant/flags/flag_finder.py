"""assistant_flag_finder: flags interpretive and jargon wording (doc.spans["flags"]).

The wording comes from the flag lexicons (data/lexicons/flags*.json, read by rules.py); this
component adds the context rules every lexicon entry shares:
- nothing inside the client's own words (doc.spans["quotes"]) is flagged;
- an interpretive label that is negated ("not resistant", "no longer defensive") is not flagged;
- a label the client (or someone else) reports is not the writer's inference: "reported feeling
  unmotivated", "described herself as lazy", "hostile on the ward per staff"; the writer's own
  "I think" still is;
- an inference followed by the observations behind it ("appeared anxious (fidgeting, rapid
  speech)") is not flagged when its rule says evidence makes it acceptable;
- a label about someone else ("her mother refused", "boss was hostile"), inside a hyphenated
  compound ("treatment-resistant") or naming a diagnosis ("oppositional defiant disorder") is not
  the writer's judgment of the client;
- a term whose own rewrite is already in the text is explained ("F41.1 Generalized anxiety
  disorder"), and a credential after a person's name ("Dana Reyes, PsyD") is a signature;
- a modality acronym is flagged once, and not at all when its expansion is in the text; any
  acronym or shorthand glossed in brackets where it stands ("EPDS (Edinburgh Postnatal Depression
  Scale)", "Edinburgh Postnatal Depression Scale (EPDS)", "SUDS (0-100 distress rating)") is
  explained, there and after;
- a mind-reading construction is flagged as the whole phrase to rewrite ("won't admit how lonely
  he is"), and two labels of one rule side by side are one flag ("oppositional defiant");
- an acronym a rule explains once is flagged at its first use (each acronym of the rule once);
- case-sensitive entries (ACT, MI, PT) skip lines typed in capitals; the catch-alls for unknown
  acronyms, letter-slash shorthand and clipped verbs yield to every specific entry; a short word in
  capitals is an acronym unless it is a stop word or more than a noun ("ABC" yes, "BAD" no).
The context predicates live in context.py, the bracket-gloss test in acronyms.py.
The scare quotes another component finds (doc.spans["scare_quotes"]) are flagged through a
span_group entry when they read as the writer's doubt about a single word of the client's account
(client "forgot", was "sick"); not when a reporting verb makes them someone's word ('calls her
"lazy"', answered 'dunno'), nor when they name a thing, an exercise or a skill ('worry monster',
the 'oxygen mask' idea, 'TIPP').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..lexicon import word_classes
from ..resources import DataComponent
from ..spans import OverlapTest
from .acronyms import glossed
from .context import FlagContext, in_compound, names_something_else
from .rules import FlagRule, load_flag_rules

NAME = "assistant_flag_finder"


@dataclass(frozen=True)
class FlagDetail:
    """What a flag says beyond its span (`span._.flag`): why, and a rewrite."""

    reason: str
    suggestion: str | None
    rule_id: str | None = None
    drop_in: bool = False  # the suggestion can replace the flagged words as they stand


class FlagFinder(DataComponent):
    """Find the flag lexicons' wording in a Doc and keep what survives the context rules."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self.vocab = nlp.vocab
        self.english: frozenset[str] = frozenset()
        self.english_short: frozenset[str] = frozenset()
        self.rules: dict[str, FlagRule] = {}
        # (rule, expression, needles): a rule runs only when one of its needles is in the text
        self.text_rules: list[tuple[FlagRule, re.Pattern[str], tuple[str, ...]]] = []
        self.group_rules: list[FlagRule] = []
        self.matcher = Matcher(nlp.vocab)
        self.context = FlagContext.empty()
        self.gloss_kinds: frozenset[str] = frozenset()

    def load(self, data: Path) -> None:
        """Load the flag lexicons and the context rules' word classes; build the matchers once."""
        folder = data
        self.context = FlagContext.load(folder)
        self.gloss_kinds = word_classes("gloss_kinds", folder)["kind_words"]
        self.rules = {}
        self.text_rules = []
        self.group_rules = []
        self.matcher = Matcher(self.vocab)
        for rule in load_flag_rules(folder):
            self.rules[rule.id] = rule
            if rule.patterns:
                self.matcher.add(rule.id, [list(p) for p in rule.patterns], greedy="LONGEST")
            elif rule.span_group:
                self.group_rules.append(rule)
            else:
                needles = tuple(t.lower().split()[0] for t in rule.terms)
                self.text_rules.append((rule, rule.compile(), needles))
        if any(rule.not_words for rule in self.rules.values()):
            self.english, self.english_short = _english_words(self.nlp)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens on every access: read it once
        lowered = text.lower()
        candidates = _yield_to_specific(self._candidates(doc, text, lowered))
        protected = OverlapTest((s.start_char, s.end_char) for s in doc.spans.get("quotes", []))
        # words in quote marks that are not the writer's doubt are someone's words or a name:
        # no judgment of the client there, though a name may still be jargon ('TIPP')
        named = OverlapTest(
            (s.start_char, s.end_char)
            for s in doc.spans.get("scare_quotes", [])
            if not self.context.doubting(s)
        )
        kept: list[tuple[Span, FlagRule]] = []
        explained: set[str] = set()
        glossed_words: set[str] = set()
        for span, rule in sorted(candidates, key=lambda c: (c[0].start_char, -len(c[0]))):
            if not rule.span_group and protected(span.start_char, span.end_char):
                continue
            if rule.kind == "interpretive" and named(span.start_char, span.end_char):
                continue
            if rule.expansions and any(e in lowered for e in rule.expansions):
                continue
            long_form = rule.long_form(span.text)
            if long_form is not None and long_form in lowered:
                continue  # written out in the text already ("F41.1 Generalized anxiety disorder")
            if rule.signature_ok and self.context.in_signature(span):
                continue
            if rule.kind == "jargon":
                if span.text in glossed_words:
                    continue
                if glossed(text, span.start_char, span.end_char, self.gloss_kinds):
                    glossed_words.add(span.text)  # explained here, so also further on
                    continue
            key = f"{rule.id}:{span.text.lower()}"  # each acronym of a rule is explained once
            if rule.first_only and key in explained:
                continue
            if rule.kind == "interpretive" and not rule.span_group:
                span = self._interpretive_span(span, rule)
                if span is None:
                    continue
            explained.add(key)
            kept.append((span, rule))
        flags: list[Span] = []
        for span, rule in _join_adjacent_labels(_longest_first(kept)):
            flag = Span(doc, span.start, span.end, label=rule.kind)
            suggestion, drop_in = rule.rewrite_for(span.text)
            flag._.flag = FlagDetail(
                reason=rule.reason, suggestion=suggestion, rule_id=rule.id, drop_in=drop_in
            )
            flags.append(flag)
        doc.spans["flags"] = sorted(flags, key=lambda s: s.start)
        return doc

    def _candidates(self, doc: Doc, text: str, lowered: str) -> list[tuple[Span, FlagRule]]:
        found: list[tuple[Span, FlagRule]] = []
        for rule, regex, needles in self.text_rules:
            if needles and not any(n in lowered for n in needles):
                continue  # a plain substring test is far cheaper than the boundary expression
            for m in regex.finditer(text):
                if rule.case_sensitive and _shouted(text, m.start()):
                    continue  # a line typed in capitals: "ACT", "GIVE", "PT" are just words
                if m.group() in rule.exceptions or (
                    rule.not_words and _is_english(m.group(), self.english, self.english_short)
                ):
                    continue
                span = doc.char_span(m.start(), m.end(), alignment_mode="strict")
                if span is None:
                    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and len(span):
                    found.append((span, rule))
        for match_id, start, end in self.matcher(doc) if len(self.matcher) else ():
            rule = self.rules[self.vocab.strings[match_id]]
            if rule.keep is not None:
                start, end = start + rule.keep[0], min(end, start + rule.keep[1])
            found.append((doc[start:end], rule))
        for rule in self.group_rules:
            for span in doc.spans.get(rule.span_group, []):
                if rule.kind == "interpretive" and (
                    self.context.reported(span) or not self.context.doubting(span)
                ):
                    continue  # someone's word, or the name of a thing, not the writer's doubt
                found.append((self.context.with_quote_marks(span), rule))
        return found

    def _interpretive_span(self, span: Span, rule: FlagRule) -> Span | None:
        """Apply the context rules of interpretive wording; None when the wording is fine."""
        ctx = self.context
        if in_compound(span) or ctx.names_diagnosis(span):
            return None
        if not rule.any_subject and ctx.about_someone_else(span):
            return None
        if rule.client_subject and not ctx.about_the_client(span):
            return None
        if rule.not_followed_by and names_something_else(span, rule.not_followed_by):
            return None
        if rule.extend_left:
            # a rule that reads on to the end of its clause takes its complement there
            span = ctx.take_in_object(ctx.take_in_copula(span), complement=not rule.take_right)
        if rule.take_right:
            span = ctx.take_in_clause(span, rule.take_right)
        if ctx.negated(span) or ctx.reported(span) or ctx.attributed(span):
            return None
        if rule.evidence_ok and ctx.evidence_follows(span):
            return None
        return span


def _english_words(nlp: Language) -> tuple[frozenset[str], frozenset[str]]:
    """Base forms the lemmatizer knows (WordNet lists in en_core_web_sm) plus stop words.

    Returns every such word, and the ones a short capitalised word may be without being read as
    an acronym: stop words and words WordNet knows as more than a noun ("BAD", "GOT" are words;
    "ABC", "CPA", "PC" are nouns only there, and in capitals are acronyms).
    """
    stop = set(nlp.Defaults.stop_words)
    words: set[str] = set(stop)
    short: set[str] = set(stop)
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        if lookups.has_table("lemma_index"):
            for pos, entries in lookups.get_table("lemma_index").items():
                words.update(entries)
                if pos != get_string_id("noun"):  # the table's keys are string hashes
                    short.update(entries)
        if lookups.has_table("lemma_exc"):
            for entries in lookups.get_table("lemma_exc").values():
                words.update(entries)
                short.update(entries)
    return frozenset(words), frozenset(short)


def _is_english(word: str, english: frozenset[str], english_short: frozenset[str]) -> bool:
    """A word typed in capitals ("PLAN", "GOALS", "NOTED") rather than an acronym."""
    w = word.lower()
    if len(w) <= 3:
        return w in english_short
    if w in english:
        return True
    for suffix, base in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("d", ""),
    ):
        stem = w[: -len(suffix)] + base
        if w.endswith(suffix) and len(stem) >= 3 and stem in english:
            return True
    return False


def _yield_to_specific(found: list[tuple[Span, FlagRule]]) -> list[tuple[Span, FlagRule]]:
    """Drop a fallback candidate wherever a specific rule found words (even if it then passes)."""
    specific = OverlapTest((s.start_char, s.end_char) for s, r in found if not r.fallback)
    return [(s, r) for s, r in found if not r.fallback or not specific(s.start_char, s.end_char)]


def _shouted(text: str, pos: int) -> bool:
    """The line around `pos` is typed in capitals (four or more words, nearly all upper case)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = [w for w in text[start : end if end >= 0 else len(text)].split() if w.isalpha()]
    return len(words) >= 4 and sum(w.isupper() for w in words) >= 0.8 * len(words)


def _longest_first(kept: list[tuple[Span, FlagRule]]) -> list[tuple[Span, FlagRule]]:
    """Drop flags overlapping a longer one ("SI" inside "SI/HI"), as spacy.util.filter_spans."""
    out: list[tuple[Span, FlagRule]] = []
    taken: set[int] = set()
    for span, rule in sorted(kept, key=lambda k: (-len(k[0]), k[0].start)):
        if taken.isdisjoint(range(span.start, span.end)):
            out.append((span, rule))
            taken.update(range(span.start, span.end))
    return out


def _join_adjacent_labels(kept: list[tuple[Span, FlagRule]]) -> list[tuple[Span, FlagRule]]:
    """One flag for two labels of one rule side by side ("is oppositional defiant"), not two."""
    out: list[tuple[Span, FlagRule]] = []
    for span, rule in sorted(kept, key=lambda k: k[0].start):
        if out:
            last, last_rule = out[-1]
            if (
                rule is last_rule
                and rule.kind == "interpretive"
                and not rule.span_group
                and span.start == last.end
            ):
                out[-1] = (span.doc[last.start : span.end], last_rule)
                continue
        out.append((span, rule))
    return out


# Runs before the role tagger: a clause that is mostly the writer's judgment is flagged, not filed.
@Language.factory(
    NAME,
    requires=["doc.spans", "token.lemma", "token.dep"],  # and token.pos: see pipeline.py
    assigns=["doc.spans", "span._.flag"],
)
def make_flag_finder(nlp: Language, name: str) -> FlagFinder:
    return FlagFinder(nlp, name)
