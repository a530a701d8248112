"""Export of the frozen encoder and the span model to ONNX graphs for onnx_runtime.py (torch).

`notewell export-onnx` writes both from the installed encoder package and the shipped span
weights; `notewell train spans` writes the span graph after training. Each export: the torch
module to ONNX (float32, constants folded), ONNX Runtime's dynamic int8 quantization of the
MatMul weights (per tensor), its activation quantization replaced by torch's (see
`torch_activation_quantization`), then every weight of the graph is traced back to the tensor of
the weight files it came from (by its bytes, or those of its transpose), rebuilt from there as
the loader will rebuild it, compared bit for bit (float weights with the graph's, int8 weights
and scales with torch's own `quantize_dynamic`), and stripped from the graph. What is written is
the computation and the recipe, a few hundred KB, never a second copy of the weights.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError
from .onnx_runtime import (
    ENCODER_DIR,
    ENCODER_GRAPH,
    RECIPE_FORMAT,
    RECIPE_SUFFIX,
    SPAN_GRAPH,
    SpanSources,
    assemble,
    digest,
    load_tokenizer,
    make_session,
    package_weights,
    read_safetensors,
    token_arrays,
)

OPSET = 17
IR_VERSION = 8  # read by every onnxruntime release of the last years
PARTS = ("quantized", "scale", "zero_point")  # the suffixes onnxruntime's quantizer gives
SUPPLIED = "supplied-by-the-loader"  # the location of every stripped weight
SAMPLE = [
    ("talked about work stress and practiced a breathing exercise", "[SEP] Plan: follow up"),
    ("pt reported sleeping better", "HW: sleep diary [SEP]"),
    ("next session review the thought record", ""),
]


def _key(array: np.ndarray) -> tuple[tuple[int, ...], str]:
    a = np.ascontiguousarray(array, dtype=np.float32)
    return a.shape, hashlib.sha256(a.tobytes()).hexdigest()


def source_index(sources: Mapping[str, np.ndarray]) -> dict[tuple, tuple[str, bool]]:
    """Each source tensor (and its transpose, if 2-D) by shape and bytes -> (name, transposed)."""
    index: dict[tuple, tuple[str, bool]] = {}
    for name in sources:
        array = sources[name]
        if array.dtype.kind != "f":
            continue
        index.setdefault(_key(array), (name, False))
        if array.ndim == 2:
            index.setdefault(_key(array.T), (name, True))
    return index


def recipe_of(float_model: Any, model: Any, sources: Mapping[str, np.ndarray]) -> dict[str, Any]:
    """Trace every weight of the quantized graph to its source tensor.

    Args:
        float_model: the float32 graph, before quantization (its initializer names survive).
        model: the quantized graph.
        sources: the tensors the loader will read.
    Returns:
        {initializer name: {"source", "transpose"[, "part"]}} for the weights found.
    """
    from onnx import numpy_helper

    index = source_index(sources)
    base: dict[str, tuple[str, bool]] = {}
    for init in float_model.graph.initializer:
        array = numpy_helper.to_array(init)
        if array.dtype == np.float32 and array.size > 1 and _key(array) in index:
            base[init.name] = index[_key(array)]
    dims = {init.name: tuple(init.dims) for init in model.graph.initializer}
    recipe: dict[str, Any] = {}
    for init in model.graph.initializer:
        found = base.get(init.name)
        part = None
        if found is None:
            for suffix in PARTS:
                stem = init.name.removesuffix(f"_{suffix}")
                if stem != init.name and stem in base:
                    found, part = base[stem], suffix
                    break
            if found is not None:
                # the quantizer turns Gemm(transB=1) into MatMul over the transposed weight
                shape = sources[found[0]].shape[:: -1 if found[1] else 1]
                if dims.get(f"{stem}_quantized") != shape:
                    found = (found[0], not found[1])
        if found is not None:
            entry: dict[str, Any] = {"source": found[0], "transpose": found[1]}
            if part:
                entry["part"] = part
            recipe[init.name] = entry
    return recipe


def torch_int8_weights(module: Any) -> dict[str, tuple[np.ndarray, float]]:
    """torch's `quantize_dynamic` of a module: each Linear's int8 weight and scale by the name
    of its float weight in the module's state dict."""
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's deprecation notice for the eager API
        quantized = torch.ao.quantization.quantize_dynamic(
            module, {torch.nn.Linear}, dtype=torch.qint8
        )
    out = {}
    for name, child in quantized.named_modules():
        weight = getattr(child, "weight", None)
        if callable(weight) and hasattr(child, "_packed_params"):
            q = weight()
            out[f"{name}.weight"] = (q.int_repr().numpy(), float(q.q_scale()))
    return out


