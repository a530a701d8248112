"""assistant_roles: decides each segment's section role (rules first, learned classifier beside).

The rules read every segment: the writer's own headers, cues ("HW", "next session", "denies SI"),
client quotes, taxonomy techniques, who did what. Without a classifier their decision stands
(source "header" or "rule"; a segment without any cue gets a weak guess). With the learned
classifier, strong evidence still wins: the writer's section header ("HW:", "Plan:"), a quote
with nothing around it, and cues that decide with confidence >= 0.9 (a session line, "denies
SI/HI", the writer's opinion). Every other segment is decided by the model, which sees the
segment's words and the rules' evidence as numbers (FEATURE_NAMES), in one batched call per doc,
with source "model" and its probability as confidence. The model never drops a segment ("other")
unless it is sure; whatever stays uncertain lands in a section the reviewer sees.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..clauses import ClauseReader
from ..cues import CueScorer
from ..extensions import ROLES, RoleDecision
from ..lexicon import Technique
from ..resources import load_rules
from ..textspans import RangeIndex, admin_only, is_attribution_only, primary_session

FALLBACK_ROLE = "topic"  # uncertain segments are shown to the reviewer as topics...
ACTION_FALLBACK = "client_response"  # ...or, when they tell what someone did, as client response
RISK_OVERRIDE = 4.0  # risk evidence this strong beats any header
STRONG_RULE = 0.9  # a rule decision this confident is not sent to the classifier


@dataclass(frozen=True)
class Evidence:
    """What the rules see in one segment, before any decision."""

    scores: dict[str, float]  # role -> summed cue weight (role_cues + clause reading)
    scope: str  # "section" (the writer's header), "block" (a SOAP-style letter) or ""
    header_role: str  # the role the header names, "" without one
    hint: float  # the weight a block letter lends its role
    quoted: bool  # holds a client quote
    attribution_only: bool  # nothing but a quote and "she said"
    admin: bool  # only the session's date, duration, kind and who came
    imperative: bool  # opens with a bare verb
    technique: bool  # names a taxonomy technique
    fallback: str  # where the segment goes without any cue: topic or client_response


@dataclass(frozen=True)
class Reading:
    """One segment as the rules read it."""

    segment: Span
    evidence: Evidence
    decision: RoleDecision | None  # None: no cue strong enough to decide
    fallback: str  # the weak guess, "role@strength"
    index: int  # the segment's place among the doc's segments
    count: int  # how many segments the doc has

    @property
    def features(self) -> list[float]:
        """The evidence as numbers, in FEATURE_NAMES order (only the model needs them)."""
        return evidence_features(self.evidence, self.decision, self.index, self.count, self.segment)


# The rules' evidence as the learned classifier sees it, beside the segment's embedding.
FEATURE_NAMES: tuple[str, ...] = (
    *(f"cue:{r}" for r in ROLES),
    *(f"header:{r}" for r in ROLES),
    *(f"letter:{r}" for r in ROLES),
    *(f"rule:{r}" for r in ROLES),
    "rule:undecided",
    "rule:by_header",
    "quoted",
    "attribution_only",
    "admin",
    "imperative",
    "technique",
    "past_tense_root",
    "position",
    "first",
    "words",
)
CUE_SCALE = 3.0  # cue weights are ~1-6; scaled to the range of the other features


def evidence_features(
    ev: Evidence, decision: RoleDecision | None, index: int, count: int, segment: Span
) -> list[float]:
    """Return the evidence for one segment as numbers, in FEATURE_NAMES order."""
    section = ev.header_role if ev.scope == "section" else ""
    letter = ev.header_role if ev.scope == "block" else ""
    decided = decision.role if decision is not None else ""
    return [
        *(min(ev.scores.get(r, 0.0), 2 * CUE_SCALE) / CUE_SCALE for r in ROLES),
        *(float(section == r) for r in ROLES),
        *(min(ev.hint, CUE_SCALE) / CUE_SCALE if letter == r else 0.0 for r in ROLES),
        *(float(decided == r) for r in ROLES),
        float(decision is None),
        float(decision is not None and decision.source == "header"),
        float(ev.quoted),
        float(ev.attribution_only),
        float(ev.admin),
        float(ev.imperative),
        float(ev.technique),
        float(ev.fallback == ACTION_FALLBACK),
        index / max(count - 1, 1),
        float(index == 0),
        math.log1p(len(segment.text.split())) / 3,
    ]


class RoleClassifier(Protocol):
    """The learned classifier's interface: role probabilities for each segment."""

    def predict(
        self, texts: list[str], features: list[list[float]] | None = None
    ) -> list[dict[str, float]]: ...


