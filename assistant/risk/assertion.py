"""The assertion of a risk statement, ConText-style: present, denied, historical or safety action.

A trigger (negation, history, hypothetical) governs the risk concepts after it up to the next
scope break (history both ways); a post-negation ("SI: none") governs the concept just before it,
a resolution ("SI is gone") the concepts before it. A statement is denied when every concept in
it is negated and nothing is affirmed ("denies SI but endorses passive thoughts" is present: the
"but" ends the denial's reach, and
"initially denied SI; later disclosed a plan" gives the present one); denied details ("no plan,
no intent") deny on their own but not after words that report an ideation ("wishes she could
disappear, no plan"). A wish worded with a negation ("hopes to not wake up") is a concept, not
a denial (a pseudo-negation), and a list item continues the denial before it ("denies SI, HI, or
any urges to hurt himself"). The triggers are the
risk_context lexicon. Where no trigger decides, the learned classifier's reading (when the
pipeline has one) or else "present" stands: a risk statement is reported risk unless its words
say otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..lexicon import PatternRule
from ..resources import load_rules
from ..vocab import ASSERTIONS

TRIGGER_KINDS = (
    "concept",
    "detail",
    "negation",
    "pseudo_negation",
    "idiom",
    "post_negation",
    "resolved",
    "history",
    "current",
    "hypothetical",
    "other_person",
    "safety_action",
    "scope_break",
    "bare_denial",
    "lead_in",
    "question",
    "follow_up",
)
CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
# Words that frame a statement without saying anything about risk.
FRAME_WORDS = frozenset(
    "and but the any has had have was were are for with per about asked reports reported "
    "says said states stated client pt patient she her his him they them their today also "
    "currently specific active current".split()
)
SAYS_MORE = 3  # content words beyond the denied details that make a statement a report
JOINER = re.compile(r"\s*(?:/|,|&|\+|and|or)\s*", re.IGNORECASE)
# What answers a question in the same statement: a reply, a reading, a rating or a quote.
ANSWER = re.compile(
    r"\b(?:denie[sd]|deny|denying|endorse[sd]?|endorsing|said|says|stated|states|reports?|"
    r"reported|answered|replied|responded|admitted|acknowledged|disclosed|none|nil|negative|"
    r"positive|no|yes|nope|nodded|shrugged|confirmed|agreed)\b|[:=\u2014\u2013\"\u201c]|\s-\s|\d"
    r"|[,;]|\b(?:and|but)\s+(?:she|he|they|client|pt)\b",
    re.IGNORECASE,
)
# Between a concept and the safety action it names the kind of: "DV hotline", "suicide
# prevention lifeline".
MODIFIES = re.compile(r"[ -]+(?:[A-Za-z]+ )?")
# Between a safety action and the risk it is about: "mother informed of the threat".
TOPIC_OF = re.compile(r"\s+(?:of|about|re:?|regarding)\s+(?:(?:the|a|an|his|her|their)\s+)?", re.I)
# ...unless the concept is reported as such ("endorses SI safety plan reviewed", dictated).
AFFIRMS = re.compile(
    r"\b(?:endorse[sd]?|endorsing|reports?|reported|disclos\w+|admit\w*|has|had|having|with|"
    r"states?|stated|positive for|experiencing)\s*$|(?:w/|\+)\s*$",
    re.IGNORECASE,
)
# What may lie between a denial and the next item of its list: concepts, commas and joiners,
# ending on one ("denies SI, HI, or" + "any urges to hurt himself").
LIST_TAIL = re.compile(r"[\s,/&+]*(?:\b(?:and|or|nor)\b[\s,/&+]*)*", re.IGNORECASE)
LIST_JOINED = re.compile(r"(?:\b(?:and|or|nor)|/|&|\+)\s*$", re.IGNORECASE)
ATTACHED = re.compile(r"(?:with(?:out)?\b|w/o?(?=\s))", re.IGNORECASE)
DESCRIPTION_WORDS = 5  # the longest comma-list item read as a detail of the risk before it
MODEL_MIN = 0.6  # the classifier's assertion is taken where no trigger decides, at this confidence


@dataclass(frozen=True)
class Reading:
    """What the triggers make of one statement."""

    affirmed: int  # concepts reported as such
    negated: int  # concepts under a negation or resolution
    historical: int  # concepts under a history trigger, in a statement with no current marker
    hypothetical: int  # concepts under "if", "in case"
    safety: bool  # names a safety action
    other_person: bool  # someone else's self-directed risk
    details_only: bool  # every negated concept is a detail (plan, intent, means)
    says_more: bool  # words outside the denials' reach ("wishes he could not wake up, no plan")

    @property
    def names_nothing(self) -> bool:
        """No risk concept in any reading, and no safety action."""
        return not (
            self.affirmed or self.negated or self.historical or self.hypothetical or self.safety
        )


class AssertionRules:
    """The risk_context triggers, compiled; `assert_statement` reads one statement."""

    def __init__(self) -> None:
        self.patterns: dict[str, list[re.Pattern[str]]] = {k: [] for k in TRIGGER_KINDS}

    def load(self, data: Path) -> AssertionRules:
        for rule in load_rules("risk_context", PatternRule, data):
            if rule.label not in self.patterns:
                raise ValueError(f"risk_context: unknown trigger kind {rule.label!r}")
            self.patterns[rule.label].append(rule.compile())
        return self

    def _spans(self, kind: str, text: str) -> list[tuple[int, int]]:
        return sorted((m.start(), m.end()) for p in self.patterns[kind] for m in p.finditer(text))

    def _negations(
        self, text: str, pseudo: list[tuple[int, int]] | None = None
    ) -> list[tuple[int, int]]:
        """The negation triggers, but not the "not" of a wish ("hopes to not wake up")."""
        pseudo = self._spans("pseudo_negation", text) if pseudo is None else pseudo
        return [
            (a, b)
            for a, b in self._spans("negation", text)
            if not any(p0 <= a and b <= p1 for p0, p1 in pseudo)
        ]

    def read(self, text: str) -> Reading:
        """Count the statement's concepts by how the triggers govern them."""
        safety = self._spans("safety_action", text)
        pseudo = self._spans("pseudo_negation", text)
        idioms = self._spans("idiom", text)  # "dying to see the show"
        # "plan" inside "safety plan" names the action, not a risk concept, and nor does the
        # concept that names the action's kind ("DV hotline", "SI safety plan") or what it is
        # about ("police notified of the threat")
        concepts = sorted(
            [
                (a, b)
                for a, b in self._spans("concept", text)
                if not any(s0 <= a and b <= s1 for s0, s1 in safety + pseudo + idioms)
                and not (
                    any(MODIFIES.fullmatch(text[b:s0]) for s0, _ in safety if s0 >= b)
                    and not AFFIRMS.search(text[:a])
                )
                and not any(TOPIC_OF.fullmatch(text[s1:a]) for _, s1 in safety if s1 <= a)
            ]
            + pseudo
        )
        breaks = [a for a, _ in self._spans("scope_break", text)]
        negations = self._negations(text, pseudo)
        history = self._spans("history", text)
        hypothetical = self._spans("hypothetical", text)
        current = bool(self._spans("current", text))

        def governed(triggers: list[tuple[int, int]], a: int, b: int, both: bool = False) -> bool:
            """Whether a trigger before the concept (or, with `both`, after it) reaches it."""
            for t0, t1 in triggers:
                if t1 <= a and not any(t1 <= k < a for k in breaks):
                    return True
                if both and t0 >= b and not any(b <= k < t0 for k in breaks):
                    return True
            return False

        details = self._spans("detail", text)
        affirmed = negated = historical = imagined = 0
        negated_details = True
        scopes: list[tuple[int, int]] = []  # from each negation to the concept it denies
        resolved = self._spans("resolved", text)

        def chain_end(b: int) -> int:
            """The end of a list of concepts starting at `b` ("SI/HI: denied" denies both)."""
            for c0, c1 in concepts:
                if c0 >= b and JOINER.fullmatch(text[b:c0]):
                    return chain_end(c1)
            return b

        for a, b in concepts:
            after = text[chain_end(b) :]
            if (
                governed(negations, a, b)
                or any(p.match(after) for p in self.patterns["post_negation"])
                or any(t0 >= b and not any(b <= k < t0 for k in breaks) for t0, _ in resolved)
            ):
                negated += 1
                negated_details &= any(d0 <= a and b <= d1 for d0, d1 in details)
                lead = [t0 for t0, t1 in negations if t1 <= a]
                scopes.append((max(lead) if lead else a, b))
            elif governed(hypothetical, a, b):
                imagined += 1
            elif governed(history, a, b, both=True) and not current:
                historical += 1
            else:
                affirmed += 1
        if not concepts and self._spans("bare_denial", text):
            negated = 1  # "none since 19": the denial, not the year, is what it says
        elif history and not current and not concepts:
            historical = 1
        # "no plan, no intent" alone denies; after other words ("wishes she could disappear,
        # no plan") it describes the ideation those words report. Words a negation reaches
        # ("hasn't taken any extra and doesn't intend to") report nothing.
        reach = scopes + [
            (t0, min([k for k in breaks if k >= t1], default=len(text))) for t0, t1 in negations
        ]
        beyond = [
            m.group()
            for m in CONTENT_WORD.finditer(text)
            if not any(a <= m.start() < b for a, b in reach)
            and m.group().lower() not in FRAME_WORDS
        ]
        return Reading(
            affirmed=affirmed,
            negated=negated,
            historical=historical,
            hypothetical=imagined,
            safety=bool(safety),
            other_person=bool(self._spans("other_person", text)),
            details_only=bool(scopes) and negated_details,
            says_more=len(beyond) >= SAYS_MORE,
        )

    def denial_continued(self, before: str) -> str:
        """The denial whose list the next words continue, or "": `before` (the words of the
        sentence before an item) ends on a negation, its concepts and a joiner ("denies SI, HI,
        or" before "any urges to hurt himself")."""
        if not LIST_JOINED.search(before):
            return ""
        for t0, t1 in reversed(self._negations(before)):
            rest = before[t1:]
            for a, b in sorted(self._spans("concept", rest), reverse=True):
                rest = rest[:a] + " " + rest[b:]
            if LIST_TAIL.fullmatch(rest):
                return before[t0:]
        return ""

    def assert_statement(
        self, text: str, model: Mapping[str, float] | None = None, before: str = ""
    ) -> str:
        """The assertion of one risk statement.

        Args:
            text: the statement (a risk item, or a reviewed line).
            model: the classifier's probability of each assertion, when the pipeline has one.
            before: the words of its sentence before it; a denial they end on reaches it.
        Returns:
            One of ASSERTIONS.
        """
        r = self.read(self.denial_continued(before) + text)
        if r.negated and not r.affirmed and not r.historical:
            # "no plan, no intent" denies; "wishes she could not wake up, no plan" reports
            return "present" if r.details_only and r.says_more else "denied"
        if r.safety and not r.affirmed:
            return "safety_action"
        if r.historical and not r.affirmed:
            return "historical"
        if r.affirmed:
            return "present"
        if model:
            best = max(ASSERTIONS, key=lambda k: model.get(k, 0.0))
            if model.get(best, 0.0) >= MODEL_MIN:
                return best
        return "present"

    def describes(self, statement: str, piece: str) -> bool:
        """Whether `piece`, the next item of a comma list, only describes the risk `statement`
        reports ("NSSI, recent, used for emotion regulation"; "passive SI, no plan"). It does when
        it opens on "with" or "without", or when it is short, names nothing or denies only details
        (plan, intent, means), and the statement reports a concept as such, now or in the past.
        After a denial, "appetite good" is a finding of its own; so are "none since 19" after a
        past act and "notified ex-wife via the victim advocate" as an act of its own."""
        if ATTACHED.match(piece):
            return True  # "SI, with a plan to overdose": the plan is part of the statement
        said, own = self.read(statement), self.read(piece)
        denies_details = own.details_only and not (own.affirmed or own.historical or own.safety)
        return (
            len(piece.split()) <= DESCRIPTION_WORDS
            and (own.names_nothing or denies_details)
            and bool(said.affirmed or said.historical)
        )

    def is_bare_lead_in(self, text: str) -> bool:
        """Whether the statement only introduces what was said ("When I asked how she sees the
        future she said"): it ends on a reporting verb and names no risk and no safety action."""
        if not self._spans("lead_in", text):
            return False
        return self.read(text).names_nothing

    def is_idiom_only(self, text: str) -> bool:
        """Whether the statement's only risk words are idioms ("this commute is killing me",
        "dying to see the show") and it names no safety action."""
        if not self._spans("idiom", text):
            return False
        return self.read(text).names_nothing

    def is_bare_question(self, text: str) -> bool:
        """Whether the statement is a question the clinician asked, with no answer in it
        ("Asked directly about SI", "Screened for HI"): the clinician's act, not a risk
        statement."""
        spans = self._spans("question", text)
        return bool(spans) and not ANSWER.search(text, spans[0][1])

    def is_follow_up(self, text: str) -> bool:
        """Whether the statement plans a contact with the client or those around them within
        days ("I'll call her Wednesday", "counselor check-in Thu")."""
        return bool(self._spans("follow_up", text))

    def is_someone_else(self, text: str) -> bool:
        """Whether the statement reports someone else's self-directed risk and none of the
        client's ("her brother attempted last year")."""
        r = self.read(text)
        return r.other_person and not r.safety