def strip_weights(
    model: Any,
    recipe: dict[str, Any],
    sources: Mapping[str, np.ndarray],
    reference: dict[str, tuple[np.ndarray, float]],
) -> str:
    """Check the recipe rebuilds every weight exactly, then strip them from the graph.

    Float weights must equal the graph's; int8 weights and scales must equal torch's own
    (`reference`), which is what the torch path runs.

    Returns:
        The digest of the rebuilt weights.
    Raises:
        ResourceError: when a rebuilt weight differs.
    """
    from onnx import TensorProto, numpy_helper

    arrays = assemble(recipe, sources)
    for init in model.graph.initializer:
        if init.name not in recipe:
            continue
        how, built = recipe[init.name], arrays[init.name]
        part = how.get("part")
        if part is None:
            expected = numpy_helper.to_array(init)
        elif part == "zero_point":
            expected = np.array(0, dtype=np.int8)
        else:
            if how["source"] not in reference:
                raise ResourceError(f"torch does not quantize the weight {how['source']}.")
            q, scale = reference[how["source"]]
            expected = (q.T if how["transpose"] else q) if part == "quantized" else scale
            expected = np.asarray(expected, dtype=built.dtype)
        if expected.dtype != built.dtype or not np.array_equal(expected, built):
            raise ResourceError(f"The rebuilt weight {init.name} differs from the exported one.")
        for field in ("raw_data", "float_data", "int32_data", "int64_data"):
            init.ClearField(field)
        init.data_location = TensorProto.EXTERNAL
        del init.external_data[:]
        entry = init.external_data.add()
        entry.key, entry.value = "location", SUPPLIED
    return digest(arrays)


def torch_activation_quantization(model: Any) -> None:
    """Quantize activations as torch's dynamic Linear does on x86 (fbgemm, reduce_range):
    one scale for the whole tensor, (max(x, 0) - min(x, 0)) / 127 in double precision, the zero
    point round(-min / scale) in [0, 127]. ONNX Runtime's own DynamicQuantizeLinear uses the
    full [0, 255], so each of its nodes is replaced by these operators, same outputs."""
    from onnx import TensorProto, helper

    consts = {
        "torchq_zero": 0.0,
        "torchq_span": 127.0,
        "torchq_fallback": 0.1,
        "torchq_top": 127.0,
    }
    for name, value in consts.items():
        model.graph.initializer.append(helper.make_tensor(name, TensorProto.DOUBLE, [], [value]))
    nodes = []
    for node in model.graph.node:
        if node.op_type != "DynamicQuantizeLinear":
            nodes.append(node)
            continue
        x, (y, scale, zero) = node.input[0], node.output
        t = f"{y}_torchq"
        make = helper.make_node
        nodes += [
            make("ReduceMin", [x], [f"{t}_min32"], keepdims=0),
            make("ReduceMax", [x], [f"{t}_max32"], keepdims=0),
            make("Cast", [f"{t}_min32"], [f"{t}_min64"], to=TensorProto.DOUBLE),
            make("Cast", [f"{t}_max32"], [f"{t}_max64"], to=TensorProto.DOUBLE),
            make("Min", [f"{t}_min64", "torchq_zero"], [f"{t}_lo"]),
            make("Max", [f"{t}_max64", "torchq_zero"], [f"{t}_hi"]),
            make("Sub", [f"{t}_hi", f"{t}_lo"], [f"{t}_range"]),
            make("Div", [f"{t}_range", "torchq_span"], [f"{t}_raw"]),
            make("Equal", [f"{t}_raw", "torchq_zero"], [f"{t}_flat"]),
            make("Where", [f"{t}_flat", "torchq_fallback", f"{t}_raw"], [f"{t}_scale64"]),
            make("Cast", [f"{t}_scale64"], [scale], to=TensorProto.FLOAT),
            make("Div", [f"{t}_lo", f"{t}_scale64"], [f"{t}_ratio"]),
            make("Neg", [f"{t}_ratio"], [f"{t}_zp"]),
            make("Round", [f"{t}_zp"], [f"{t}_zpr"]),
            make("Clip", [f"{t}_zpr", "torchq_zero", "torchq_top"], [f"{t}_zpc"]),
            make("Cast", [f"{t}_zpc"], [zero], to=TensorProto.UINT8),
            make("QuantizeLinear", [x, scale, zero], [y]),
        ]
    del model.graph.node[:]
    model.graph.node.extend(nodes)


