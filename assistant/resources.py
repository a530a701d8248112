"""The one small loader of the runtime data shipped in the package (assistant/data/).

The data is package data, found with importlib.resources, so an installed wheel works on its own;
$NOTEWELL_MODELS_DIR points the engine at another folder of the same layout.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .errors import ResourceError


class FromDict(Protocol):
    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any: ...


R = TypeVar("R", bound=FromDict)


def data_dir() -> Path:
    """Return the runtime data folder: $NOTEWELL_MODELS_DIR, else the package's own data/."""
    env = os.environ.get("NOTEWELL_MODELS_DIR")
    path = Path(env) if env else Path(str(resources.files("assistant").joinpath("data")))
    if not path.is_dir():
        raise ResourceError(f"The data folder {path} is missing: set NOTEWELL_MODELS_DIR.")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read one JSON object a line (blank lines are skipped): the annotated corpora's format.

    Args:
        path: the JSONL file.
    Returns:
        The objects in file order.
    """
    rows: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"Cannot read {path}: {exc.strerror}.") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResourceError(f"{path}:{number} is not valid JSON ({exc.msg}).") from exc
        if not isinstance(row, dict):
            raise ResourceError(f"{path}:{number} must hold a JSON object.")
        rows.append(row)
    return rows


# The value types a lexicon's "fields" may declare; a trailing "?" also allows null.
FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "boolean": (bool,),
    "strings": (list,),
    "list": (list,),
    "object": (dict,),
}


def read_lexicon(path: Path) -> list[dict[str, Any]]:
    """Read a lexicon: a JSON object with a "description", its "fields" and their types, and
    the "entries" that use only those fields.

    Args:
        path: the lexicon file.
    Returns:
        The entries in file order, each checked against the declared fields.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResourceError(f"Cannot read {path}: {exc.strerror}.") from exc
    except json.JSONDecodeError as exc:
        raise ResourceError(f"{path}:{exc.lineno} is not valid JSON ({exc.msg}).") from exc
    if not isinstance(data, dict) or set(data) != {"description", "fields", "entries"}:
        raise ResourceError(f"{path} must be an object of description, fields and entries.")
    if not isinstance(data["description"], str) or not data["description"].strip():
        raise ResourceError(f"{path} needs a description of what its entries are.")
    fields = data["fields"]
    if not isinstance(fields, dict) or not all(
        isinstance(t, str) and t.rstrip("?") in FIELD_TYPES for t in fields.values()
    ):
        raise ResourceError(f"{path}: fields must map names to {', '.join(FIELD_TYPES)}.")
    if not isinstance(data["entries"], list):
        raise ResourceError(f"{path}: entries must be a list.")
    for number, entry in enumerate(data["entries"], 1):
        where = f"{path}: entry {number}"
        if not isinstance(entry, dict):
            raise ResourceError(f"{where} must be a JSON object.")
        for key, value in entry.items():
            declared = fields.get(key)
            if declared is None:
                raise ResourceError(
                    f"{where} has the field {key!r}, which {path.name} does not declare."
                )
            if value is None and declared.endswith("?"):
                continue
            kind = declared.rstrip("?")
            wrong = not isinstance(value, FIELD_TYPES[kind]) or (
                kind == "number" and isinstance(value, bool)
            )
            if wrong or (kind == "strings" and not all(isinstance(v, str) for v in value)):
                raise ResourceError(f"{where}: {key!r} must be {declared}, not {value!r:.40}.")
    return data["entries"]


def load_rules(name: str, cls: type[R], base: Path | None = None) -> list[R]:
    """Read the lexicon lexicons/<name>.json of the data folder into `cls` objects.

    Args:
        name: the lexicon's file stem.
        cls: a rule class with a `from_dict` classmethod.
        base: the data folder (default: `data_dir()`).
    Returns:
        One rule per entry.
    """
    path = (base or data_dir()) / "lexicons" / f"{name}.json"
    rules = []
    for number, row in enumerate(read_lexicon(path), 1):
        try:
            rules.append(cls.from_dict(row))
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"{path}: entry {number} is malformed ({exc}).") from exc
    return rules


class DataComponent:
    """A pipeline component whose rules are runtime data, read in spaCy's `initialize`."""

    def initialize(
        self,
        get_examples: Callable[[], Iterable[object]] | None = None,
        *,
        nlp: object | None = None,
        data: str | None = None,
    ) -> None:
        """spaCy's initialize protocol: load the data from `data`, default the package's."""
        self.load(data_dir() if data is None else Path(data))

    def load(self, data: Path) -> None:
        """Read the component's lexicons (and models) from the data folder."""
        raise NotImplementedError
