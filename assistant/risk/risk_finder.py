"""assistant_risk_finder: a dedicated risk check over every segment, whatever its section.

Risk is where a miss does harm, so every segment (clause or sentence) is read for risk on its
own, beside its section role: by the role cues' risk evidence, and by a learned head over the
segment's MiniLM embedding (the one the role tagger computed), trained on annotated risk
phrasings (corpora/risk/, data/risk_classifier/MODEL_CARD.md). A segment found to hold risk is
filed as risk by the section extractor even when its role is another section (a quote stays a
quote and is also risk). In a note where nothing is strong evidence of risk (a rule, the role
tagger, or the head at P 0.5), the head's weak findings need a higher P: a sad quote in a calm
note is not risk. The assertion of each risk item (present, denied, historical, safety
action) comes from the ConText triggers in assertion.py, with the head's reading where no trigger
decides. Someone else's self-directed risk ("her brother attempted last year") is not filed.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from ..classifier import RULES_ONLY, heads_dir
from ..classifier.head import PROBE_TEXT, RoleHead, join_inputs
from ..errors import ResourceError
from ..resources import DataComponent
from ..roles.cues import CueScorer
from ..roles.role_tagger import NAME as ROLE_TAGGER
from ..vocab import ASSERTIONS
from .assertion import AssertionRules

NAME = "assistant_risk_finder"
HEAD_DIR = "risk_classifier"
NOT_RISK = "none"
IDIOM_SURE = 0.8  # the head's least P(risk) that files a segment whose risk words are idioms
LABELS: tuple[str, ...] = (NOT_RISK, *ASSERTIONS)
# The rules' reading of a segment as numbers, beside its embedding.
FEATURE_NAMES: tuple[str, ...] = (
    "cue:risk",
    "concepts:affirmed",
    "concepts:negated",
    "concepts:historical",
    "concepts:hypothetical",
    "safety_action",
    "other_person",
)


@dataclass(frozen=True)
class RiskCheck:
    """What the risk check found in one segment."""

    risk: bool  # the segment holds a risk statement
    source: str  # "role" (the role tagger filed it as risk), "rule" or "model"
    probability: float | None  # the head's P(risk), without a head None
    assertions: dict[str, float]  # the head's P(assertion | risk), empty without a head


def features_of(text: str, cue_risk: float, rules: AssertionRules) -> list[float]:
    """The rules' reading of one segment, in FEATURE_NAMES order."""
    r = rules.read(text)
    return [
        min(cue_risk, 8.0) / 4.0,
        float(min(r.affirmed, 3)),
        float(min(r.negated, 3)),
        float(min(r.historical, 3)),
        float(min(r.hypothetical, 3)),
        float(r.safety),
        float(r.other_person),
    ]


def with_context(own: np.ndarray) -> np.ndarray:
    """Each segment's embedding followed by the mean of its neighbours' (zeros when alone):
    "maybe 4/10" or "rope already bought" is risk by the words around it."""
    context = np.zeros_like(own)
    for i in range(len(own)):
        around = [own[k] for k in (i - 1, i + 1) if 0 <= k < len(own)]
        if around:
            context[i] = np.mean(around, axis=0)
    return np.hstack([own, context])


