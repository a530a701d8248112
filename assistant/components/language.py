"""assistant_language: flags interpretive and jargon wording (doc.spans["flags"]).

The wording comes from the flag lexicons (models/lexicons/flags*.jsonl, see
assistant/flag_rules.py); this component adds the context rules every lexicon entry shares:
- nothing inside the client's own words (doc.spans["quotes"]) is flagged;
- an interpretive label that is negated ("not resistant", "no longer defensive") is not flagged;
- a label the client (or someone else) reports is not the writer's inference: "reported feeling
  unmotivated", "described herself as lazy"; the writer's own "I think" still is;
- an inference followed by the observations behind it ("appeared anxious (fidgeting, rapid
  speech)") is not flagged when its rule says evidence makes it acceptable;
- a label about someone else ("her mother refused", "boss was hostile"), inside a hyphenated
  compound ("treatment-resistant") or naming a diagnosis ("oppositional defiant disorder") is not
  the writer's judgment of the client;
- a modality acronym is flagged once, and not at all when its expansion is in the text;
- case-sensitive entries (ACT, MI, PT) skip lines typed in capitals, and the catch-all for unknown
  acronyms yields to every specific entry.
The scare quotes another component finds (doc.spans["scare_quotes"]) are flagged through a
span_group entry, unless a reporting verb makes them someone's word ('calls her "lazy"').
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..extensions import FlagDetail
from ..flag_rules import FlagRule, load_flag_rules

NEGATORS = frozenset(
    {"not", "n't", "no", "never", "without", "nor", "none", "deny", "denies", "denied"}
)
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", ".", "!", "?", "-", "–", "—", "/"})
# A copula or perception verb before a label belongs to the flagged phrase ("seemed", "was being").
COPULAS = frozenset(
    {"be", "seem", "appear", "look", "get", "become", "act", "sound", "come", "grow"}
)
HEDGES = frozenset(
    {"very", "quite", "a", "bit", "little", "somewhat", "really", "extremely", "rather",
     "slightly", "kind", "sort", "of", "so", "too", "more", "increasingly", "overly", "fairly",
     "pretty", "highly", "again", "still", "being", "across", "as", "clearly", "obviously", "to"}
)
# Verbs that make a label someone's report rather than the writer's inference.
REPORTING = frozenset(
    {"say", "report", "state", "describe", "feel", "call", "worry", "fear", "believe", "think",
     "tell", "complain", "express", "label", "admit", "endorse", "wonder", "accuse", "consider",
     "share", "mention", "acknowledge", "name", "deny", "identify"}
)
WRITER = frozenset({"i", "we", "therapist", "clinician", "writer", "counselor", "counsellor"})
# A label whose subject is one of these describes someone else, not the client.
OTHERS = frozenset(
    {"mother", "mom", "mum", "father", "dad", "parent", "parents", "sister", "brother", "partner",
     "husband", "wife", "boss", "teacher", "friend", "boyfriend", "girlfriend", "coworker",
     "colleague", "roommate", "son", "daughter", "family", "ex", "staff", "school", "manager",
     "grandmother", "grandfather", "stepfather", "stepmother", "landlord", "doctor", "psychiatrist",
     "member", "members", "peer", "peers", "others", "facilitator", "nurse", "police", "neighbour",
     "neighbor", "driver", "stranger", "ex-partner", "ex-husband", "ex-wife"}
)
# Subjects that make a label the writer's word about the client.
CLIENT_WORDS = frozenset(
    {"client", "pt", "patient", "he", "she", "they", "teen", "child", "boy", "girl",
     "adolescent", "youth", "student", "i", "you"}
)
# A label followed by these names a diagnosis, an assessed finding rather than a judgment.
DIAGNOSIS_NEXT = frozenset({"disorder", "disorders", "personality", "pd", "depression", "type"})
EVIDENCE_OPENERS = ("(", "[", "as evidenced", "evidenced by", "as shown", "shown by", "as seen",
                    "e.g.", "eg ", "based on", "given ", "with ")
QUOTE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''", "«", "»"})
MAX_LEFT = 4  # tokens of copula and hedge a label may take in
# Reported content sits close to its verb; further away, a run-on jotting has moved on.
MAX_REPORT_DISTANCE = 10


class LanguageReview:
    """Find the flag lexicons' wording in a Doc and keep what survives the context rules."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self.vocab = nlp.vocab
        self.english: frozenset[str] = frozenset()
        self.rules: dict[str, FlagRule] = {}
        # (rule, expression, needles): a rule runs only when one of its needles is in the text
        self.text_rules: list[tuple[FlagRule, re.Pattern[str], tuple[str, ...]]] = []
        self.group_rules: list[FlagRule] = []
        self.matcher = Matcher(nlp.vocab)

    def initialize(self, *, models: Path) -> None:
        """Load models/lexicons/flags*.jsonl and build the matchers once."""
        self.rules = {}
        self.text_rules = []
        self.group_rules = []
        self.matcher = Matcher(self.vocab)
        for rule in load_flag_rules(models):
            self.rules[rule.id] = rule
            if rule.patterns:
                self.matcher.add(rule.id, [list(p) for p in rule.patterns], greedy="LONGEST")
            elif rule.span_group:
                self.group_rules.append(rule)
            else:
                needles = tuple(t.lower().split()[0] for t in rule.terms)
                self.text_rules.append((rule, rule.compile(), needles))
        if any(rule.not_words for rule in self.rules.values()):
            self.english = _english_words(self.nlp)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens on every access: read it once
        lowered = text.lower()
        candidates = _yield_to_specific(self._candidates(doc, text, lowered))
        protected = [(s.start_char, s.end_char) for s in doc.spans.get("quotes", [])]
        kept: list[tuple[Span, FlagRule]] = []
        explained: set[str] = set()
        for span, rule in sorted(candidates, key=lambda c: (c[0].start_char, -len(c[0]))):
            if not rule.span_group and _overlaps(span, protected):
                continue
            if rule.expansions and any(e in lowered for e in rule.expansions):
                continue
            key = f"{rule.id}:{span.text.lower()}" if rule.fallback else rule.id
            if rule.first_only and key in explained:
                continue
            if rule.kind == "interpretive" and not rule.span_group:
                span = self._interpretive_span(span, rule)
                if span is None:
                    continue
            explained.add(key)
            kept.append((span, rule))
        flags: list[Span] = []
        details: dict[tuple[int, int], FlagDetail] = {}
        for span, rule in _longest_first(kept):
            flags.append(Span(doc, span.start, span.end, label=rule.kind))
            details[(span.start_char, span.end_char)] = FlagDetail(
                reason=rule.reason, suggestion=rule.suggestion, rule_id=rule.id
            )
        doc.spans["flags"] = sorted(flags, key=lambda s: s.start)
        doc._.flag_details = details
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
                    rule.not_words and _is_english(m.group(), self.english)
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
                if rule.kind == "interpretive" and _reported(span):
                    continue  # the word of someone the client quotes, not the writer's doubt
                found.append((_with_quote_marks(span), rule))
        return found

    def _interpretive_span(self, span: Span, rule: FlagRule) -> Span | None:
        """Apply the context rules of interpretive wording; None when the wording is fine."""
        if _in_compound(span) or _names_diagnosis(span) or _about_someone_else(span):
            return None
        if rule.client_subject and not _about_the_client(span):
            return None
        if rule.not_followed_by and _names_something_else(span, rule.not_followed_by):
            return None
        if rule.extend_left:
            span = _take_in_object(_take_in_copula(span))
        if _negated(span) or _reported(span):
            return None
        if rule.evidence_ok and _evidence_follows(span):
            return None
        return span


