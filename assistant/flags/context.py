"""Context rules of the language review: when wording that looks like a judgment is not one.

Each predicate looks at one candidate flag (a spaCy Span) in its sentence: negated, reported by
someone else or credited to them ("per staff"), backed by stated evidence, about someone other
than the client, part of a compound or a diagnosis name, a scare quote that names a thing rather
than doubting the client's word; and the helpers that widen a flag to the whole phrase a trainee
should rewrite (copula, object, clause). Used by flag_finder.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from spacy.tokens import Doc, Span, Token

NEGATORS = frozenset(
    {"not", "n't", "no", "never", "without", "nor", "none", "deny", "denies", "denied", "less"}
)
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", ".", "!", "?", "-", "–", "—", "/"})
# A copula or perception verb before a label belongs to the flagged phrase ("seemed", "was being").
COPULAS = frozenset(
    {"be", "seem", "appear", "look", "get", "become", "act", "sound", "come", "grow", "present"}
)
HEDGES = frozenset(
    {
        "very",
        "quite",
        "a",
        "bit",
        "little",
        "somewhat",
        "really",
        "extremely",
        "rather",
        "slightly",
        "kind",
        "sort",
        "of",
        "so",
        "too",
        "more",
        "increasingly",
        "overly",
        "fairly",
        "pretty",
        "highly",
        "again",
        "still",
        "being",
        "across",
        "as",
        "clearly",
        "obviously",
        "to",
    }
)
# Verbs that make a label someone's report rather than the writer's inference.
REPORTING = frozenset(
    {
        "say",
        "report",
        "state",
        "describe",
        "feel",
        "call",
        "worry",
        "fear",
        "believe",
        "think",
        "tell",
        "complain",
        "express",
        "label",
        "admit",
        "endorse",
        "wonder",
        "accuse",
        "consider",
        "share",
        "mention",
        "acknowledge",
        "name",
        "deny",
        "identify",
    }
)
# Verbs whose quoted object is a word said or a thing named, not the writer's doubt.
NAMING = frozenset(
    {
        "say",
        "answer",
        "reply",
        "respond",
        "call",
        "name",
        "label",
        "write",
        "text",
        "mutter",
        "shout",
        "whisper",
        "ask",
        "practise",
        "practice",
        "teach",
        "introduce",
        "use",
        "cover",
        "make",
        "draw",
        "explain",
        "review",
        "try",
        "do",
        "learn",
        "choose",
        "pick",
        "add",
        "list",
    }
)
# Nouns before a quoted word that make it a word named, not the writer's doubt (cue word "big");
# a mental-state exam records mood in the client's own words (mood "ok").
NAMING_NOUNS = frozenset(
    {
        "word",
        "cue",
        "phrase",
        "term",
        "mantra",
        "label",
        "card",
        "motto",
        "slogan",
        "name",
        "nickname",
        "mood",
    }
)
TIME_NOUNS = frozenset(
    {"days", "weeks", "months", "nights", "mornings", "evenings", "times", "hours"}
)
ARTICLES = frozenset({"a", "an", "the", "this", "that", "these", "those", "some", "any"})
# Words that end the clause a mind-reading construction is read to.
CLAUSE_ENDS = frozenset({"and", "but", "so", "then", "when", "while", "although", "though"})
WRITER = frozenset({"i", "we", "therapist", "clinician", "writer", "counselor", "counsellor"})
# A label whose subject is one of these describes someone else, not the client.
OTHERS = frozenset(
    {
        "mother",
        "mom",
        "mum",
        "father",
        "dad",
        "parent",
        "parents",
        "sister",
        "brother",
        "partner",
        "husband",
        "wife",
        "boss",
        "teacher",
        "friend",
        "boyfriend",
        "girlfriend",
        "coworker",
        "colleague",
        "roommate",
        "son",
        "daughter",
        "family",
        "ex",
        "staff",
        "school",
        "manager",
        "grandmother",
        "grandfather",
        "stepfather",
        "stepmother",
        "landlord",
        "doctor",
        "psychiatrist",
        "member",
        "members",
        "peer",
        "peers",
        "others",
        "facilitator",
        "nurse",
        "police",
        "neighbour",
        "neighbor",
        "driver",
        "stranger",
        "ex-partner",
        "ex-husband",
        "ex-wife",
    }
)
# Subjects that make a label the writer's word about the client.
CLIENT_WORDS = frozenset(
    {
        "client",
        "pt",
        "patient",
        "he",
        "she",
        "they",
        "teen",
        "child",
        "boy",
        "girl",
        "adolescent",
        "youth",
        "student",
        "i",
        "you",
    }
)
# A label followed by these names a diagnosis, an assessed finding rather than a judgment.
DIAGNOSIS_NEXT = frozenset({"disorder", "disorders", "personality", "pd", "depression", "type"})
EVIDENCE_OPENERS = (
    "(",
    "[",
    "as evidenced",
    "evidenced by",
    "as shown",
    "shown by",
    "as seen",
    "e.g.",
    "eg ",
    "based on",
    "given ",
    "with ",
)
QUOTE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''", "«", "»"})
MAX_LEFT = 4  # tokens of copula and hedge a label may take in
# A label's complement belongs to the phrase to rewrite ("lazy about the diary"), within limits.
COMPLEMENT_PREPOSITIONS = frozenset(
    {"about", "with", "over", "regarding", "around", "towards", "toward"}
)
MAX_COMPLEMENT = 5  # tokens after the preposition
# The person a label names belongs to the phrase too ("stubborn little girl").
PERSON_NOUNS = frozenset(
    {"girl", "boy", "man", "woman", "lady", "guy", "kid", "child", "teen", "teenager", "person"}
    | {"individual", "character", "madam", "so"}
)
MAX_COMPLEMENT_CHARS = 44
# Reported content sits close to its verb; further away, a run-on jotting has moved on.
MAX_REPORT_DISTANCE = 10
MAX_ATTRIBUTION = 8  # tokens after a label within which "per staff" credits it to someone


def doubting(span: Span) -> bool:
    """Scare quotes read as doubt only around one word of the client's account.

    Client "forgot" her homework, was "sick", her "boyfriend": yes. A phrase ('worry monster'),
    a capitalised skill name ('TIPP'), a word after a verb of saying or doing (answered 'dunno',
    practised 'grounding') or after an article (a 'bad' day) names or repeats something; the
    parser's tags are no guide here, as it reads a quoted verb as a noun.
    """
    inner = span.text.strip("".join(QUOTE_MARKS)).strip()
    if len(inner.split()) != 1 or (inner.isupper() and len(inner) > 1):
        return False
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].text in QUOTE_MARKS:
        i -= 1
    if i < 0:
        return True
    before = doc[i]
    if before.lower_ in ARTICLES or before.lemma_.lower() in NAMING | NAMING_NOUNS:
        return False
    if _names_a_thing(doc, span.end):
        return False
    # a capitalised verb opening a line is often tagged a proper noun, its lemma left as is
    return not any(before.lower_.startswith(v) for v in NAMING if len(v) >= 4)


def _names_a_thing(doc: Doc, end: int) -> bool:
    """After the quote: a gloss in brackets ('firsts' (first Christmas)), the noun it labels
    ('tired' cards), or another quoted word in a list ('tired' and 'home'): a named item."""
    j = end
    while j < len(doc) and doc[j].text in QUOTE_MARKS:
        j += 1
    if j >= len(doc):
        return False
    nxt = doc[j]
    if nxt.text == "(":
        return True
    if nxt.lower_ in {"and", "or", ","} and j + 1 < len(doc) and doc[j + 1].text in QUOTE_MARKS:
        return True
    return nxt.tag_ == "NNS" and nxt.lower_ not in TIME_NOUNS


def with_quote_marks(span: Span) -> Span:
    """The span with the quote marks around it, so the flag shows what to remove."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 0 and doc[start - 1].text in QUOTE_MARKS:
        start -= 1
    if end < len(doc) and doc[end].text in QUOTE_MARKS:
        end += 1
    return doc[start:end]


