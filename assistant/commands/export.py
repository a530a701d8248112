"""`notewell export-onnx`: write the ONNX graphs that structuring runs under ONNX Runtime.

Needs torch and onnx (the `model` extra); reads the installed encoder package and the span
model's weights in the data folder, and writes encoder/encoder.onnx and span_classifier/
model.onnx there, each with its recipe (.json). `notewell train spans` runs the span half itself.
"""

from __future__ import annotations

import argparse
import time

from ..errors import ResourceError
from ..resources import data_dir

PARTS = ("encoder", "spans")


def run(args: argparse.Namespace) -> int:
    """Export the parts asked for and print, for each, torch's and the graph's difference."""
    try:
        from ..classifier.onnx_export import export_encoder, export_span_model
    except ImportError as exc:
        raise ResourceError(f"Exporting needs the `model` extra ({exc}).") from exc
    from ..classifier.encoder import EncoderUnavailable

    data = data_dir()
    exports = {"encoder": export_encoder, "spans": export_span_model}
    for part in args.only or PARTS:
        started = time.perf_counter()
        try:
            record = exports[part](data)
        except EncoderUnavailable as exc:
            raise ResourceError(f"Cannot export the {part}: {exc}.") from exc
        print(
            f"{part}: {len(record['initializers'])} weights traced to their files, digest "
            f"{record['digest']}, largest difference from torch int8 "
            f"{record['max_abs_diff']:.4f} ({time.perf_counter() - started:.1f} s)"
        )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `notewell export-onnx`."""
    p = sub.add_parser("export-onnx", help="write the ONNX graphs of the encoder and span model")
    p.add_argument("--only", action="append", choices=PARTS, help="export this part only")
    p.set_defaults(run=run)
