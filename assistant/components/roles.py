"""assistant_roles: decides each segment's section role (rules first, learned classifier beside).

Strong rule evidence decides with source "header" or "rule": the writer's own section header, an
explicit cue ("HW", "next session", "denies SI"), a client quote, a taxonomy technique. Segments
without strong evidence go to the learned classifier when one is set (one batched call per doc,
source "model", its probability as confidence). Whatever is left uncertain still lands in a
section the reviewer sees, with a low confidence, instead of vanishing.
"""

from __future__ import annotations

from collections.abc import Callable
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


class RoleClassifier(Protocol):
    """The learned classifier's interface: role probabilities for each text."""

    def predict(self, texts: list[str]) -> list[dict[str, float]]: ...


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

    def __call__(self, doc: Doc) -> Doc:
        techniques = self.find_techniques(doc)
        doc.spans["techniques"] = techniques
        quote_spans = doc.spans["quotes"] if "quotes" in doc.spans else []
        quotes = RangeIndex((q.start_char, q.end_char) for q in quote_spans)
        found = RangeIndex((t.start_char, t.end_char) for t in techniques)
        session = list(doc.spans["session"]) if "session" in doc.spans else []
        decisions: list[RoleDecision | None] = []
        undecided: list[int] = []
        weak: dict[int, str] = {}
        texts: list[str] = []
        for i, segment in enumerate(doc.spans["segments"]):
            decision, fallback = self._decide(segment, found, quotes, session)
            decisions.append(decision)
            if decision is None:
                undecided.append(i)
                weak[i] = fallback
                texts.append(segment.text)
        if undecided:
            predictions = self._predict(texts)
            for i, probs in zip(undecided, predictions, strict=True):
                decisions[i] = self._from_model(probs, weak[i])
        doc._.decisions = decisions
        return doc

    def _predict(self, texts: list[str]) -> list[dict[str, float] | None]:
        if self.classifier is None:
            return [None] * len(texts)
        return list(self.classifier.predict(texts))

    def _from_model(self, probs: dict[str, float] | None, fallback: str) -> RoleDecision:
        if not probs:
            weak_role, _, strength = fallback.partition("@")
            confidence = min(0.7, 0.3 + float(strength or 0.0) / 10) if strength else 0.3
            return RoleDecision(weak_role, "rule", round(confidence, 2))
        role, p = max(probs.items(), key=lambda kv: kv[1])
        if p < self.threshold or role not in ROLES:
            # the model is unsure: the rules' weak guess places the segment where the reviewer
            # sees it, carrying the model's low confidence
            return RoleDecision(fallback.partition("@")[0], "rule", round(float(p), 3))
        return RoleDecision(role, "model", round(float(p), 3))

    def _decide(
        self, segment: Span, techniques: RangeIndex, quotes: RangeIndex, session: list[Span]
    ) -> tuple[RoleDecision | None, str]:
        """Return (the rule decision or None, the weak fallback as "role@strength")."""
        text = segment.text
        start, end = segment.start_char, segment.end_char
        label = segment.label_
        scope, _, rest = label.partition(":")
        header_role, _, strength = rest.partition("@")
        inner = quotes.overlapping(start, end)
        residual = _cut(text, start, [(a - 1, b + 1) for a, b in inner])
        hint = float(strength or 1.0) if scope == "block" else 0.0  # SOAP/DAP/BIRP letter
        scores = self.cues.scores(residual)
        for role, weight in self.clauses.scores(segment).items():  # who did what, and where
            scores[role] = scores.get(role, 0.0) + weight
        imperative = _imperative(segment) and scores.get("plan", 0.0) < 1.6
        if techniques.overlapping(start, end):
            # "Mia played in the dollhouse", "joined 1 role-play": the client did it;
            # "Write out your time-out plan": a task that names a technique
            client_did = imperative or _client_subject(segment)
            scores["intervention"] = scores.get("intervention", 0.0) + (0.5 if client_did else 2.0)
        if imperative:
            # "Apply for one job this week": a task for the client, unless a session verb says plan
            scores["homework"] = scores.get("homework", 0.0) + 1.0
        if hint:
            scores[header_role] = scores.get(header_role, 0.0) + hint
        risk = scores.get("risk", 0.0)
        if scores.get("other", 0.0) >= 6:
            return RoleDecision("other", "rule", 0.9), ""
        if scope == "section":
            if risk >= RISK_OVERRIDE and header_role != "risk":
                return RoleDecision("risk", "rule", 0.9), ""
            if header_role == "homework" and scores.get("client_response", 0.0) >= 3.5:
                return RoleDecision("client_response", "rule", 0.85), ""
            return RoleDecision(header_role, "header", 0.95), ""
        if inner and is_attribution_only(residual):
            return RoleDecision("quote", "rule", 0.9), ""
        strong = max((v for k, v in scores.items() if k != "other"), default=0.0)
        if strong < self.rule_min and _is_admin(text, start, session):
            return RoleDecision("session_admin", "rule", 0.9), ""
        scores.pop("other", None)
        if not scores:
            return None, f"{header_role}@{hint}" if hint else f"{_fallback(segment)}@0"
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