def take_in_copula(span: Span) -> Span:
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


def in_compound(span: Span) -> bool:
    """The label ends a hyphenated compound ("treatment-resistant"), which names something else."""
    doc = span.doc
    i = span.start
    if i < 2 or doc[i - 1].text != "-":
        return False
    return not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_


def names_diagnosis(span: Span) -> bool:
    """A label naming a diagnosis ("oppositional defiant disorder") is a finding."""
    doc = span.doc
    for token in doc[span.end : span.end + 2]:
        if token.lower_ in DIAGNOSIS_NEXT:
            return True
    return False


def names_something_else(span: Span, nouns: frozenset[str]) -> bool:
    """ "defensive driving", "hostile work environment": the label is part of another name."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    root = span.root
    head = root.head.lower_ if root.dep_ in {"amod", "compound"} else ""
    return after in nouns or head in nouns


CHILD_WINDOW = 16


def near_children(token: Token) -> Iterator[Token]:
    """The token's syntactic children within a few words of it: in real sentences that is all
    that matter, and it keeps a degenerate parse (one head with thousands of children, as in
    20,000 characters of punctuation) from making every check linear in the document."""
    doc = token.doc
    for t in doc[max(0, token.i - CHILD_WINDOW) : token.i + CHILD_WINDOW + 1]:
        if t.head.i == token.i and t.i != token.i:
            yield t


def about_someone_else(span: Span) -> bool:
    """The label's subject is a named relation (mother, boss), not the client."""
    root = span.root
    heads = [root, root.head] if root.dep_ in {"acomp", "oprd", "attr", "conj", "xcomp"} else [root]
    for head in heads:
        for child in near_children(head):
            if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in OTHERS:
                return True
            if child.dep_ == "nsubj" and child.pos_ == "NOUN" and child.lemma_.lower() in OTHERS:
                return True
    if root.dep_ == "amod" and root.head.lemma_.lower() in OTHERS:
        return True
    return False


