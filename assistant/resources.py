"""The one small loader for data under models/: lexicons (JSONL) read into typed rule classes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .errors import ResourceError


class FromDict(Protocol):
    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any: ...


R = TypeVar("R", bound=FromDict)


def models_dir() -> Path:
    """Return the models/ folder: $NOTEWELL_MODELS_DIR, else the one beside the package."""
    env = os.environ.get("NOTEWELL_MODELS_DIR")
    path = Path(env) if env else Path(__file__).resolve().parent.parent / "models"
    if not path.is_dir():
        raise ResourceError(f"The models folder {path} is missing: set NOTEWELL_MODELS_DIR.")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read one JSON object a line; blank lines and lines starting with // are skipped.

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
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResourceError(f"{path}:{number} is not valid JSON ({exc.msg}).") from exc
        if not isinstance(row, dict):
            raise ResourceError(f"{path}:{number} must hold a JSON object.")
        rows.append(row)
    return rows


def load_rules(name: str, cls: type[R], base: Path | None = None) -> list[R]:
    """Read models/lexicons/<name>.jsonl into `cls` objects through `cls.from_dict`.

    Args:
        name: the lexicon's file stem.
        cls: a rule class with a `from_dict` classmethod.
        base: the models folder (default: `models_dir()`).
    Returns:
        One rule per line.
    """
    path = (base or models_dir()) / "lexicons" / f"{name}.jsonl"
    rules = []
    for number, row in enumerate(read_jsonl(path), 1):
        try:
            rules.append(cls.from_dict(row))
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"{path}: entry {number} is malformed ({exc}).") from exc
    return rules
