"""What a piece of a jotting holds: content words, only session admin, or only who spoke.

Shared by the role tagger and the section extractor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span

CONTENT = re.compile(r"[^\W\d_]{2,}")
SHORTHAND = re.compile(r"\b(?:f/u|s/p|r/o|h/o|c/o|b/c|d/c)\b", re.IGNORECASE)
STOPWORDS = frozenset(
    "the a an and or of to in on for with at by it is was be he she they we i pt client his her "
    "their this that as so but min mins minutes hr hrs session visit".split()
)
# Words that only say what kind of session it was, where, and who came.
ADMIN_WORDS = re.compile(
    r"\b(?:session|sess|visit|video|phone|telehealth|virtual|in[- ]person|f2f|individual|family|"
    r"couples?|group|intake|appt|appointment|call|meeting|today|yesterday|with|w/|client|pt|"
    r"patient|min|mins|minutes?|hrs?|hours?|start|end|time|duration|total|am|pm|of|and|the|a|"
    r"at|on|for|from|to|dos|date|tx|therapy|scheduled|held|via|zoom|office|"
    r"clinic|home|school|counsell?ing|inpatient|outpatient|unit|ward|check[- ]in|seen|saw|met|"
    r"mom|mum|dad|stepdad|stepmom|mother|father|parents?|grandmother|grandfather|grandma|grandpa|"
    r"guardian|caregiver|foster|partner|wife|husband|both|alone|present|attended|joined|her|his|"
    r"their|sibling|son|daughter|brother|sister|members?|participants?|pts|attendees|"
    r"age|aged|yo|y/o|yrs?|years?|old|year|grade|last|first|part|rest|remaining|portion|half|"
    r"about|around|approx|approximately|note|notes|consult|consultation|dept|department|emergency|"
    r"counsell?or|therapist|clinician|psychologist|social worker|mon|tue|tues|wed|thu|thur|thurs|"
    r"fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"#|no\.?)\b",
    re.IGNORECASE,
)
AGE = re.compile(r"\b\d+\s*(?:yo|y/o|yrs?|years?[- ]old|-year-old|m/o|mo)\b|\bw/", re.IGNORECASE)
LEADING_ADMIN = re.compile(
    r"(?:(?:video|phone|telehealth|virtual|in[- ]person|individual|intake|today|yesterday)"
    r"(?:\s+(?:session|visit|call|check[- ]in))?|session|visit|appt)\b[\s,.:;-]*",
    re.IGNORECASE,
)


VERB_START = re.compile(
    r"^(?:think|talk|tell|call|ask|practice|practise|try|use|track|log|record|complete|fill|write|"
    r"read|notice|journal|monitor|schedule|plan|go|walk|do|keep|bring|delete|list|rate|make|spend|"
    r"set|reach|attend|share|review|explore|continue|start|begin|build|discuss|introduce|revisit|"
    r"address|work|focus|check|identify|drew|draw|practiced|reviewed|explored|discussed|mapped|"
    r"validated|reflected|identified|introduced|taught|hid|lost|heard|said|cried|named|used|"
    r"agreed|remembered|looked|made|sat|wrote|repeat|avoid|limit|reduce|increase|add|send|email|"
    r"text|meet|see|return|follow|consider|assess|invite|include|pick|choose|buy|find|put|eat|"
    r"sleep|drink|stop|wait|delay|leave|visit|join|prepare|create|develop|bring|praise|answer|apply|cook|"
    r"finish|invite|share|play|ask|call|book|wake|get|go|eat|notice|label|reward|ignore)\b",
    re.IGNORECASE,
)


def looks_like_verb(word: str) -> bool:
    """Whether `word` is a verb notes often open a clause with ("Cried", "review")."""
    return bool(VERB_START.match(word))


def has_content(piece: str) -> bool:
    """Whether `piece` holds a word that is not a stopword (or a shorthand such as "f/u")."""
    return bool(SHORTHAND.search(piece)) or any(
        w.lower() not in STOPWORDS for w in CONTENT.findall(piece)
    )


def admin_only(piece: str) -> bool:
    """Whether `piece` names only the session's kind, people and ages ("Mia (6)", "with mom")."""
    if not (ADMIN_WORDS.search(piece) or AGE.search(piece) or any(c.isdigit() for c in piece)):
        return not CONTENT.search(piece)  # "Grief" alone is a topic, not a name
    rest = ADMIN_WORDS.sub(" ", AGE.sub(" ", piece))
    words = CONTENT.findall(rest)
    # "Mia (6)" is a name; "Cried for 10 min" opens with a verb, capitalised as a sentence start
    return len(words) <= 2 and all(
        w[0].isupper() and not w.isupper() and not looks_like_verb(w) for w in words
    )


ATTRIBUTION = re.compile(
    r"\b(?:client|pt|patient|he|she|they|i|we|mom|dad|and|but|that|which|who|"
    r"said|says|stated|states|reported|reports|shared|calls|called|described|told|feeling|"
    r"feels|felt|like|as|it|this|was|is|quote|in|her|his|their|own|words|put|me|us|them|"
    r"asked|added|explained|the|a|to|of|about|when|unquote|end|close)\b",
    re.IGNORECASE,
)


def is_attribution_only(piece: str) -> bool:
    """Whether `piece` only says who spoke ("Pt said", "which Theo calls"), one name allowed."""
    rest = ATTRIBUTION.sub(" ", piece)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 1


def primary_session(spans: Iterable[Span]) -> list[tuple[int, int]]:
    """The mentions that give the session's facts: the first of each label (the finder ranks
    them); a later "f/u 11/25" is content."""
    seen: set[str] = set()
    out = []
    for span in spans:
        if span.label_ not in seen:
            seen.add(span.label_)
            out.append((span.start_char, span.end_char))
    return out