def take_in_object(span: Span, *, complement: bool = True) -> Span:
    """Take in the label's complement: a one-word object after "to" ("resistant to change") or
    a short phrase after "about", "with", "over" ("lazy about using the planner")."""
    doc = span.doc
    end = span.end
    if end + 1 < len(doc) and doc[end].lower_ == "to" and doc[end + 1].pos_ in {"NOUN", "VERB"}:
        if end + 2 >= len(doc) or doc[end + 2].pos_ not in {"NOUN", "PROPN", "ADP", "DET"}:
            return doc[span.start : end + 2]
    person = _person_noun_end(doc, end)
    if person is not None:
        return doc[span.start : person]
    if complement and end + 1 < len(doc) and doc[end].lower_ in COMPLEMENT_PREPOSITIONS:
        stop = take_in_clause(doc[span.start : end + 1], MAX_COMPLEMENT).end
        # a new subject ("the planner we set up") starts a clause of its own
        stop = next((t.i for t in doc[end + 1 : stop] if t.dep_.startswith("nsubj")), stop)
        if stop > end + 1 and len(doc[span.start : stop].text) <= MAX_COMPLEMENT_CHARS:
            return doc[span.start : stop]
    return span


def _person_noun_end(doc: Doc, end: int) -> int | None:
    """Where the person a label names ends: "stubborn little girl", "a defiant little so and so"."""
    j = end
    while j < len(doc) and j - end < 2 and doc[j].lower_ in {"little", "young", "old", "wee"}:
        j += 1
    if j < len(doc) and doc[j].lower_ in PERSON_NOUNS:
        if doc[j : j + 3].text.lower() == "so and so":
            return j + 3
        return j + 1 if doc[j].lower_ != "so" else None
    return None


def take_in_clause(span: Span, limit: int) -> Span:
    """Extend a construction to the end of its clause, at most `limit` tokens."""
    doc = span.doc
    end = span.end
    while end < len(doc) and end - span.end < limit:
        token = doc[end]
        if token.text in CLAUSE_BREAKS or token.text in QUOTE_MARKS or token.is_sent_start:
            break
        if token.lower_ in CLAUSE_ENDS or token.text == "\n" or "\n" in token.text:
            break
        end += 1
    return doc[span.start : end]


def about_the_client(span: Span) -> bool:
    """The label's clause has no subject, or its subject is the client (pronoun, name, client)."""
    root = span.root
    head = root.head if root.dep_ in {"acomp", "oprd", "attr", "conj", "xcomp"} else root
    subjects = [c for c in near_children(head) if c.dep_ in {"nsubj", "nsubjpass"}]
    return all(s.lower_ in CLIENT_WORDS or s.pos_ == "PROPN" for s in subjects)


def negated(span: Span) -> bool:
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


def reported(span: Span) -> bool:
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
        if any(_is_writer(c) for c in near_children(ancestor) if c.dep_ == "nsubj"):
            return False
        near = 0 < span.start - ancestor.i <= MAX_REPORT_DISTANCE
        if lemma in REPORTING and ancestor.pos_ in {"VERB", "AUX"} and near:
            marks = sum(1 for t in doc[ancestor.i + 1 : span.start] if t.text in QUOTE_MARKS)
            return marks < 2
    return False


def attributed(span: Span) -> bool:
    """Someone else's account, credited after the words: "hostile on the ward per staff",
    "lazy according to his dad"; the writer passes it on rather than judging."""
    doc = span.doc
    for i in range(span.end, min(span.end + MAX_ATTRIBUTION, len(doc))):
        token = doc[i]
        if token.text in CLAUSE_BREAKS - {","} or token.is_sent_start:
            return False
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is None:
            return False
        if token.lower_ == "per" and nxt.pos_ in {"NOUN", "PROPN", "DET", "PRON"}:
            return nxt.lower_ not in {"week", "day", "session", "month", "cent"}
        if token.lower_ == "according" and nxt.lower_ == "to":
            return True
    return False


def _is_writer(token: Token) -> bool:
    return token.lower_ in WRITER


def _keeps_company(doc: Doc, i: int) -> bool:
    """ "with the group", "with me", "with her mother": whom, not what was seen ("with tears")."""
    if doc[i].lower_ not in {"with", "w/"} or i + 1 >= len(doc):
        return False
    nxt = doc[i + 1]
    if nxt.lemma_.lower() in OTHERS or nxt.lower_ in {"me", "us", "him", "them", "staff", "peers"}:
        return True
    return nxt.pos_ == "DET" or (
        nxt.lower_ in {"her", "his", "their"}
        and i + 2 < len(doc)
        and doc[i + 2].lemma_.lower() in OTHERS
    )


def evidence_follows(span: Span) -> bool:
    """Observations follow the inference: "(fidgeting)", "as evidenced by", ", pacing"."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].pos_ in {"ADJ", "CCONJ", "ADV"}:
        i += 1
    if i >= len(doc):
        return False
    rest = doc[i : i + 6].text[:20].lower()
    if _keeps_company(doc, i):
        i += 2  # "seemed irritated with me (short answers)": look past whom it was with
        while i < len(doc) and doc[i].pos_ in {"NOUN", "PROPN"}:
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
