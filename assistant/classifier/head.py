"""The linear head over sentence embeddings, stored as plain JSON (no pickle) in package data."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError
from ..vocab import ROLES

HEAD_FILE = "head.json"
HEAD_FORMAT = 1
# Embedded at training time and again at load time: if the two vectors disagree, the head was
# trained on another encoder (or another pooling) and its probabilities would be meaningless.
PROBE_TEXT = "talked about work stress and practiced a breathing exercise"
PROBE_MIN_COSINE = 0.98  # int8 quantization moves the probe by ~0.01; another encoder by far more


def probe_checksum(vector: np.ndarray) -> str:
    """Return a short digest of a probe embedding rounded to 2 decimals (stable across BLAS)."""
    rounded = np.round(np.asarray(vector, dtype=np.float64), 2) + 0.0  # +0.0 folds -0.0 into 0.0
    return hashlib.sha256(rounded.tobytes()).hexdigest()[:16]


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def join_inputs(embeddings: np.ndarray, features: list[list[float]]) -> np.ndarray:
    """The head's inputs: each segment's embedding followed by its evidence features."""
    return np.hstack([embeddings, np.asarray(features, dtype=embeddings.dtype)])


@dataclass
class RoleHead:
    """Multinomial logistic regression: P(role | x) = softmax(W x + b)."""

    weights: np.ndarray  # (n_roles, dim)
    bias: np.ndarray  # (n_roles,)
    labels: tuple[str, ...]
    encoder: str
    probe_embedding: np.ndarray  # (dim,)
    layers: tuple[int, ...] = (6,)  # encoder layers pooled into the features, in order
    quantized: bool = False
    features: tuple[str, ...] = ()  # the rules' evidence appended to the embedding, by name
    meta: dict[str, Any] = field(default_factory=dict)
    # the mean embedding of the segments either side follows the segment's own (the risk head)
    context: bool = False

    def predict_proba(self, inputs: np.ndarray) -> np.ndarray:
        """Return probabilities of shape (n, n_roles) for inputs of shape (n, dim).

        An input is the segment's embedding followed by its evidence features, if the head has any.
        """
        return softmax(inputs.astype(np.float64) @ self.weights.T + self.bias)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to role_classifier/head.json."""
        return {
            "format": HEAD_FORMAT,
            "encoder": self.encoder,
            "dim": int(self.weights.shape[1]),
            "layers": list(self.layers),
            "labels": list(self.labels),
            "quantized": self.quantized,
            "features": list(self.features),
            "context": self.context,
            "probe_text": PROBE_TEXT,
            "probe_checksum": probe_checksum(self.probe_embedding),
            "probe_embedding": [round(float(v), 6) for v in self.probe_embedding],
            "weights": [[round(float(v), 6) for v in row] for row in self.weights],
            "bias": [round(float(v), 6) for v in self.bias],
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], labels: tuple[str, ...] = ROLES) -> RoleHead:
        """Rebuild a head from its JSON form, checking shapes and that its labels are `labels`
        (the nine roles for the role head; the risk head has its own)."""
        if data.get("format") != HEAD_FORMAT:
            raise ValueError(f"head format {data.get('format')!r}, expected {HEAD_FORMAT}")
        expected = labels
        labels = tuple(data["labels"])
        if set(labels) != set(expected) or len(labels) != len(expected):
            raise ValueError(f"head labels {labels} are not {expected}")
        weights = np.asarray(data["weights"], dtype=np.float64)
        bias = np.asarray(data["bias"], dtype=np.float64)
        probe = np.asarray(data["probe_embedding"], dtype=np.float64)
        features = tuple(str(f) for f in data.get("features", ()))
        dim = int(data["dim"])
        if weights.shape != (len(labels), dim) or bias.shape != (len(labels),):
            raise ValueError(f"weights {weights.shape} / bias {bias.shape} do not fit dim {dim}")
        context = bool(data.get("context", False))
        width = (dim - len(features)) // (2 if context else 1)
        if probe.shape != (width,):
            raise ValueError(f"probe embedding has shape {probe.shape}, expected ({width},)")
        return cls(
            weights=weights,
            bias=bias,
            labels=labels,
            encoder=str(data["encoder"]),
            probe_embedding=probe,
            layers=tuple(int(k) for k in data.get("layers", (6,))),
            quantized=bool(data.get("quantized", False)),
            features=features,
            meta=dict(data.get("meta", {})),
            context=context,
        )

    def save(self, folder: Path) -> Path:
        """Write head.json into `folder`; returns its path."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / HEAD_FILE
        path.write_text(json.dumps(self.to_dict(), indent=None) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(
        cls,
        folder: Path,
        labels: tuple[str, ...] = ROLES,
        what: str = "role",
        command: str = "notewell train roles",
    ) -> RoleHead:
        """Read head.json from `folder`.

        Args:
            folder: the head's folder in the data.
            labels: the labels the head must have.
            what: which head, for messages ("role" or "risk").
            command: the command that trains it, for messages.
        Raises:
            ResourceError: when the file is missing, not JSON or malformed.
        """
        path = folder / HEAD_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ResourceError(
                f"The {what} classifier head {path} is missing: run `{command}`."
            ) from exc
        except json.JSONDecodeError as exc:
            raise ResourceError(f"The {what} classifier head {path} is not valid JSON.") from exc
        try:
            return cls.from_dict(data, labels)
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"The {what} classifier head {path} is malformed ({exc}).") from exc

    def check_encoder(self, probe_now: np.ndarray, encoder_name: str) -> None:
        """Raise ResourceError when this head was not trained on the loaded encoder."""
        if encoder_name != self.encoder:
            raise ResourceError(
                f"The role classifier head was trained on {self.encoder!r}, but the loaded "
                f"encoder is {encoder_name!r}: run `notewell train roles`."
            )
        probe_now = np.asarray(probe_now, dtype=np.float64)
        if probe_now.shape != self.probe_embedding.shape:
            raise ResourceError(
                f"The role classifier head expects {self.probe_embedding.shape[0]}-dimensional "
                f"embeddings, the encoder gives {probe_now.shape[-1]}: run `notewell train roles`."
            )
        cosine = float(
            probe_now
            @ self.probe_embedding
            / (np.linalg.norm(probe_now) * np.linalg.norm(self.probe_embedding) or 1.0)
        )
        if cosine < PROBE_MIN_COSINE:
            raise ResourceError(
                "The role classifier head does not match the installed encoder (probe sentence "
                f"similarity {cosine:.3f} < {PROBE_MIN_COSINE}): run `notewell train roles`."
            )
