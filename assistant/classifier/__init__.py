"""The learned sentence-role classifier (MiniLM encoder + small head), optional beside the rules."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from ..errors import ResourceError
from .head import ROLES, RoleHead, join_inputs
from .onnx_runtime import OnnxSpanClassifier
from .span_model import SpanClassifier

__all__ = ["ROLES", "RoleClassifier", "load_role_classifier", "load_span_model", "heads_dir"]

RULES_ONLY = "the engine runs on rules alone"
RUNTIMES = ("onnx", "torch")  # ONNX Runtime (the default, no torch) or torch (training's)


def runtime() -> str:
    """The inference runtime of the encoder and span model: $NOTEWELL_RUNTIME, else "onnx".

    Raises:
        ResourceError: for another value.
    """
    value = os.environ.get("NOTEWELL_RUNTIME", "onnx").strip().lower() or "onnx"
    if value not in RUNTIMES:
        raise ResourceError(
            f"NOTEWELL_RUNTIME must be one of {', '.join(RUNTIMES)}, not {value!r}."
        )
    return value


def heads_dir(data: Path) -> Path:
    """Return role_classifier/ of the data folder, where the head and model card live."""
    return data / "role_classifier"


class RoleClassifier:
    """Encoder + head. `predict` gives each segment a probability for each of the nine roles."""

    def __init__(self, encoder: object, head: RoleHead) -> None:
        """Pair a loaded encoder with a head after checking that they belong together.

        Args:
            encoder: a SentenceEncoder (anything with `encode(list[str]) -> ndarray`).
            head: the trained head.
        Raises:
            ResourceError: when the head was trained on another encoder.
        """
        from ..roles.evidence import FEATURE_NAMES
        from .encoder import ENCODER_NAME
        from .head import PROBE_TEXT

        probe = encoder.encode([PROBE_TEXT])[0]  # type: ignore[attr-defined]
        head.check_encoder(probe, getattr(encoder, "name", ENCODER_NAME))
        if head.features and head.features != FEATURE_NAMES:
            raise ResourceError(
                "The role classifier head was trained on other evidence features than the rules "
                "give now: run `notewell train roles`."
            )
        self.encoder = encoder
        self.head = head
        self.labels = head.labels

    def predict(
        self, texts: list[str], features: list[list[float]] | None = None
    ) -> list[dict[str, float]]:
        """Return, for each segment, a probability for each role (they sum to 1).

        Args:
            texts: a note's segments; they are embedded together in one forward pass.
            features: the rules' evidence for each segment (FEATURE_NAMES order); required when
                the head was trained with it.
        Returns:
            One {role: probability} per text, in input order.
        """
        if not texts:
            return []
        inputs = self.encoder.encode(list(texts), batch_size=max(64, len(texts)))  # type: ignore[attr-defined]
        if self.head.features:
            if features is None or len(features) != len(texts):
                raise ValueError("this role head needs the rules' evidence for every segment")
            inputs = join_inputs(inputs, features)
        probs = self.head.predict_proba(inputs)
        return [
            {label: float(p) for label, p in zip(self.labels, row, strict=True)} for row in probs
        ]


def _unavailable(message: str, required: bool) -> None:
    if required:
        raise ResourceError(message)
    warnings.warn(f"{message}; {RULES_ONLY}.", RuntimeWarning, stacklevel=3)
    return None


def load_role_classifier(data: Path, *, required: bool = False) -> RoleClassifier | None:
    """Return the role classifier, or None (with one warning) when it cannot be loaded.

    Args:
        data: the data folder holding role_classifier/head.json.
        required: raise ResourceError instead of falling back to rules alone.
    Returns:
        A RoleClassifier, or None when the encoder package or the head is absent or mismatched.
    """
    from .encoder import EncoderUnavailable, SentenceEncoder

    try:
        head = RoleHead.load(heads_dir(Path(data)))
    except ResourceError as exc:
        return _unavailable(str(exc).rstrip("."), required)
    try:
        if runtime() == "onnx" and head.quantized:
            from .onnx_runtime import OnnxSentenceEncoder

            encoder: object = OnnxSentenceEncoder(Path(data), layers=head.layers)
        else:  # a float32 head was trained on torch's float32 encoder
            encoder = SentenceEncoder(layers=head.layers, quantize=head.quantized)
    except ResourceError as exc:
        return _unavailable(str(exc).rstrip("."), required)
    except EncoderUnavailable as exc:
        return _unavailable(
            f"The learned role classifier cannot load its encoder ({exc}): install the "
            "`model` extra (pip install -e '.[model]')",
            required,
        )
    except ValueError as exc:  # layers the installed encoder does not have
        return _unavailable(f"The role classifier head does not fit the encoder ({exc})", required)
    try:
        return RoleClassifier(encoder, head)
    except ResourceError as exc:
        return _unavailable(str(exc).rstrip("."), required)


def load_span_model(
    data: Path, *, required: bool = False
) -> SpanClassifier | OnnxSpanClassifier | None:
    """Return the fine-tuned segment classifier, or None when the role head should decide.

    Args:
        data: the data folder holding span_classifier/.
        required: raise ResourceError when it is absent or cannot be loaded.
    Returns:
        The classifier; None when its files are absent (silently: the head is the fallback),
        or, with one warning, when they do not fit the installed encoder or code.
    """
    from .encoder import EncoderUnavailable
    from .span_model import CONFIG_FILE, load_span_classifier, spans_dir

    try:
        model = load_span_classifier(Path(data), runtime=runtime())
    except (ResourceError, EncoderUnavailable) as exc:
        if required:
            raise ResourceError(str(exc)) from exc
        warnings.warn(f"{exc}; the role head decides instead.", RuntimeWarning, stacklevel=2)
        return None
    if model is None and required:
        raise ResourceError(
            f"The span classifier {spans_dir(Path(data)) / CONFIG_FILE} is missing: run "
            "`notewell train spans`."
        )
    return model