def export_graph(
    module: Any,
    example: dict[str, Any],
    outputs: list[str],
    sources: Mapping[str, np.ndarray],
    reference: dict[str, tuple[np.ndarray, float]],
    graph: Path,
    meta: dict[str, Any],
) -> dict[str, Any]:
    """Export a torch module to an int8 ONNX graph without its weights, and its recipe.

    Args:
        module: the torch module in eval mode.
        example: its inputs by name (torch tensors; the first axis or two are dynamic).
        outputs: the output names.
        sources: the tensors the loader will rebuild the weights from.
        reference: torch's own int8 weights and scales by source name (`torch_int8_weights`).
        graph: where to write the graph; the recipe goes beside it (.json).
        meta: recorded in the recipe.
    Returns:
        The recipe written.
    """
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    names = list(example)
    axes: dict[str, dict[int, str]] = {n: {0: "batch", 1: "tokens"} for n in names}
    axes.update({n: {0: "batch"} for n in names if n == "features"})
    axes.update({n: {0: "batch"} for n in outputs})
    with tempfile.TemporaryDirectory() as tmp:
        float_path, int8_path = Path(tmp) / "float.onnx", Path(tmp) / "int8.onnx"
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notices
            torch.onnx.export(
                module,
                tuple(example[n] for n in names),
                str(float_path),
                input_names=names,
                output_names=outputs,
                dynamic_axes=axes,
                opset_version=OPSET,
                do_constant_folding=True,
                dynamo=False,
            )
        quantize_dynamic(
            str(float_path),
            str(int8_path),
            weight_type=QuantType.QInt8,
            per_channel=False,
            op_types_to_quantize=["MatMul"],
        )
        float_model = onnx.load(str(float_path))
        model = onnx.load(str(int8_path))
    recipe = recipe_of(float_model, model, sources)
    weights_digest = strip_weights(model, recipe, sources, reference)
    torch_activation_quantization(model)
    model.ir_version = IR_VERSION
    graph.parent.mkdir(parents=True, exist_ok=True)
    graph.write_bytes(model.SerializeToString())
    import onnxruntime

    record = {
        "format": RECIPE_FORMAT,
        "digest": weights_digest,
        "quantization": "torch's dynamic int8: MatMul weights per tensor, symmetric; "
        "activations per tensor at run time, uint8 in [0, 127]",
        "opset": OPSET,
        "exported_with": {"torch": torch.__version__, "onnxruntime": onnxruntime.__version__},
        "meta": meta,
        "initializers": recipe,
    }
    text = json.dumps(record, indent=1) + "\n"
    graph.with_suffix(RECIPE_SUFFIX).write_text(text, encoding="utf-8")
    return record


