"""assistant_role_tagger: each segment's section role (rules first, learned classifier beside).

The rules read every segment: the writer's own headers, cues ("HW", "next session", "denies SI"),
client quotes, taxonomy techniques, who did what. Without a classifier their decision stands
(source "header" or "rule"; a segment without any cue gets a weak guess). With the learned
classifier, strong evidence still wins: the writer's section header ("HW:", "Plan:"), a quote
with nothing around it, and cues that decide with confidence >= `strong_rule` (a session line,
"denies SI/HI", the writer's opinion). Every other segment is decided by the model, which sees the
segment's words and the rules' evidence as numbers (FEATURE_NAMES), in one batched call per doc,
with source "model" and its probability as confidence. With the fine-tuned span model
(data/span_classifier/), which also reads the segments either side, "the model" is the mean of
its probabilities and the head's. The model never drops a segment ("other") unless it is sure;
whatever stays uncertain lands in a section the reviewer sees.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..content import Wording, primary_session
from ..lexicon import Technique
from ..resources import DataComponent, load_rules
from ..spans import RangeIndex
from ..vocab import ROLES, RoleDecision
from .clauses import ClauseReader
from .cues import CueScorer
from .evidence import ACTION_FALLBACK, FALLBACK_ROLE, Evidence, Reading

NAME = "assistant_role_tagger"


class RoleClassifier(Protocol):
    """The learned classifier's interface: role probabilities for each segment."""

    def predict(
        self, texts: list[str], features: list[list[float]] | None = None
    ) -> list[dict[str, float]]: ...


class SpanModel(Protocol):
    """The fine-tuned classifier's interface: it reads each segment's neighbours too."""

    def predict(
        self, texts: list[str], contexts: list[str], features: list[list[float]]
    ) -> list[dict[str, float]]: ...


