"""The fine-tuned segment classifier: MiniLM read end to end over a segment and its neighbours.

The input is a sentence pair: the segment first (token type 0), then its context, "previous
segment [SEP] next segment" (token type 1), so that "practise it nightly" after "taught box
breathing" reads differently from the same words after "Plan:". The segment's tokens and the
context's tokens are mean-pooled apart; the two vectors and the rules' evidence (FEATURE_NAMES)
go into one linear layer over the nine roles.

Only what training changed is stored: every encoder weight but the word-embedding matrix (kept
frozen in training, so it stays the packaged encoder's) and the output layer, in float16
safetensors (no pickle), with a JSON file naming the labels, features and the checksum of the
word embeddings the weights were trained over. Loading overlays them on the packaged encoder.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ResourceError
from ..vocab import ROLES

if TYPE_CHECKING:
    from .onnx_runtime import OnnxSpanClassifier

SPAN_DIR = "span_classifier"
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
CONFIG_FORMAT = 1
MAX_LENGTH = 96  # word pieces of segment + context; the segment is cut last
SEPARATOR = " [SEP] "  # between the previous and the next segment in the context
FROZEN = "embeddings.word_embeddings.weight"  # never trained, never stored
COMMAND = "notewell train spans"


def spans_dir(data: Path) -> Path:
    """Return span_classifier/ of the data folder, where the weights and model card live."""
    return Path(data) / SPAN_DIR


def context_of(texts: list[str], index: int) -> str:
    """The context of segment `index` among a doc's segment texts: previous [SEP] next."""
    before = texts[index - 1] if index > 0 else ""
    after = texts[index + 1] if index + 1 < len(texts) else ""
    return f"{before}{SEPARATOR}{after}".strip()


def embedding_checksum(model: Any) -> str:
    """A digest of the encoder's word-embedding matrix: the frozen part the weights sit on."""
    weight = model.get_input_embeddings().weight.detach().float().cpu().numpy()
    return hashlib.sha256(np.ascontiguousarray(weight).tobytes()).hexdigest()[:16]


def build_module(encoder: Any, n_features: int, n_labels: int, dropout: float = 0.1) -> Any:
    """The torch module: encoder, two mean poolings, evidence, one linear layer."""
    import torch

    class SegmentModel(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(dropout)
            width = encoder.config.hidden_size
            self.out = torch.nn.Linear(2 * width + n_features, n_labels)

        def forward(
            self,
            input_ids: Any,
            attention_mask: Any,
            token_type_ids: Any,
            features: Any,
        ) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.to(hidden.dtype)
            pair = token_type_ids.to(hidden.dtype)
            pooled = []
            for part in (mask * (1 - pair), mask * pair):
                weight = part.unsqueeze(-1)
                pooled.append((hidden * weight).sum(1) / weight.sum(1).clamp(min=1.0))
            x = torch.cat([*pooled, features.to(hidden.dtype)], dim=1)
            return self.out(self.dropout(x))

    return SegmentModel()


def tokenize(tokenizer: Any, texts: list[str], contexts: list[str]) -> dict[str, Any]:
    """Token ids of (segment, context) pairs as torch tensors, padded to the longest."""
    return tokenizer(
        texts,
        contexts,
        padding=True,
        truncation="longest_first",
        max_length=MAX_LENGTH,
        return_tensors="pt",
        return_token_type_ids=True,
    )


@dataclass
class SpanConfig:
    """What the weights need to be read back: labels, evidence features, encoder checksum."""

    labels: tuple[str, ...]
    features: tuple[str, ...]
    encoder: str
    embedding_checksum: str
    meta: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to span_classifier/config.json."""
        return {
            "format": CONFIG_FORMAT,
            "labels": list(self.labels),
            "features": list(self.features),
            "encoder": self.encoder,
            "embedding_checksum": self.embedding_checksum,
            "max_length": MAX_LENGTH,
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpanConfig:
        """Rebuild the config, checking its format and that its labels are the nine roles."""
        if data.get("format") != CONFIG_FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {CONFIG_FORMAT}")
        labels = tuple(str(x) for x in data["labels"])
        if sorted(labels) != sorted(ROLES):
            raise ValueError(f"labels {labels} are not {ROLES}")
        return cls(
            labels=labels,
            features=tuple(str(f) for f in data["features"]),
            encoder=str(data["encoder"]),
            embedding_checksum=str(data["embedding_checksum"]),
            meta=dict(data.get("meta", {})),
        )


def save_model(module: Any, config: SpanConfig, folder: Path) -> None:
    """Write the trained weights (all but the frozen word embeddings, float16) and config.json."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {
        name: tensor.detach().to("cpu").half().contiguous()
        for name, tensor in module.state_dict().items()
        if name != f"encoder.{FROZEN}"
    }
    save_file(state, str(folder / WEIGHTS_FILE), metadata={"format": str(CONFIG_FORMAT)})
    text = json.dumps(config.to_dict(), indent=1) + "\n"
    (folder / CONFIG_FILE).write_text(text, encoding="utf-8")


