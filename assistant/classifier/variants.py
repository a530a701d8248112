"""Systematic rewrites of hand-written seed segments: shorthand, dictation, writer's headers.

Therapists write the same sentence many ways; the seeds are written once and these rewrites add
the other surface forms. Every variant keeps its seed's `group`, so cross-validation can keep a
seed and its variants in the same fold. Deterministic for a given seed number.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from typing import Any

# Whole-word rewrites a hurried clinician makes; applied case-insensitively.
SHORTHAND: tuple[tuple[str, str], ...] = (
    (r"suicidal ideation", "SI"),
    (r"homicidal ideation", "HI"),
    (r"cognitive behavio(?:u)?ral therapy", "CBT"),
    (r"psychoeducation", "psychoed"),
    (r"without", "w/o"),
    (r"with", "w/"),
    (r"because", "b/c"),
    (r"about", "re:"),
    (r"between", "btwn"),
    (r"(?:the )?(?:client|patient)", "pt"),
    (r"session", "sess"),
    (r"homework", "HW"),
    (r"weeks", "wks"),
    (r"week", "wk"),
    (r"minutes", "min"),
    (r"hours?", "hr"),
    (r"appointment", "appt"),
    (r"mother", "mom"),
    (r"father", "dad"),
    (r"husband", "husb"),
    (r"girlfriend", "gf"),
    (r"boyfriend", "bf"),
    (r"anxiety", "anx"),
    (r"depression", "dep"),
    (r"medications?", "meds"),
    (r"treatment", "tx"),
    (r"history", "hx"),
    (r"family", "fam"),
    (r"introduced", "intro'd"),
    (r"reviewed", "rev'd"),
    (r"discussed", "d/w"),
    (r"increase[ds]?", "incr"),
    (r"decrease[ds]?", "decr"),
    (r"approximately", "~"),
    (r"and", "+"),
    (r"next", "nxt"),
)
_SHORTHAND_RE = [(re.compile(rf"\b{p}\b", re.IGNORECASE), r) for p, r in SHORTHAND]
_SUBJECT_RE = re.compile(
    r"^(?:(?:the )?(?:client|patient|pt|cl)|she|he|they|we|i)\s+(?=\w)", re.IGNORECASE
)
_DICTATION_LEADS = ("", "", "and ", "then ", "also ", "and then ", "so ")

# Headers writers put in front of a segment, by role. Roles without an entry get no header form.
HEADERS: dict[str, tuple[str, ...]] = {
    "topic": ("Topics:", "Topic:", "Discussed:", "S:", "D:", "Presenting:"),
    "intervention": ("Interventions:", "I:", "Intervention:", "Tx:", "Therapist:"),
    "client_response": ("R:", "Response:", "O:", "A:", "Client response:"),
    "homework": ("HW:", "Homework:", "HW -", "Between sessions:", "Assignment:"),
    "plan": ("Plan:", "P:", "Next:", "Next session:", "Next steps:"),
    "risk": ("Risk:", "Safety:", "Risk assessment:"),
    "session_admin": ("Session:", "Admin:"),
}


def shorthand(text: str, rng: random.Random) -> str:
    """Abbreviate like a hurried note: drop the subject, w/, pt, HW, re:, and so on."""
    out = _SUBJECT_RE.sub("", text, count=1)
    for pattern, short in _SHORTHAND_RE:
        if rng.random() < 0.85:
            out = pattern.sub(short, out)
    out = out.rstrip(".")
    return out[:1].lower() + out[1:] if rng.random() < 0.5 else out


def dictation(text: str, rng: random.Random) -> str:
    """Lowercase, no punctuation but apostrophes and quote marks, maybe a lead-in ('and then')."""
    out = re.sub(r"[^\w\s'/+\"“”-]", " ", text.lower())
    out = re.sub(r"\s+", " ", out).strip()
    return rng.choice(_DICTATION_LEADS) + out


def bullet(text: str, rng: random.Random) -> str:
    """A bullet line: dash or asterisk, first letter lowercased, no final stop."""
    body = text.rstrip(".")
    body = body[:1].lower() + body[1:]
    return rng.choice(("- ", "* ", "• ", "-")) + body


def with_header(role: str) -> Callable[[str, random.Random], str]:
    """A rewrite that puts one of the role's usual headers in front."""

    def rewrite(text: str, rng: random.Random) -> str:
        return f"{rng.choice(HEADERS[role])} {text}"

    return rewrite


def variants_of(
    text: str, role: str, rng: random.Random, per_seed: int = 2
) -> list[tuple[str, str]]:
    """Return up to `per_seed` (kind, text) rewrites of one seed, none equal to it or each other.

    Args:
        text: the hand-written seed.
        role: its role (decides which headers are plausible).
        rng: the random source; the same seed gives the same variants.
        per_seed: how many variants to keep.
    Returns:
        (kind, text) pairs.
    """
    kinds: list[tuple[str, Callable[[str, random.Random], str]]] = [
        ("shorthand", shorthand),
        ("dictation", dictation),
        ("bullet", bullet),
    ]
    if role in HEADERS:
        kinds.append(("header", with_header(role)))
    rng.shuffle(kinds)
    seen = {text.strip().lower()}
    out: list[tuple[str, str]] = []
    for kind, rewrite in kinds:
        new = rewrite(text, rng).strip()
        if new and new.lower() not in seen:
            seen.add(new.lower())
            out.append((kind, new))
        if len(out) == per_seed:
            break
    return out


def expand(seeds: Iterable[dict[str, Any]], seed: int, per_seed: int = 2) -> list[dict[str, Any]]:
    """Return the corpus: every seed (kind "seed") followed by its variants, same `group`.

    Args:
        seeds: rows with "id", "text", "role".
        seed: the random seed.
        per_seed: variants per seed.
    Returns:
        Rows with "text", "role", "group", "kind".
    """
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for row in seeds:
        group, text, role = row["id"], row["text"], row["role"]
        rows.append({"text": text, "role": role, "group": group, "kind": "seed"})
        for kind, new in variants_of(text, role, rng, per_seed):
            rows.append({"text": new, "role": role, "group": group, "kind": kind})
    return rows