def pooled_layers_module(bert: Any) -> Any:
    """MiniLM with every hidden layer mean-pooled under the mask and L2-normalised: (b, 7, 384)."""
    import torch

    class PooledLayers(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
                output_hidden_states=True,
            ).hidden_states
            mask = attention_mask.unsqueeze(-1).to(hidden[-1].dtype)
            count = mask.sum(1).clamp(min=1e-9)
            pooled = [
                torch.nn.functional.normalize((h * mask).sum(1) / count, p=2, dim=1) for h in hidden
            ]
            return torch.stack(pooled, dim=1)

    return PooledLayers().eval()


def _torch_inputs(batch: dict[str, np.ndarray], names: list[str]) -> dict[str, Any]:
    import torch

    return {n: torch.from_numpy(batch[n]) for n in names}


def export_encoder(data: Path) -> dict[str, Any]:
    """Write encoder/encoder.onnx and encoder.json of the data folder from the installed package.

    Returns:
        The recipe, with "max_abs_diff": the largest difference of the pooled vectors from
        torch's int8 encoder on a few sentences.
    """
    from .encoder import load_encoder_model

    _, bert = load_encoder_model()
    module = pooled_layers_module(bert.eval())
    tokenizer = load_tokenizer()
    batch = token_arrays(tokenizer, [t for t, _ in SAMPLE])
    example = _torch_inputs(batch, ["input_ids", "attention_mask"])
    graph = Path(data) / ENCODER_DIR / ENCODER_GRAPH
    sources = package_weights()
    reference = torch_int8_weights(bert)
    meta = {"what": "frozen encoder"}
    record = export_graph(module, example, ["pooled"], sources, reference, graph, meta)
    return {**record, "max_abs_diff": _check(module, example, graph, sources)}


def export_span_model(data: Path) -> dict[str, Any]:
    """Write span_classifier/model.onnx and model.json from the shipped span weights.

    Returns:
        The recipe, with "max_abs_diff": the largest difference of the logits from torch's
        int8 span model on a few segments.
    """
    from .span_model import WEIGHTS_FILE, load_span_classifier, spans_dir

    loaded = load_span_classifier(Path(data), quantize=False)
    if loaded is None:
        raise ResourceError(f"There is no span classifier in {spans_dir(Path(data))} to export.")
    folder = spans_dir(Path(data))
    tokenizer = load_tokenizer()
    batch = token_arrays(tokenizer, [t for t, _ in SAMPLE], [c for _, c in SAMPLE])
    n_features = len(loaded.config.features)
    batch["features"] = np.linspace(0, 1, len(SAMPLE) * n_features, dtype=np.float32).reshape(
        len(SAMPLE), n_features
    )
    names = ["input_ids", "attention_mask", "token_type_ids", "features"]
    example = _torch_inputs(batch, names)
    sources = SpanSources(read_safetensors(folder / WEIGHTS_FILE), package_weights())
    graph = folder / SPAN_GRAPH
    meta = {"what": "span classifier", **loaded.config.meta}
    reference = torch_int8_weights(loaded.module)
    record = export_graph(loaded.module, example, ["logits"], sources, reference, graph, meta)
    return {**record, "max_abs_diff": _check(loaded.module, example, graph, sources)}


def _check(module: Any, example: dict[str, Any], graph: Path, sources: Mapping) -> float:
    """The largest absolute difference between torch's int8 module and the graph on `example`."""
    import torch

    session = make_session(graph, sources)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's deprecation notice for the eager API
        quantized = torch.ao.quantization.quantize_dynamic(
            module, {torch.nn.Linear}, dtype=torch.qint8
        )
    with torch.inference_mode():
        expected = quantized(*example.values()).numpy()
    got = session.run(None, {n: t.numpy() for n, t in example.items()})[0]
    return float(np.abs(expected - got).max())