def _english_words(nlp: Language) -> frozenset[str]:
    """Base forms the lemmatizer knows (WordNet lists in en_core_web_sm) plus stop words."""
    words: set[str] = set(nlp.Defaults.stop_words)
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        if lookups.has_table("lemma_index"):
            for entries in lookups.get_table("lemma_index").values():
                words.update(entries)
        if lookups.has_table("lemma_exc"):
            for entries in lookups.get_table("lemma_exc").values():
                words.update(entries)
    return frozenset(words)


def _is_english(word: str, english: frozenset[str]) -> bool:
    """A word typed in capitals ("PLAN", "GOALS", "NOTED") rather than an acronym."""
    w = word.lower()
    if w in english:
        return True
    for suffix, base in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                         ("ing", "e"), ("d", "")):
        if w.endswith(suffix) and w[: -len(suffix)] + base in english:
            return True
    return False


def _yield_to_specific(found: list[tuple[Span, FlagRule]]) -> list[tuple[Span, FlagRule]]:
    """Drop a fallback candidate wherever a specific rule found words (even if it then passes)."""
    specific = [(s.start_char, s.end_char) for s, r in found if not r.fallback]
    return [(s, r) for s, r in found if not r.fallback or not _overlaps(s, specific)]


def _shouted(text: str, pos: int) -> bool:
    """The line around `pos` is typed in capitals (four or more words, nearly all upper case)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = [w for w in text[start : end if end >= 0 else len(text)].split() if w.isalpha()]
    return len(words) >= 4 and sum(w.isupper() for w in words) >= 0.8 * len(words)


def _overlaps(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in ranges)


def _longest_first(kept: list[tuple[Span, FlagRule]]) -> list[tuple[Span, FlagRule]]:
    """Drop flags overlapping a longer one ("SI" inside "SI/HI"), as spacy.util.filter_spans."""
    out: list[tuple[Span, FlagRule]] = []
    taken: set[int] = set()
    for span, rule in sorted(kept, key=lambda k: (-len(k[0]), k[0].start)):
        if taken.isdisjoint(range(span.start, span.end)):
            out.append((span, rule))
            taken.update(range(span.start, span.end))
    return out


def _with_quote_marks(span: Span) -> Span:
    """The span with the quote marks around it, so the flag shows what to remove."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 0 and doc[start - 1].text in QUOTE_MARKS:
        start -= 1
    if end < len(doc) and doc[end].text in QUOTE_MARKS:
        end += 1
    return doc[start:end]