class RoleTagger(DataComponent):
    """Sets `segment._.decision` on every segment and fills doc.spans["techniques"]."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        threshold: float = 0.5,
        rule_min: float = 1.0,
        strong_rule: float = 0.9,
        risk_override: float = 4.0,
        classifier: bool | None = None,
        span_model: bool | None = None,
        span_weight: float = 0.5,
    ) -> None:
        self.name = name
        self.threshold = threshold
        self.rule_min = rule_min
        self.strong_rule = strong_rule
        self.risk_override = risk_override
        self.use_classifier = classifier
        self.use_span_model = span_model
        self.span_weight = span_weight
        self.classifier: RoleClassifier | None = None
        self.span_model: SpanModel | None = None
        self.cues = CueScorer()
        self.clauses = ClauseReader()
        self.wording = Wording.empty()
        self.terms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._make_doc: Callable[[str], Doc] = nlp.make_doc

    def load(self, data: Path) -> None:
        """Load the role cues, clause words and intervention taxonomy, build the matchers once,
        and load the learned classifier unless the `classifier` setting is false."""
        folder = data
        self.cues = CueScorer().load(folder)
        self.clauses = ClauseReader().load(folder)
        self.wording = Wording.load(folder)
        for technique in load_rules("interventions", Technique, folder):
            key = technique.canonical
            if technique.terms:
                self.terms.add(key, [self._make_doc(t) for t in technique.terms])
            if technique.acronyms:
                self.acronyms.add(key, [self._make_doc(t) for t in technique.acronyms])
        self.classifier, self.span_model = None, None
        if self.use_classifier is not False:
            from ..classifier import load_role_classifier, load_span_model

            self.classifier = load_role_classifier(folder, required=bool(self.use_classifier))
            if self.use_span_model is not False and self.classifier is not None:
                self.span_model = load_span_model(folder, required=bool(self.use_span_model))

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
            decision, guess = self._decide(ev)
            readings.append(Reading(segment, ev, decision, guess, i, len(segments)))
        return readings

    def __call__(self, doc: Doc) -> Doc:
        readings = self.read(doc)
        asked = [k for k, r in enumerate(readings) if self._asks_model(r)]
        predictions = self._predict([readings[k] for k in asked], readings)
        decisions = [r.decision for r in readings]
        for k, probs in zip(asked, predictions, strict=True):
            decisions[k] = self._from_model(probs, readings[k])
        for decision, reading in zip(decisions, readings, strict=True):
            reading.segment._.decision = decision if decision is not None else reading.guess
        return doc

    def _asks_model(self, reading: Reading) -> bool:
        """Whether the learned classifier decides this segment: all but the decisive ones."""
        if self.classifier is None:
            return False
        ev, decision = reading.evidence, reading.decision
        # the writer's own section header ("HW:", "Plan:"), the client's words in quote marks with
        # nothing but "she said" around them, or cues this strong ("denies SI"): the rules decide
        strong = decision is not None and decision.confidence >= self.strong_rule
        return ev.scope != "section" and not ev.attribution_only and not strong

    def _predict(
        self, readings: list[Reading], doc_readings: list[Reading]
    ) -> list[dict[str, float]]:
        if self.classifier is None or not readings:
            return []
        texts = [r.segment.text for r in readings]
        features = [r.features for r in readings]
        head = list(self.classifier.predict(texts, features))
        if self.span_model is None:
            return head
        from ..classifier.span_model import context_of

        every = [r.segment.text for r in doc_readings]
        contexts = [context_of(every, r.index) for r in readings]
        tuned = self.span_model.predict(texts, contexts, features)
        w = self.span_weight
        return [
            {role: w * t[role] + (1 - w) * h[role] for role in h}
            for t, h in zip(tuned, head, strict=True)
        ]

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
        header = segment._.header
        scope = header.scope if header is not None else ""
        header_role = header.role if header is not None else ""
        hint = header.weight if scope == "block" else 0.0  # SOAP/DAP/BIRP letter
        inner = quotes.overlapping(start, end)
        residual = _cut(text, start, [(a - 1, b + 1) for a, b in inner])
        scores = self.cues.scores(residual)
        for role, weight in self.clauses.scores(segment).items():  # who did what, and where
            scores[role] = scores.get(role, 0.0) + weight
        imperative = _imperative(segment) and scores.get("plan", 0.0) < 1.6
        technique = bool(techniques.overlapping(start, end))
        if technique:
            # "Mia played in the dollhouse", "joined 1 role-play": the client did it;
            # "Write out your time-out plan": a task that names a technique
            client_did = imperative or _client_subject(segment, self.clauses.people)
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
            attribution_only=bool(inner) and self.wording.is_attribution_only(residual),
            admin=_is_admin(text, start, session, self.wording),
            imperative=imperative,
            technique=technique,
            fallback=_fallback(segment),
        )

    def _decide(self, ev: Evidence) -> tuple[RoleDecision | None, RoleDecision | None]:
        """Return (the rule decision, None), or (None, the rules' weak guess) if no cue decides."""
        scores = dict(ev.scores)
        header_role, hint = ev.header_role, ev.hint
        if hint:
            scores[header_role] = scores.get(header_role, 0.0) + hint
        risk = scores.get("risk", 0.0)
        if scores.get("other", 0.0) >= 6:
            return RoleDecision("other", "rule", 0.9), None
        if ev.scope == "section":
            if risk >= self.risk_override and header_role != "risk":
                return RoleDecision("risk", "rule", 0.9), None
            if header_role == "homework" and scores.get("client_response", 0.0) >= 3.5:
                return RoleDecision("client_response", "rule", 0.85), None
            return RoleDecision(header_role, "header", 0.95), None
        if ev.attribution_only:
            return RoleDecision("quote", "rule", 0.9), None
        strong = max((v for k, v in scores.items() if k != "other"), default=0.0)
        if strong < self.rule_min and ev.admin:
            return RoleDecision("session_admin", "rule", 0.9), None
        scores.pop("other", None)
        if not scores:
            return None, _guess(header_role, hint) if hint else _guess(ev.fallback, 0.0)
        # on a tie, "what was discussed" is the safest place to show a segment
        role, best = max(scores.items(), key=lambda kv: (kv[1], kv[0] == FALLBACK_ROLE))
        if best >= self.rule_min:
            own = best - (hint if role == header_role else 0.0)
            source = "rule" if own >= self.rule_min else "header"  # decided by the letter alone?
            return RoleDecision(role, source, round(min(0.95, 0.5 + best / 10), 2)), None
        return None, _guess(role, best)


def _guess(role: str, strength: float) -> RoleDecision:
    """The rules' weak guess, from evidence too weak to decide, as a low-confidence decision."""
    return RoleDecision(role, "rule", round(min(0.7, 0.3 + strength / 10), 2))


def _client_subject(segment: Span, people: frozenset[str]) -> bool:
    """Whether the segment opens with the client (or a name) doing something: "Mia played ..."."""
    words = [t for t in segment if not (t.is_punct or t.is_space)][:3]
    if len(words) < 2:
        return False
    first, second = words[0], words[1]
    subject = first.lower_ in people or (first.pos_ == "PROPN" and first.is_title)
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


def _is_admin(text: str, offset: int, session: list[Span], wording: Wording) -> bool:
    """Whether a segment holds only the session's date/duration, kind and who came."""
    return wording.admin_only(_cut(text, offset, primary_session(session)))


@Language.factory(
    NAME,
    requires=["doc.spans", "span._.header", "token.tag", "token.dep", "token.lemma"],
    assigns=["doc.spans", "span._.decision"],
    default_config={
        # the model's least confidence for dropping a segment as "other" (see MODEL_CARD.md)
        "threshold": 0.5,
        # the least cue weight with which the rules decide a role
        "rule_min": 1.0,
        # a rule decision this confident is not sent to the classifier
        "strong_rule": 0.9,
        # risk evidence this strong beats any section header
        "risk_override": 4.0,
        # the learned classifier: true requires it, false never loads it, null uses it when
        # its package is installed
        "classifier": None,
        # the fine-tuned segment classifier (data/span_classifier/) in the head's place: true
        # requires it, false never loads it, null uses it when its files are there; it needs the
        # classifier (whose encoder the risk finder reads)
        "span_model": None,
        # the span model's share of the role probabilities, the head's being the rest (the two
        # make fewer errors together than either alone; see data/span_classifier/MODEL_CARD.md)
        "span_weight": 0.5,
    },
)
def make_role_tagger(
    nlp: Language,
    name: str,
    threshold: float,
    rule_min: float,
    strong_rule: float,
    risk_override: float,
    classifier: bool | None,
    span_model: bool | None,
    span_weight: float,
) -> RoleTagger:
    return RoleTagger(
        nlp,
        name,
        threshold=threshold,
        rule_min=rule_min,
        strong_rule=strong_rule,
        risk_override=risk_override,
        classifier=classifier,
        span_model=span_model,
        span_weight=span_weight,
    )
