"""The typed rule class of the flag lexicons (data/lexicons/flags*.json).

One rule is one way a wording can need another look: how to find it (a literal term, a regular
expression, spaCy Matcher token patterns, or a span group another component fills), what kind of
flag it is, the reason a trainee reads and the rewrite offered. Adding a term is a new entry of
a lexicon; the context rules (quotes, negation, reported feelings, stated evidence) live in
flag_finder.py and context.py and apply to every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..resources import load_rules
from ..vocab import FLAG_KINDS

LEXICON_PREFIX = "flags"


@dataclass(frozen=True)
class FlagRule:
    """One flag lexicon entry.

    Exactly one of `terms`, `regex`, `patterns` or `span_group` says how the wording is found:
    - terms: literal spellings, matched as whole words (case-insensitive unless `case_sensitive`);
    - regex: a Python regular expression over the text (same case rule);
    - patterns: spaCy Matcher token patterns (LEMMA, POS, LOWER ... as spaCy documents them);
    - span_group: every span of doc.spans[span_group] (e.g. the therapist's scare quotes).
    Options: `first_only` flags only the first occurrence (a modality acronym needs explaining
    once); `expansions` are spelled-out forms whose presence anywhere in the text means the
    acronym is explained; `evidence_ok` skips the flag when observations follow it ("appeared
    anxious (fidgeting)"); `extend_left` takes in a preceding copula or hedge ("seemed",
    "was being", "got") so the rewrite replaces the whole phrase; `client_subject` keeps a flag
    only when the word describes the client (no subject, a pronoun, "client", a name), for words
    that also describe things ("a demanding job"); `any_subject` keeps it whoever it describes,
    for labels that only fit a relative the writer also sees ("overprotective" of a parent in a
    family session); `keep` is the [start, end)
    token slice of a pattern match to flag (the rest is context only); a `fallback` rule (the
    catch-all for acronyms no entry knows) yields to any other rule finding the same words, skips
    the words in `exceptions`, and with `not_words` skips matches that are English words typed in
    capitals ("PLAN:"); `not_followed_by` lists the nouns that make a label mean something else
    when it stands before them or modifies them ("defensive driving", "a lazy Sunday");
    `drop_in` says whether the suggestion can replace the flagged words as they stand (default:
    true for jargon, false for interpretive rules, whose suggestion tells the writer what to
    record instead, since only the writer knows what happened); `rewrites` maps a term, as it is
    written, to the words that replace it ("PCP": "primary care provider", "passive SI":
    "passive suicidal ideation"), so a rule whose `suggestion` is guidance for the writer
    ("write the name out") still gives each known term its real expansion; `examples` holds
    {"flag": [...], "ok": [...]} sentences the tests run through the pipeline; a term whose
    rewrite (without the term itself in brackets) is already in the text is explained there
    ("F41.1 Generalized anxiety disorder"); `signature_ok` skips a term written after a person's
    name or another such term ("Dana Reyes, PsyD": a credential in a signature, not jargon).
    """

    id: str
    kind: str
    reason: str
    suggestion: str | None = None
    drop_in: bool = True
    terms: tuple[str, ...] = ()
    regex: str | None = None
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    span_group: str | None = None
    case_sensitive: bool = False
    first_only: bool = False
    expansions: tuple[str, ...] = ()
    evidence_ok: bool = False
    extend_left: bool = False
    client_subject: bool = False
    any_subject: bool = False
    signature_ok: bool = False
    keep: tuple[int, int] | None = None
    take_right: int = 0
    not_followed_by: frozenset[str] = frozenset()
    fallback: bool = False
    not_words: bool = False
    exceptions: frozenset[str] = frozenset()
    rewrites: dict[str, str] = field(default_factory=dict)
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def rewrite_for(self, words: str) -> tuple[str | None, bool]:
        """The suggestion for these flagged words and whether it drops in: the term's own
        rewrite when the rule has one (exact, then ignoring case; a full stop the tokenizer
        kept on the words, as in "F32.A.", stays on the rewrite), else the rule's suggestion."""
        rewrite = self._own_rewrite(words)
        if rewrite is None and words[-1:] == "." and len(words) > 1:
            rewrite = self._own_rewrite(words[:-1])
            rewrite = None if rewrite is None else rewrite + "."
        if rewrite is not None:
            return rewrite, True
        return self.suggestion, self.drop_in and self.suggestion is not None

    def _own_rewrite(self, words: str) -> str | None:
        rewrite = self.rewrites.get(words)
        if rewrite is None and not self.case_sensitive:
            lowered = words.lower()
            rewrite = next((r for t, r in self.rewrites.items() if t.lower() == lowered), None)
        return rewrite

    def long_form(self, words: str) -> str | None:
        """The words' rewrite as it would stand in the text once accepted, lower-cased and
        without the words themselves in brackets ("generalized anxiety disorder" for F41.1),
        when it is at least two words; None when there is none, and for a rule-wide suggestion
        that does not contain the words ("history of" elsewhere explains no "h/o")."""
        rewrite, drop_in = self.rewrite_for(words)
        if not drop_in or rewrite is None:
            return None
        lowered, plain_words = rewrite.lower().rstrip("."), words.lower().rstrip(".")
        if rewrite == self.suggestion and plain_words not in lowered:
            return None
        plain = lowered.replace(f"({plain_words})", "").strip()
        return plain if len(plain.split()) >= 2 else None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FlagRule:
        """Build a rule from one lexicon entry; raise ValueError when it is inconsistent."""
        kind = str(data["kind"])
        if kind not in FLAG_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FLAG_KINDS)}, not {kind!r}")
        terms = data.get("terms", data.get("term", ()))
        if isinstance(terms, str):
            terms = [terms]
        patterns = tuple(tuple(dict(tok) for tok in p) for p in data.get("patterns", ()))
        finders = (terms, data.get("regex"), patterns, data.get("span_group"))
        if sum(bool(f) for f in finders) != 1:
            raise ValueError("give exactly one of terms, regex, patterns or span_group")
        keep = data.get("keep")
        rule = cls(
            id=str(data["id"]),
            kind=kind,
            reason=str(data["reason"]),
            suggestion=data.get("suggestion"),
            drop_in=bool(data.get("drop_in", kind == "jargon")),
            terms=tuple(str(t) for t in terms),
            regex=data.get("regex"),
            patterns=patterns,
            span_group=data.get("span_group"),
            case_sensitive=bool(data.get("case_sensitive", False)),
            first_only=bool(data.get("first_only", False)),
            expansions=tuple(str(e).lower() for e in data.get("expansions", ())),
            evidence_ok=bool(data.get("evidence_ok", False)),
            extend_left=bool(data.get("extend_left", False)),
            client_subject=bool(data.get("client_subject", False)),
            any_subject=bool(data.get("any_subject", False)),
            signature_ok=bool(data.get("signature_ok", False)),
            keep=(int(keep[0]), int(keep[1])) if keep else None,
            take_right=int(data.get("take_right", 0)),
            not_followed_by=frozenset(str(w).lower() for w in data.get("not_followed_by", ())),
            fallback=bool(data.get("fallback", False)),
            not_words=bool(data.get("not_words", False)),
            exceptions=frozenset(str(e) for e in data.get("exceptions", ())),
            rewrites={str(k): str(v) for k, v in data.get("rewrites", {}).items()},
            examples={k: tuple(str(s) for s in v) for k, v in data.get("examples", {}).items()},
        )
        unknown = set(rule.rewrites) - set(rule.terms)
        if unknown:
            raise ValueError(f"rewrites for words that are not its terms: {sorted(unknown)}")
        if rule.regex is not None or rule.terms:
            rule.compile()  # fail at load time, with the entry number, on a broken expression
        return rule

    def to_dict(self) -> dict[str, Any]:
        """Return the lexicon entry this rule was read from (defaults left out)."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind}
        if self.terms:
            out["terms"] = list(self.terms)
        if self.regex is not None:
            out["regex"] = self.regex
        if self.patterns:
            out["patterns"] = [list(p) for p in self.patterns]
        if self.span_group is not None:
            out["span_group"] = self.span_group
        flags = (
            "case_sensitive",
            "first_only",
            "evidence_ok",
            "extend_left",
            "client_subject",
            "any_subject",
            "signature_ok",
            "fallback",
            "not_words",
        )
        for name in flags:
            if getattr(self, name):
                out[name] = True
        if self.expansions:
            out["expansions"] = list(self.expansions)
        if self.keep is not None:
            out["keep"] = list(self.keep)
        if self.take_right:
            out["take_right"] = self.take_right
        if self.exceptions:
            out["exceptions"] = sorted(self.exceptions)
        if self.not_followed_by:
            out["not_followed_by"] = sorted(self.not_followed_by)
        out["reason"] = self.reason
        out["suggestion"] = self.suggestion
        if self.drop_in != (self.kind == "jargon"):
            out["drop_in"] = self.drop_in
        if self.rewrites:
            out["rewrites"] = dict(self.rewrites)
        if self.examples:
            out["examples"] = {k: list(v) for k, v in self.examples.items()}
        return out

    def compile(self) -> re.Pattern[str]:
        """Return the regular expression of a terms or regex rule (terms as whole words)."""
        if self.regex is not None:
            source = self.regex
        else:
            source = _terms_expression(self.terms)
        try:
            return re.compile(source, 0 if self.case_sensitive else re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"bad expression {source!r}: {exc}") from exc


def _terms_expression(terms: tuple[str, ...]) -> str:
    """Whole-word alternatives, longest first; the terms that start with a letter share one
    left boundary, so the expression fails fast inside words (long lists stay cheap)."""
    ordered = sorted(terms, key=len, reverse=True)
    wordlike = [_whole_word(t) for t in ordered if re.match(r"\w", t)]
    other = [_whole_word(t) for t in ordered if not re.match(r"\w", t)]
    groups = [rf"(?<![\w-])(?:{'|'.join(wordlike)})"] if wordlike else []
    return "|".join(groups + other)


def _whole_word(term: str) -> str:
    """A term that does not end inside a longer word ("pt" not in "script"); the caller adds
    the left boundary of terms that start with a letter."""
    body = re.escape(term).replace(r"\ ", r"\s+")
    # "w/" must not take the first letters of "w/o"; "w/sister" (no space) is still shorthand.
    right = r"(?!\w|-\w)" if re.search(r"\w$", term) else r"(?!\w\b)"
    return f"{body}{right}"


def load_flag_rules(data: Path) -> list[FlagRule]:
    """Read every flag lexicon (lexicons/flags*.json), in file-name order.

    Args:
        data: the data folder.
    Returns:
        The rules of all flag lexicons; a rule id repeated across files is an error.
    """
    rules: list[FlagRule] = []
    for path in sorted((data / "lexicons").glob(f"{LEXICON_PREFIX}*.json")):
        rules.extend(load_rules(path.stem, FlagRule, base=data))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ResourceError(f"The flag rule id {rule.id!r} appears twice in the flag lexicons.")
        seen.add(rule.id)
    return rules