def _take_in_copula(span: Span) -> Span:
    """Extend a label left over "seemed", "was being", "got", "a bit" so the phrase reads whole."""
    doc = span.doc
    i = span.start
    leftmost_copula = None
    adverb_start = span.start
    while i > 0 and span.start - i < MAX_LEFT and not doc[i].is_sent_start:
        prev = doc[i - 1]
        if prev.lemma_.lower() in COPULAS or prev.lower_ in HEDGES:
            i -= 1
            if prev.lemma_.lower() in COPULAS:
                leftmost_copula = i
            elif leftmost_copula is None and prev.pos_ == "ADV" and adverb_start == i + 1:
                adverb_start = i
        else:
            break
    start = leftmost_copula if leftmost_copula is not None else adverb_start
    return doc[start : span.end]


def _in_compound(span: Span) -> bool:
    """The label ends a hyphenated compound ("treatment-resistant"), which names something else."""
    doc = span.doc
    i = span.start
    if i < 2 or doc[i - 1].text != "-":
        return False
    return not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_


def _names_diagnosis(span: Span) -> bool:
    """A label naming a diagnosis ("oppositional defiant disorder") is a finding."""
    doc = span.doc
    for token in doc[span.end : span.end + 2]:
        if token.lower_ in DIAGNOSIS_NEXT:
            return True
    return False