class RoleTagger:
    """Fills doc._.decisions (one RoleDecision per segment) and doc.spans["techniques"]."""

    def __init__(
        self, nlp: Language, name: str, *, threshold: float = 0.5, rule_min: float = 1.0
    ) -> None:
        self.name = name
        self.threshold = threshold
        self.rule_min = rule_min
        self.classifier: RoleClassifier | None = None
        self.cues = CueScorer()
        self.clauses = ClauseReader()
        self.terms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._make_doc: Callable[[str], Doc] = nlp.make_doc

    def initialize(self, *, models: Path) -> None:
        """Load role_cues.jsonl and the interventions.jsonl taxonomy; build the matchers once."""
        self.cues = CueScorer().load(models)
        self.clauses = ClauseReader().load(models)
        for technique in load_rules("interventions", Technique, models):
            key = technique.canonical
            if technique.terms:
                self.terms.add(key, [self._make_doc(t) for t in technique.terms])
            if technique.acronyms:
                self.acronyms.add(key, [self._make_doc(t) for t in technique.acronyms])

    def find_techniques(self, doc: Doc) -> list[Span]:
        """Return the taxonomy matches in `doc`, longest first where they overlap."""
        spans = []
        for matcher in (self.terms, self.acronyms):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                spans.append(Span(doc, start, end, label="TECHNIQUE", kb_id=key))
        return sorted(filter_spans(spans), key=lambda s: s.start)

    def read(self, doc: Doc) -> list[Reading]:
        """What the rules make of each segment: evidence, decision and weak fallback.

        Also fills doc.spans["techniques"]. The training of the learned classifier reads
        jottings through this method too, so it sees exactly what the pipeline sees.
        """
        techniques = self.find_techniques(doc)
        doc.spans["techniques"] = techniques
        quote_spans = doc.spans["quotes"] if "quotes" in doc.spans else []
        quotes = RangeIndex((q.start_char, q.end_char) for q in quote_spans)
        found = RangeIndex((t.start_char, t.end_char) for t in techniques)
        session = list(doc.spans["session"]) if "session" in doc.spans else []
        segments = list(doc.spans["segments"])
        readings = []
        for i, segment in enumerate(segments):
            ev = self.evidence(segment, found, quotes, session)
            decision, fallback = self._decide(ev)
            readings.append(Reading(segment, ev, decision, fallback, i, len(segments)))
        return readings

    def __call__(self, doc: Doc) -> Doc:
        readings = self.read(doc)
        asked = [k for k, r in enumerate(readings) if self._asks_model(r)]
        predictions = self._predict([readings[k] for k in asked])
        decisions = [r.decision for r in readings]
        for k, probs in zip(asked, predictions, strict=True):
            decisions[k] = self._from_model(probs, readings[k])
        doc._.decisions = [
            d if d is not None else _weak(r.fallback)
            for d, r in zip(decisions, readings, strict=True)
        ]
        return doc

    def _asks_model(self, reading: Reading) -> bool:
        """Whether the learned classifier decides this segment: all but the decisive ones."""
        if self.classifier is None:
            return False
        ev, decision = reading.evidence, reading.decision
        # the writer's own section header ("HW:", "Plan:"), the client's words in quote marks with
        # nothing but "she said" around them, or cues this strong ("denies SI"): the rules decide
        strong = decision is not None and decision.confidence >= STRONG_RULE
        return ev.scope != "section" and not ev.attribution_only and not strong

    def _predict(self, readings: list[Reading]) -> list[dict[str, float]]:
        if self.classifier is None or not readings:
            return []
        texts = [r.segment.text for r in readings]
        return list(self.classifier.predict(texts, [r.features for r in readings]))

    def _from_model(self, probs: dict[str, float], reading: Reading) -> RoleDecision | None:
        role, p = max(probs.items(), key=lambda kv: kv[1])
        if role not in ROLES or (role == "other" and p < self.threshold):
            # the model would drop the words but is unsure: the rules' decision (or their weak
            # guess) keeps them where the reviewer sees them
            return reading.decision
        return RoleDecision(role, "model", round(float(p), 3))

    def evidence(
        self, segment: Span, techniques: RangeIndex, quotes: RangeIndex, session: list[Span]
    ) -> Evidence:
        """Gather what the rules know about a segment: header, cue scores, quotes, admin words."""
        text = segment.text
        start, end = segment.start_char, segment.end_char
        scope, _, rest = segment.label_.partition(":")
        header_role, _, strength = rest.partition("@")
        inner = quotes.overlapping(start, end)
        residual = _cut(text, start, [(a - 1, b + 1) for a, b in inner])
        hint = float(strength or 1.0) if scope == "block" else 0.0  # SOAP/DAP/BIRP letter
        scores = self.cues.scores(residual)
        for role, weight in self.clauses.scores(segment).items():  # who did what, and where
            scores[role] = scores.get(role, 0.0) + weight
        imperative = _imperative(segment) and scores.get("plan", 0.0) < 1.6
        technique = bool(techniques.overlapping(start, end))
        if technique:
            # "Mia played in the dollhouse", "joined 1 role-play": the client did it;
            # "Write out your time-out plan": a task that names a technique
            client_did = imperative or _client_subject(segment)
            scores["intervention"] = scores.get("intervention", 0.0) + (0.5 if client_did else 2.0)
        if imperative:
            # "Apply for one job this week": a task for the client, unless a session verb says plan
            scores["homework"] = scores.get("homework", 0.0) + 1.0
        return Evidence(
            scores=scores,
            scope=scope,
            header_role=header_role,
            hint=hint,
            quoted=bool(inner),
            attribution_only=bool(inner) and is_attribution_only(residual),
            admin=_is_admin(text, start, session),
            imperative=imperative,
            technique=technique,
            fallback=_fallback(segment),
        )

    def _decide(self, ev: Evidence) -> tuple[RoleDecision | None, str]:
        """Return (the rule decision or None, the weak fallback as "role@strength")."""
        scores = dict(ev.scores)
        header_role, hint = ev.header_role, ev.hint
        if hint:
            scores[header_role] = scores.get(header_role, 0.0) + hint
        risk = scores.get("risk", 0.0)
        if scores.get("other", 0.0) >= 6:
            return RoleDecision("other", "rule", 0.9), ""
        if ev.scope == "section":
            if risk >= RISK_OVERRIDE and header_role != "risk":
                return RoleDecision("risk", "rule", 0.9), ""
            if header_role == "homework" and scores.get("client_response", 0.0) >= 3.5:
                return RoleDecision("client_response", "rule", 0.85), ""
            return RoleDecision(header_role, "header", 0.95), ""
        if ev.attribution_only:
            return RoleDecision("quote", "rule", 0.9), ""
        strong = max((v for k, v in scores.items() if k != "other"), default=0.0)
        if strong < self.rule_min and ev.admin:
            return RoleDecision("session_admin", "rule", 0.9), ""
        scores.pop("other", None)
        if not scores:
            return None, f"{header_role}@{hint}" if hint else f"{ev.fallback}@0"
        # on a tie, "what was discussed" is the safest place to show a segment
        role, best = max(scores.items(), key=lambda kv: (kv[1], kv[0] == FALLBACK_ROLE))
        if best >= self.rule_min:
            own = best - (hint if role == header_role else 0.0)
            source = "rule" if own >= self.rule_min else "header"  # decided by the letter alone?
            return RoleDecision(role, source, round(min(0.95, 0.5 + best / 10), 2)), ""
        return None, f"{role}@{best}"


