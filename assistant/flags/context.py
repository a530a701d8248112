"""Context rules of the flag finder: when wording that looks like a judgment is not one.

Each predicate looks at one candidate flag (a spaCy Span) in its sentence: negated, reported by
someone else or credited to them ("per staff"), backed by stated evidence, about someone other
than the client, part of a compound or a diagnosis name, a scare quote that names a thing rather
than doubting the client's word; and the helpers that widen a flag to the whole phrase a trainee
should rewrite (copula, object, clause). The word classes they read come from the lexicons
flag_context, words (client, writer, verbs of saying and thinking) and quote_marks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import islice
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..lexicon import NoWords, word_classes

MAX_LEFT = 4  # tokens of copula and hedge a label may take in
MAX_COMPLEMENT = 5  # tokens after the preposition
MAX_COMPLEMENT_CHARS = 44
# Reported content sits close to its verb; further away, a run-on jotting has moved on.
MAX_REPORT_DISTANCE = 10
MAX_ATTRIBUTION = 8  # tokens after a label within which "per staff" credits it to someone
CHILD_WINDOW = 16


def in_compound(span: Span) -> bool:
    """The label ends a hyphenated compound ("treatment-resistant"), which names something else."""
    doc = span.doc
    i = span.start
    if i < 2 or doc[i - 1].text != "-":
        return False
    return not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_


def names_something_else(span: Span, nouns: frozenset[str]) -> bool:
    """ "defensive driving", "hostile work environment": the label is part of another name."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    root = span.root
    head = root.head.lower_ if root.dep_ in {"amod", "compound"} else ""
    return after in nouns or head in nouns


def near_children(token: Token) -> Iterator[Token]:
    """The token's syntactic children within a few words of it: in real sentences that is all
    that matter, and it keeps a degenerate parse (one head with thousands of children, as in
    20,000 characters of punctuation) from making every check linear in the document."""
    doc = token.doc
    for t in doc[max(0, token.i - CHILD_WINDOW) : token.i + CHILD_WINDOW + 1]:
        if t.head.i == token.i and t.i != token.i:
            yield t


