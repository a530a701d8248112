"""Note templates as data: each format's sections, and the rules filing reviewed lines in them.

A template is a JSON file (the built-in ones in assistant/data/note_templates/). Each section
has parts; a part takes the lines of one template field (`topics`, `risk`, ...). A part with
`when_any` takes only the field's lines holding one of its terms (case-insensitive, matched at
the start of a word); the field's one part without `when_any` takes the rest, so no line is
dropped. The field `treatment_goals` holds the note's progress toward each goal of the client's
treatment plan (a note dict's `goals`), "not recorded" when it has none. The field `measures`
holds the note's scores and ratings (a note dict's `measures`); a part of it is left out when the
note has none, since a session without a questionnaire has nothing to record there. A template
has at most one `measures` part without `when_any`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from ..vocab import SECTIONS

GOALS = "treatment_goals"
MEASURES = "measures"
FIELDS: tuple[str, ...] = (*SECTIONS, GOALS, MEASURES)
_ID = re.compile(r"^[a-z][a-z0-9_-]{0,9}$")  # a note stores its format in 10 characters


@dataclass(frozen=True)
class Part:
    """One labelled list under a section heading, filled from one template field."""

    label: str
    field: str
    when_any: tuple[str, ...] = ()

    def takes(self, line: str) -> bool:
        """True when this part's terms claim `line` (a part without terms claims none)."""
        low = line.lower()
        return any(re.search(r"(?<!\w)" + re.escape(t.lower()), low) for t in self.when_any)

    def to_dict(self) -> dict[str, Any]:
        """The part as it is written in a template file."""
        out: dict[str, Any] = {"label": self.label, "field": self.field}
        return {**out, "when_any": list(self.when_any)} if self.when_any else out


@dataclass(frozen=True)
class TemplateSection:
    """A heading of the note and the parts under it."""

    key: str
    heading: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class NoteTemplate:
    """A note format: id, display name, document title and sections."""

    id: str
    name: str
    title: str
    sections: tuple[TemplateSection, ...]

    @classmethod
    def from_dict(cls, data: Any, source: str = "template") -> NoteTemplate:
        """Build a template from parsed JSON, checking every rule.

        Args:
            data: the parsed file.
            source: the file name, for the error message.
        Returns:
            The template; raises TemplateError naming the file and the key at fault.
        """

        def fail(key: str, problem: str) -> TemplateError:
            return TemplateError(f"Note template {source}: {key} {problem}")

        def text(obj: Any, key: str, where: str, *, empty: bool = False) -> str:
            value = obj.get(key) if isinstance(obj, dict) else None
            if not isinstance(value, str) or (not empty and not value.strip()):
                raise fail(f"{where}{key}", "must be a non-empty string.")
            if any(not ch.isprintable() for ch in value):
                raise fail(f"{where}{key}", "must be one line without control characters.")
            return value.strip()

        if not isinstance(data, dict):
            raise fail("the file", "must hold one JSON object.")
        ident = text(data, "id", "")
        if not _ID.match(ident):
            raise fail("id", "must be lower-case letters, digits, '-' or '_' (up to 10).")
        sections_raw = data.get("sections")
        if not isinstance(sections_raw, list) or not sections_raw:
            raise fail("sections", "must be a non-empty list.")
        sections = []
        for i, sec in enumerate(sections_raw):
            where = f"sections[{i}]."
            parts_raw = sec.get("parts") if isinstance(sec, dict) else None
            if not isinstance(parts_raw, list) or not parts_raw:
                raise fail(f"{where}parts", "must be a non-empty list.")
            parts = []
            for j, part in enumerate(parts_raw):
                at = f"{where}parts[{j}]."
                field = text(part, "field", at)
                if field not in FIELDS:
                    raise fail(f"{at}field", f"must be one of {', '.join(FIELDS)}, not {field!r}.")
                terms = part.get("when_any", [])
                if not isinstance(terms, list) or not all(
                    isinstance(t, str) and t.strip() for t in terms
                ):
                    raise fail(f"{at}when_any", "must be a list of non-empty strings.")
                parts.append(Part(text(part, "label", at, empty=True), field, tuple(terms)))
            sections.append(
                TemplateSection(text(sec, "key", where), text(sec, "heading", where), tuple(parts))
            )
        template = cls(ident, text(data, "name", ""), text(data, "title", ""), tuple(sections))
        for field in FIELDS:
            rest = [p for s in template.sections for p in s.parts if p.field == field]
            catch_all = sum(1 for p in rest if not p.when_any)
            if field == MEASURES and catch_all > 1:
                raise fail(
                    "sections", "need at most one part for field 'measures' without when_any."
                )
            if field not in (GOALS, MEASURES) and catch_all != 1:
                raise fail(
                    "sections",
                    f"need exactly one part for field {field!r} without when_any, "
                    "to take the lines no other part takes.",
                )
        return template

    def to_dict(self) -> dict[str, Any]:
        """The template as it is written in a template file."""
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "sections": [
                {"key": s.key, "heading": s.heading, "parts": [p.to_dict() for p in s.parts]}
                for s in self.sections
            ],
        }


def load_template_file(path: Path) -> NoteTemplate:
    """Read and check one template file; TemplateError names the file and the line or key."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"Note template {path.name}: not valid JSON at line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg}."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"Note template {path.name} cannot be read: {exc}.") from None
    return NoteTemplate.from_dict(data, path.name)


def load_templates(folder: Path) -> dict[str, NoteTemplate]:
    """Every `*.json` template of `folder`, by id (a missing folder holds none)."""
    if not folder.is_dir():
        return {}
    found = [load_template_file(p) for p in sorted(folder.glob("*.json"))]
    return {t.id: t for t in found}


@functools.cache
def builtin_templates() -> dict[str, NoteTemplate]:
    """The templates shipped with the library: plain, soap, dap, birp, girp."""
    folder = resources.files("assistant").joinpath("data", "note_templates")
    return load_templates(Path(str(folder)))


_clinic: dict[str, NoteTemplate] = {}


def use_clinic_templates(templates: Mapping[str, NoteTemplate]) -> None:
    """Put a clinic's templates before the built-in ones (the same id replaces one)."""
    _clinic.clear()
    _clinic.update(templates)


def all_templates() -> dict[str, NoteTemplate]:
    """The built-in templates with the clinic's on top."""
    return {**builtin_templates(), **_clinic}