CLIENT_WORDS = frozenset(
    "client pt patient cl he she they child teen son daughter mom dad mother father parent "
    "parents partner husband wife couple family group members everyone both".split()
)


def _weak(fallback: str) -> RoleDecision:
    """The rules' weak guess ("role@strength") as a low-confidence decision."""
    role, _, strength = fallback.partition("@")
    confidence = min(0.7, 0.3 + float(strength) / 10) if strength else 0.3
    return RoleDecision(role, "rule", round(confidence, 2))


def _client_subject(segment: Span) -> bool:
    """Whether the segment opens with the client (or a name) doing something: "Mia played ..."."""
    words = [t for t in segment if not (t.is_punct or t.is_space)][:3]
    if len(words) < 2:
        return False
    first, second = words[0], words[1]
    subject = first.lower_ in CLIENT_WORDS or (first.pos_ == "PROPN" and first.is_title)
    return subject and second.tag_ in ("VBD", "VBZ", "VBP", "MD")


def _fallback(segment: Span) -> str:
    """Where a segment without any cue goes: what someone did is client response, else topic."""
    for token in segment:
        if token.dep_ == "ROOT":
            return ACTION_FALLBACK if token.tag_ == "VBD" else FALLBACK_ROLE
    return FALLBACK_ROLE


def _imperative(segment: Span) -> bool:
    """Whether the segment opens with a bare verb ("Leave the house ...", "Apply for one job")."""
    words = [t for t in segment if not (t.is_punct or t.is_space)]
    return bool(words) and words[0].tag_ == "VB" and words[0].is_alpha


def _cut(text: str, offset: int, holes: list[tuple[int, int]]) -> str:
    """Return `text` with the character ranges in `holes` (absolute offsets) blanked out."""
    chars = list(text)
    for a, b in holes:
        for i in range(max(a - offset, 0), min(b - offset, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _is_admin(text: str, offset: int, session: list[Span]) -> bool:
    """Whether a segment holds only the session's date/duration, kind and who came."""
    return admin_only(_cut(text, offset, primary_session(session)))