class FlagContext:
    """The context predicates over the word classes of the lexicons."""

    def __init__(self, words: Mapping[str, frozenset[str]]) -> None:
        """Take the word classes by name (see `load`)."""
        self.negators = words["negators"]
        self.clause_breaks = words["clause_breaks"]
        self.copulas = words["copulas"]
        self.hedges = words["hedges"]
        self.reporting = (
            words["reporting_verbs"]
            | words["thinking_verbs"]
            | words["crediting_verbs"]
            | words["explaining_verbs"]
        )
        self.naming_verbs = words["naming_verbs"]
        self.naming_nouns = words["naming_nouns"]
        self.time_nouns = words["time_nouns"]
        self.articles = words["articles"]
        self.clause_ends = words["clause_ends"]
        self.writer = words["writer"]
        self.others = words["others"]
        self.client = words["client"] | words["speaker_pronouns"]
        self.diagnosis_next = words["diagnosis_next"]
        self.evidence_openers = words["evidence_openers"]
        self.quote_marks = words["quote_marks"]
        self.complement_prepositions = words["complement_prepositions"]
        self.person_nouns = words["person_nouns"]
        self.person_modifiers = words["person_modifiers"]
        self.not_attributions = words["not_attributions"]
        self.company = words["company"]

    @classmethod
    def empty(cls) -> FlagContext:
        """Context rules with no words, until the component is initialized."""
        return cls(NoWords())

    @classmethod
    def load(cls, data: Path) -> FlagContext:
        """Read the word classes of the flag_context, words and quote_marks lexicons."""
        words = word_classes("flag_context", data) | word_classes("words", data)
        words["quote_marks"] = frozenset().union(*word_classes("quote_marks", data).values())
        return cls(words)

    def doubting(self, span: Span) -> bool:
        """Scare quotes read as doubt only around one word of the client's account.

        Client "forgot" her homework, was "sick", her "boyfriend": yes. A phrase ('worry monster'),
        a capitalised skill name ('TIPP'), a word after a verb of saying or doing (answered 'dunno',
        practised 'grounding') or after an article (a 'bad' day) names or repeats something; the
        parser's tags are no guide here, as it reads a quoted verb as a noun.
        """
        inner = span.text.strip("".join(self.quote_marks)).strip()
        if len(inner.split()) != 1 or (inner.isupper() and len(inner) > 1):
            return False
        doc = span.doc
        i = span.start - 1
        while i >= 0 and doc[i].text in self.quote_marks:
            i -= 1
        if i < 0:
            return True
        before = doc[i]
        if (
            before.lower_ in self.articles
            or before.lemma_.lower() in self.naming_verbs | self.naming_nouns
        ):
            return False
        if self._names_a_thing(doc, span.end):
            return False
        # a capitalised verb opening a line is often tagged a proper noun, its lemma left as is
        return not any(before.lower_.startswith(v) for v in self.naming_verbs if len(v) >= 4)

    def _names_a_thing(self, doc: Doc, end: int) -> bool:
        """After the quote: a gloss in brackets ('firsts' (first Christmas)), the noun it labels
        ('tired' cards), or another quoted word in a list ('tired' and 'home'): a named item."""
        j = end
        while j < len(doc) and doc[j].text in self.quote_marks:
            j += 1
        if j >= len(doc):
            return False
        nxt = doc[j]
        if nxt.text == "(":
            return True
        if (
            nxt.lower_ in {"and", "or", ","}
            and j + 1 < len(doc)
            and doc[j + 1].text in self.quote_marks
        ):
            return True
        return nxt.tag_ == "NNS" and nxt.lower_ not in self.time_nouns

    def with_quote_marks(self, span: Span) -> Span:
        """The span with the quote marks around it, so the flag shows what to remove."""
        doc = span.doc
        start, end = span.start, span.end
        if start > 0 and doc[start - 1].text in self.quote_marks:
            start -= 1
        if end < len(doc) and doc[end].text in self.quote_marks:
            end += 1
        return doc[start:end]

    def take_in_copula(self, span: Span) -> Span:
        """Extend a label left over "seemed", "was being", "a bit" so the phrase reads whole."""
        doc = span.doc
        i = span.start
        leftmost_copula = None
        adverb_start = span.start
        while i > 0 and span.start - i < MAX_LEFT and not doc[i].is_sent_start:
            prev = doc[i - 1]
            if prev.lemma_.lower() in self.copulas or prev.lower_ in self.hedges:
                i -= 1
                if prev.lemma_.lower() in self.copulas:
                    leftmost_copula = i
                elif leftmost_copula is None and prev.pos_ == "ADV" and adverb_start == i + 1:
                    adverb_start = i
            else:
                break
        start = leftmost_copula if leftmost_copula is not None else adverb_start
        return doc[start : span.end]

    def names_diagnosis(self, span: Span) -> bool:
        """A label naming a diagnosis ("oppositional defiant disorder") is a finding."""
        doc = span.doc
        for token in doc[span.end : span.end + 2]:
            if token.lower_ in self.diagnosis_next:
                return True
        return False

    def about_someone_else(self, span: Span) -> bool:
        """The label's subject is a named relation (mother, boss), not the client."""
        root = span.root
        heads = (
            [root, root.head] if root.dep_ in {"acomp", "oprd", "attr", "conj", "xcomp"} else [root]
        )
        for head in heads:
            for child in near_children(head):
                if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in self.others:
                    return True
                if (
                    child.dep_ == "nsubj"
                    and child.pos_ == "NOUN"
                    and child.lemma_.lower() in self.others
                ):
                    return True
        if root.dep_ == "amod" and root.head.lemma_.lower() in self.others:
            return True
        return False

    def take_in_object(self, span: Span, *, complement: bool = True) -> Span:
        """Take in the label's complement: a one-word object after "to" ("resistant to change") or
        a short phrase after "about", "with", "over" ("lazy about using the planner")."""
        doc = span.doc
        end = span.end
        if end + 1 < len(doc) and doc[end].lower_ == "to" and doc[end + 1].pos_ in {"NOUN", "VERB"}:
            if end + 2 >= len(doc) or doc[end + 2].pos_ not in {"NOUN", "PROPN", "ADP", "DET"}:
                return doc[span.start : end + 2]
        person = self._person_noun_end(doc, end)
        if person is not None:
            return doc[span.start : person]
        if complement and end + 1 < len(doc) and doc[end].lower_ in self.complement_prepositions:
            stop = self.take_in_clause(doc[span.start : end + 1], MAX_COMPLEMENT).end
            # a new subject ("the planner we set up") starts a clause of its own
            stop = next((t.i for t in doc[end + 1 : stop] if t.dep_.startswith("nsubj")), stop)
            if stop > end + 1 and len(doc[span.start : stop].text) <= MAX_COMPLEMENT_CHARS:
                return doc[span.start : stop]
        return span

    def _person_noun_end(self, doc: Doc, end: int) -> int | None:
        """Where the person a label names ends: "stubborn little girl", "a defiant so and so"."""
        j = end
        while j < len(doc) and j - end < 2 and doc[j].lower_ in self.person_modifiers:
            j += 1
        if j < len(doc) and doc[j].lower_ in self.person_nouns:
            if doc[j : j + 3].text.lower() == "so and so":
                return j + 3
            return j + 1 if doc[j].lower_ != "so" else None
        return None

    def take_in_clause(self, span: Span, limit: int) -> Span:
        """Extend a construction to the end of its clause, at most `limit` tokens."""
        doc = span.doc
        end = span.end
        while end < len(doc) and end - span.end < limit:
            token = doc[end]
            if (
                token.text in self.clause_breaks
                or token.text in self.quote_marks
                or token.is_sent_start
            ):
                break
            if token.lower_ in self.clause_ends or token.text == "\n" or "\n" in token.text:
                break
            end += 1
        return doc[span.start : end]

    def about_the_client(self, span: Span) -> bool:
        """The label's clause has no subject, or its subject is the client (a pronoun, a name)."""
        root = span.root
        head = root.head if root.dep_ in {"acomp", "oprd", "attr", "conj", "xcomp"} else root
        subjects = [c for c in near_children(head) if c.dep_ in {"nsubj", "nsubjpass"}]
        return all(s.lower_ in self.client or s.pos_ == "PROPN" for s in subjects)

    def negated(self, span: Span) -> bool:
        """A negator shortly before the phrase in the same clause, or a `neg` child of its head."""
        doc = span.doc
        for i in range(span.start - 1, max(span.start - 4, -1), -1):
            token = doc[i]
            if token.text in self.clause_breaks:
                break
            if token.lower_ in self.negators:
                return True
            if token.is_sent_start:
                break
        # A coordinated verb has its own polarity ("didn't bother to ... and made excuses"), and
        # a sentence adverb is not negated by its verb ("supposedly hasn't used").
        root = span.root
        own = (root.dep_ == "conj" and root.pos_ == "VERB") or root.pos_ == "ADV"
        heads = [root] if own else [root, root.head]
        for token in heads:
            for child in near_children(token):
                if child.dep_ == "neg" and not (span.start <= child.i < span.end):
                    return True
        return False

    def reported(self, span: Span) -> bool:
        """The label is the content of a reporting verb before it whose subject is not the writer.

        "described herself as lazy", "reported feeling unmotivated", "says his dad calls him lazy";
        not "I reflected ...", and not when a whole quotation stands between the verb and the label
        (in run-on jottings the parser often hangs the next sentence on the last "said", hence also
        the distance limit).
        """
        doc = span.doc
        for ancestor in islice(span.root.ancestors, 4):
            lemma = ancestor.lemma_.lower()
            if lemma in {"seem", "appear", "look"}:
                return False
            if any(self._is_writer(c) for c in near_children(ancestor) if c.dep_ == "nsubj"):
                return False
            near = 0 < span.start - ancestor.i <= MAX_REPORT_DISTANCE
            if lemma in self.reporting and ancestor.pos_ in {"VERB", "AUX"} and near:
                marks = sum(
                    1 for t in doc[ancestor.i + 1 : span.start] if t.text in self.quote_marks
                )
                return marks < 2
        return False

    def attributed(self, span: Span) -> bool:
        """Someone else's account, credited after the words: "hostile on the ward per staff",
        "lazy according to his dad"; the writer passes it on rather than judging."""
        doc = span.doc
        for i in range(span.end, min(span.end + MAX_ATTRIBUTION, len(doc))):
            token = doc[i]
            if token.text in self.clause_breaks - {","} or token.is_sent_start:
                return False
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is None:
                return False
            if token.lower_ == "per" and nxt.pos_ in {"NOUN", "PROPN", "DET", "PRON"}:
                return nxt.lower_ not in self.not_attributions
            if token.lower_ == "according" and nxt.lower_ == "to":
                return True
        return False

    def in_signature(self, span: Span) -> bool:
        """After a person's name or another credential ("Dana Reyes, PsyD", "LCSW, LCADC"): the
        letters of a signature or a name's title, not a word of the sentence ("an LCSW")."""
        doc = span.doc
        i = span.start - 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        if i < 0:
            return False
        prev = doc[i]
        if prev.is_stop or prev.lower_ in self.client:
            return False
        capitals = sum(c.isupper() for c in prev.text)
        if capitals < 2 and prev.is_sent_start:
            return False  # "Contacted LADC re: lapse": a capital that starts the sentence
        return prev.text[:1].isupper() and (prev.pos_ == "PROPN" or capitals >= 2)

    def _is_writer(self, token: Token) -> bool:
        return token.lower_ in self.writer

    def _keeps_company(self, doc: Doc, i: int) -> bool:
        """ "with the group", "with me", "with her mother": whom, not what was seen ("tears")."""
        if doc[i].lower_ not in {"with", "w/"} or i + 1 >= len(doc):
            return False
        nxt = doc[i + 1]
        if nxt.lemma_.lower() in self.others or nxt.lower_ in self.company:
            return True
        return nxt.pos_ == "DET" or (
            nxt.lower_ in {"her", "his", "their"}
            and i + 2 < len(doc)
            and doc[i + 2].lemma_.lower() in self.others
        )

    def evidence_follows(self, span: Span) -> bool:
        """Observations follow the inference: "(fidgeting)", "as evidenced by", ", pacing"."""
        doc = span.doc
        i = span.end
        while i < len(doc) and doc[i].pos_ in {"ADJ", "CCONJ", "ADV"}:
            i += 1
        if i >= len(doc):
            return False
        rest = doc[i : i + 6].text[:20].lower()
        if self._keeps_company(doc, i):
            i += 2  # "seemed irritated with me (short answers)": look past whom it was with
            while i < len(doc) and doc[i].pos_ in {"NOUN", "PROPN"}:
                i += 1
            if i >= len(doc):
                return False
            rest = doc[i : i + 6].text[:20].lower()
        if any(rest.startswith(opener) for opener in self.evidence_openers):
            return True
        if doc[i].text in {",", ":", "-", "–", "—", ";"} and i + 1 < len(doc):
            nxt = doc[i + 1]
            return doc[i].text == ":" or nxt.tag_ == "VBG"
        return False