class SpanClassifier:
    """The fine-tuned model, ready to predict role probabilities for a doc's segments."""

    def __init__(self, module: Any, tokenizer: Any, config: SpanConfig) -> None:
        import torch

        self._torch = torch
        self.module = module.eval()
        self.tokenizer = tokenizer
        self.config = config
        self.labels = config.labels

    def predict(
        self, texts: list[str], contexts: list[str], features: list[list[float]]
    ) -> list[dict[str, float]]:
        """Return, for each segment, a probability for each role (they sum to 1).

        Args:
            texts: the segments to decide.
            contexts: their contexts (`context_of`), aligned with texts.
            features: the rules' evidence of each segment, in FEATURE_NAMES order.
        Returns:
            One {role: probability} per text, in input order.
        """
        if not texts:
            return []
        if len(contexts) != len(texts) or len(features) != len(texts):
            raise ValueError("the span classifier needs a context and evidence for every segment")
        torch = self._torch
        batch = tokenize(self.tokenizer, list(texts), list(contexts))
        with torch.inference_mode():
            logits = self.module(
                batch["input_ids"],
                batch["attention_mask"],
                batch["token_type_ids"],
                torch.tensor(features, dtype=torch.float32),
            )
            probs = torch.softmax(logits.double(), dim=1).numpy()
        return [
            {label: float(p) for label, p in zip(self.labels, row, strict=True)} for row in probs
        ]


def read_config(folder: Path) -> SpanConfig:
    """Read config.json of the span model's folder.

    Raises:
        ResourceError: when it is missing, not JSON or malformed.
    """
    path = folder / CONFIG_FILE
    try:
        return SpanConfig.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ResourceError(f"The span classifier {path} is missing: run `{COMMAND}`.") from exc
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"The span classifier {path} is malformed ({exc}).") from exc


def load_span_classifier(
    data: Path, *, quantize: bool = True, runtime: str = "torch"
) -> SpanClassifier | OnnxSpanClassifier | None:
    """Return the fine-tuned classifier, or None when its files are absent from the data folder.

    Args:
        data: the data folder holding span_classifier/.
        quantize: dynamic int8 quantization of the Linear layers (as the role encoder's); the
            ONNX graph is always int8.
        runtime: "onnx" (ONNX Runtime, no torch: onnx_runtime.py) or "torch".
    Returns:
        A SpanClassifier (torch) or OnnxSpanClassifier, or None without
        span_classifier/config.json (the head then decides).
    Raises:
        ResourceError: when the files are there but do not fit the installed encoder or code.
        EncoderUnavailable: when the runtime, tokenizers or the encoder package is missing.
    """
    from ..roles.evidence import FEATURE_NAMES
    from .encoder import ENCODER_NAME, load_encoder_model

    folder = spans_dir(data)
    if not (folder / CONFIG_FILE).is_file():
        return None
    config = read_config(folder)
    if config.features != FEATURE_NAMES:
        raise ResourceError(
            f"The span classifier was trained on other evidence features: run `{COMMAND}`."
        )
    if config.encoder != ENCODER_NAME:
        raise ResourceError(
            f"The span classifier was trained over {config.encoder!r}: run `{COMMAND}`."
        )
    if runtime == "onnx":
        from .onnx_runtime import load_onnx_span_classifier

        # the graph's weight digest covers the frozen word embeddings of the installed package
        return load_onnx_span_classifier(folder, config)
    tokenizer, encoder = load_encoder_model()
    if embedding_checksum(encoder) != config.embedding_checksum:
        raise ResourceError(
            "The span classifier was trained over other encoder weights than the installed "
            f"ones: run `{COMMAND}`."
        )
    import torch
    from safetensors import SafetensorError  # comes with transformers
    from safetensors.torch import load_file

    module = build_module(encoder, len(config.features), len(config.labels))
    try:
        state = load_file(str(folder / WEIGHTS_FILE))
    except (OSError, SafetensorError) as exc:
        raise ResourceError(f"The span classifier weights cannot be read ({exc}).") from exc
    state = {name: tensor.float() for name, tensor in state.items()}
    missing, unexpected = module.load_state_dict(state, strict=False)
    if unexpected or set(missing) != {f"encoder.{FROZEN}"}:
        raise ResourceError(
            f"The span classifier weights do not fit the model (missing {sorted(missing)[:3]}, "
            f"unexpected {sorted(unexpected)[:3]}): run `{COMMAND}`."
        )
    if quantize:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch's deprecation notice for the eager API
            module = torch.ao.quantization.quantize_dynamic(
                module, {torch.nn.Linear}, dtype=torch.qint8
            )
    return SpanClassifier(module, tokenizer, config)