def _names_something_else(span: Span, nouns: frozenset[str]) -> bool:
    """ "defensive driving", "hostile work environment": the label is part of another name."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    root = span.root
    head = root.head.lower_ if root.dep_ in {"amod", "compound"} else ""
    return after in nouns or head in nouns


def _about_someone_else(span: Span) -> bool:
    """The label's subject is a named relation (mother, boss), not the client."""
    root = span.root
    heads = [root, root.head] if root.dep_ in {"acomp", "oprd", "attr", "conj", "xcomp"} else [root]
    for head in heads:
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in OTHERS:
                return True
            if child.dep_ == "nsubj" and child.pos_ == "NOUN" and child.lemma_.lower() in OTHERS:
                return True
    if root.dep_ == "amod" and root.head.lemma_.lower() in OTHERS:
        return True
    return False


def _take_in_object(span: Span) -> Span:
    """Take in a one-word object after "to" ("resistant to change"): the label's whole phrase."""
    doc = span.doc
    end = span.end
    if end + 1 < len(doc) and doc[end].lower_ == "to" and doc[end + 1].pos_ in {"NOUN", "VERB"}:
        if end + 2 >= len(doc) or doc[end + 2].pos_ not in {"NOUN", "PROPN", "ADP", "DET"}:
            return doc[span.start : end + 2]
    return span


def _about_the_client(span: Span) -> bool:
    """The label's clause has no subject, or its subject is the client (pronoun, name, client)."""
    root = span.root
    head = root.head if root.dep_ in {"acomp", "oprd", "attr", "conj", "xcomp"} else root
    subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return all(s.lower_ in CLIENT_WORDS or s.pos_ == "PROPN" for s in subjects)


def _negated(span: Span) -> bool:
    """A negator shortly before the phrase in the same clause, or a `neg` child of its head."""
    doc = span.doc
    for i in range(span.start - 1, max(span.start - 4, -1), -1):
        token = doc[i]
        if token.text in CLAUSE_BREAKS:
            break
        if token.lower_ in NEGATORS:
            return True
        if token.is_sent_start:
            break
    for token in (span.root, span.root.head):
        for child in token.children:
            if child.dep_ == "neg" and not (span.start <= child.i < span.end):
                return True
    return False


def _reported(span: Span) -> bool:
    """The label is the content of a reporting verb before it whose subject is not the writer.

    "described herself as lazy", "reported feeling unmotivated", "says his dad calls him lazy";
    not "I reflected ...", and not when a whole quotation stands between the verb and the label
    (in run-on jottings the parser often hangs the next sentence on the last "said", hence also
    the distance limit).
    """
    doc = span.doc
    for ancestor in list(span.root.ancestors)[:4]:
        lemma = ancestor.lemma_.lower()
        if lemma in {"seem", "appear", "look"}:
            return False
        if any(_is_writer(c) for c in ancestor.children if c.dep_ == "nsubj"):
            return False
        near = 0 < span.start - ancestor.i <= MAX_REPORT_DISTANCE
        if lemma in REPORTING and ancestor.pos_ in {"VERB", "AUX"} and near:
            marks = sum(1 for t in doc[ancestor.i + 1 : span.start] if t.text in QUOTE_MARKS)
            return marks < 2
    return False


def _is_writer(token: Token) -> bool:
    return token.lower_ in WRITER


def _evidence_follows(span: Span) -> bool:
    """Observations follow the inference: "(fidgeting)", "as evidenced by", ", pacing"."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].pos_ in {"ADJ", "CCONJ", "ADV"}:
        i += 1
    if i >= len(doc):
        return False
    rest = doc[i : i + 6].text[:20].lower()
    if any(rest.startswith(opener) for opener in EVIDENCE_OPENERS):
        return True
    if doc[i].text in {",", ":", "-", "–", "—", ";"} and i + 1 < len(doc):
        nxt = doc[i + 1]
        return doc[i].text == ":" or nxt.tag_ == "VBG"
    return False