class RiskFinder(DataComponent):
    """Sets `segment._.risk` (a RiskCheck) on every segment."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        threshold: float = 0.15,
        rule_min: float = 4.0,
        veto: float = 0.05,
        unvetoed: float = 6.0,
        strong: float = 0.5,
        lone_threshold: float = 0.3,
        classifier: bool | None = None,
    ) -> None:
        self.name = name
        self.nlp = nlp
        self.threshold = threshold
        self.rule_min = rule_min
        self.veto = veto
        self.unvetoed = unvetoed
        self.strong = strong
        self.lone_threshold = lone_threshold
        self.use_classifier = classifier
        self.cues = CueScorer()
        self.rules = AssertionRules()
        self.head: RoleHead | None = None
        self.encoder: object | None = None

    def load(self, data: Path) -> None:
        """Load the role cues and assertion triggers, and the risk head unless switched off.

        The head reads the role tagger's encoder (loaded first, in pipeline order); without one,
        the risk check runs on the rules, with one warning, unless the head is required.
        """
        self.cues = CueScorer().load(data)
        self.rules = AssertionRules().load(data)
        self.head, self.encoder = None, None
        switched_off = getattr(self._tagger(), "use_classifier", None) is False
        if self.use_classifier is False or (self.use_classifier is None and switched_off):
            return  # the role classifier was switched off on purpose: rules, without a warning
        try:
            head = RoleHead.load(
                heads_dir(data).parent / HEAD_DIR, LABELS, "risk", "notewell train risk"
            )
            if head.features != FEATURE_NAMES:
                raise ResourceError(
                    "The risk classifier head was trained on other features than the rules give "
                    "now: run `notewell train risk`."
                )
            encoder = self._encoder(head)
        except ResourceError as exc:
            if self.use_classifier:
                raise
            warnings.warn(f"{str(exc).rstrip('.')}; {RULES_ONLY}.", RuntimeWarning, stacklevel=2)
            return
        self.head, self.encoder = head, encoder

    def _tagger(self) -> object | None:
        return self.nlp.get_pipe(ROLE_TAGGER) if ROLE_TAGGER in self.nlp.pipe_names else None

    def _encoder(self, head: RoleHead) -> object:
        """The role tagger's encoder, which must be the one the head was trained on."""
        classifier = getattr(self._tagger(), "classifier", None)
        encoder = getattr(classifier, "encoder", None)
        if encoder is None:
            raise ResourceError("The risk classifier needs the role classifier's encoder")
        if tuple(encoder.layers) != head.layers or encoder.quantized != head.quantized:
            raise ResourceError(
                "The risk classifier head was trained on other encoder layers than the role "
                "classifier's: run `notewell train risk`."
            )
        head.check_encoder(encoder.encode([PROBE_TEXT])[0], encoder.name)
        return encoder

    def probabilities(
        self, texts: list[str], features: list[list[float]]
    ) -> list[dict[str, float]]:
        """The head's P(label) for each text, or {} each without a head."""
        if self.head is None or not texts:
            return [{} for _ in texts]
        own = self.encoder.encode(list(texts))  # type: ignore[attr-defined]
        inputs = join_inputs(with_context(own) if self.head.context else own, features)
        rows = self.head.predict_proba(inputs)
        return [dict(zip(self.head.labels, map(float, row), strict=True)) for row in rows]

    def __call__(self, doc: Doc) -> Doc:
        segments = list(doc.spans["segments"])
        cue_risk = [self.cues.scores(s.text).get("risk", 0.0) for s in segments]
        features = [
            features_of(s.text, w, self.rules) for s, w in zip(segments, cue_risk, strict=True)
        ]
        probs = self.probabilities([s.text for s in segments], features)
        checks = [
            self.check(segment.text, segment._.decision.role, weight, p)
            for segment, weight, p in zip(segments, cue_risk, probs, strict=True)
        ]
        if not any(self._is_strong(c) for c in checks):
            checks = [self._alone(c) for c in checks]
        for segment, check in zip(segments, checks, strict=True):
            segment._.risk = check
        return doc

    def _is_strong(self, check: RiskCheck) -> bool:
        """A finding by the rules or the role tagger, or the head's at `strong` or more."""
        return check.risk and (check.source != "model" or (check.probability or 0.0) >= self.strong)

    def _alone(self, check: RiskCheck) -> RiskCheck:
        """In a note where nothing else is strong evidence of risk, the head's weak finding
        must reach `lone_threshold`: a sad quote in a calm note is not risk at P 0.2."""
        weak = (check.probability or 0.0) < self.lone_threshold
        if check.risk and check.source == "model" and weak:
            return RiskCheck(False, "model", check.probability, check.assertions)
        return check

    def check(self, text: str, role: str, cue_risk: float, probs: dict[str, float]) -> RiskCheck:
        """Decide whether one segment holds risk."""
        p_risk = 1.0 - probs[NOT_RISK] if probs else None
        given = {a: probs[a] / p_risk for a in ASSERTIONS} if probs and p_risk else {}
        if role == "risk":
            return RiskCheck(True, "role", p_risk, given)
        if self.rules.is_someone_else(text):
            return RiskCheck(False, "rule", p_risk, given)
        if self.rules.is_idiom_only(text) and (p_risk is None or p_risk < IDIOM_SURE):
            return RiskCheck(False, "rule", p_risk, given)  # "dying to hear back"
        if cue_risk >= self.unvetoed or (
            cue_risk >= self.rule_min and (p_risk is None or p_risk >= self.veto)
        ):
            return RiskCheck(True, "rule", p_risk, given)
        if p_risk is not None and p_risk >= self.threshold:
            return RiskCheck(True, "model", p_risk, given)
        return RiskCheck(False, "model" if probs else "rule", p_risk, given)


@Language.factory(
    NAME,
    requires=["doc.spans", "span._.decision"],
    assigns=["span._.risk"],
    default_config={
        # the head's least P(risk) for filing a segment as risk: recall first, chosen on
        # corpora/risk/dev.jsonl (MODEL_CARD.md has the sweep)
        "threshold": 0.15,
        # the least risk cue weight (role_cues) with which the rules file a segment as risk
        "rule_min": 4.0,
        # with the head loaded, the rules' finding stands unless the head's P(risk) is below
        # this: the head has learned someone else's overdose and a paramedic's call
        "veto": 0.05,
        # a cue this strong stands whatever the head says (a PHQ-9 item 9 score)
        "unvetoed": 6.0,
        # the head's P(risk) that is strong evidence of risk in a note, like a rule's finding
        "strong": 0.5,
        # in a note without strong evidence, the head's least P(risk) for filing a segment:
        # chosen on the evaluation dev sets, where it drops 19 false items and no true one
        "lone_threshold": 0.3,
        # the learned risk head: true requires it, false never loads it, null uses it when the
        # role classifier's encoder is loaded
        "classifier": None,
    },
)
def make_risk_finder(
    nlp: Language,
    name: str,
    threshold: float,
    rule_min: float,
    veto: float,
    unvetoed: float,
    strong: float,
    lone_threshold: float,
    classifier: bool | None,
) -> RiskFinder:
    return RiskFinder(
        nlp,
        name,
        threshold=threshold,
        rule_min=rule_min,
        veto=veto,
        unvetoed=unvetoed,
        strong=strong,
        lone_threshold=lone_threshold,
        classifier=classifier,
    )
