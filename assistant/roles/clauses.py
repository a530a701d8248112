"""Reads a segment's clause from spaCy's parse: who does what, and whether in the session.

A clause whose subject is the client (a client word, a pronoun, a name, or no subject at all in a
jotting's telegraphic style) and whose past-tense verb is something done or shown in the room
("Reece threw a block", "shrugged through most of it") is the client's response. The same kind of
clause placed outside the session ("yelled at his son twice this week") is a topic. The word
classes live in the clause_words lexicon and the shared words lexicon.
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Span, Token

from ..lexicon import word_classes

BEHAVIOUR_WEIGHT = 2.0  # beats a block header's hint plus a weak topic word
OUTSIDE_WEIGHT = 2.0  # a past doing placed in the week: outvotes "twice", "this week" (homework)
PAST_TAGS = frozenset({"VBD", "VBN"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


class ClauseReader:
    """Role evidence from one segment's main clause (subject, verb lemma, tense, time words)."""

    def __init__(self) -> None:
        self.classes: dict[str, frozenset[str]] = {}
        # the client and the people with them, as the subject of what was done in the session
        self.people: frozenset[str] = frozenset()

    def load(self, data: Path) -> ClauseReader:
        """Read the word classes once (clause_words, and the shared words); returns self."""
        shared = word_classes("words", data)
        people = shared["client"] | shared["companions"]
        self.people = people | shared["group_as_one"]
        self.classes = word_classes("clause_words", data) | {
            "client_subject": people | shared["each_of_them"],
            "therapist_subject": shared["writer"],
            "report_verb": shared["reporting_verbs"] | shared["account_verbs"],
        }
        return self

    def _in(self, name: str, word: str) -> bool:
        return word.lower() in self.classes.get(name, frozenset())

    def scores(self, segment: Span) -> dict[str, float]:
        """Role -> weight from the segment's clause; empty when the parse says nothing clear.

        Args:
            segment: one segment of a parsed doc.
        Returns:
            {"client_response": w} for an in-session behaviour of the client, {"topic": w} for
            the client's doing placed outside the session, else {}.
        """
        head = _clause_head(segment)
        if head is None or not self._client_did(segment, head):
            return {}
        words = {t.lower_ for t in segment if t.is_alpha}
        outside = any(self._in("outside_time", w) for w in words)
        inside = any(self._in("session_time", w) for w in words)
        shown = self._presentation(head)
        if (shown or self._in("session_behaviour", head.lemma_)) and (inside or not outside):
            if shown or head.tag_ in PAST_TAGS:
                return {"client_response": BEHAVIOUR_WEIGHT}
        if (
            outside
            and not inside
            and head.tag_ in PAST_TAGS
            and _subject(head) is not None
            and not self._in("report_verb", head.lemma_)  # what was reported: the cues judge
        ):
            return {"topic": OUTSIDE_WEIGHT}
        return {}

    def _client_did(self, segment: Span, head: Token) -> bool:
        """Whether the clause's subject is the client (or left out, as jottings do)."""
        subject = _subject(head)
        first = next((t for t in segment if t.is_alpha), None)
        if first is None:
            return False
        if subject is None:
            return first.i == head.i  # "Laughed twice", "Engaged"
        if subject.left_edge.i > first.i + 1 or self._in("therapist_subject", subject.lower_):
            return False  # the segment opens with something else ("Breathalyser offered, she ...")
        return (
            self._in("client_subject", subject.lower_)
            or self._in("client_body", subject.lower_)
            # a name; the small tagger often takes an unknown name for a noun ("Reece threw")
            or (subject.pos_ in ("PROPN", "NOUN") and subject.is_title and subject.n_lefts == 0)
        )

    def _presentation(self, head: Token) -> bool:
        """Whether the clause says how the client came across ("was tearful", "she seemed calm")."""
        if head.lemma_ not in ("be", "seem", "appear", "look", "become", "get", "remain"):
            return False
        return any(
            c.dep_ in ("acomp", "attr", "oprd") and self._in("presentation", c.lower_)
            for c in head.children
        )


def _clause_head(segment: Span) -> Token | None:
    """The segment's highest verb: its own root, or the verb whose head lies outside it."""
    tops = [t for t in segment if t.head.i == t.i or not segment.start <= t.head.i < segment.end]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")]
    return verbs[0] if verbs else None


def _subject(head: Token) -> Token | None:
    """The verb's subject, or that of the verb it is coordinated with ("... and he returned")."""
    for token in (head, head.head if head.dep_ == "conj" else None):
        if token is None:
            continue
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
    return None
