"""The one small loader of the runtime data shipped in the package (assistant/data/).

The data is package data, found with importlib.resources, so an installed wheel works on its own;
$NOTEWELL_MODELS_DIR points the engine at another folder of the same layout.
"""

from __future__ import annotations

import json
import os
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
    """Read lexicons/<name>.jsonl of the data folder into `cls` objects through `cls.from_dict`.

    Args:
        name: the lexicon's file stem.
        cls: a rule class with a `from_dict` classmethod.
        base: the data folder (default: `data_dir()`).
    Returns:
        One rule per line.
    """
    path = (base or data_dir()) / "lexicons" / f"{name}.jsonl"
    rules = []
    for number, row in enumerate(read_jsonl(path), 1):
        try:
            rules.append(cls.from_dict(row))
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"{path}: entry {number} is malformed ({exc}).") from exc
    return rules


def data_folder(data: str | Path | None) -> Path:
    """The folder a component's `initialize(..., data=...)` names, else `data_dir()`."""
    return data_dir() if data is None else Path(data)
