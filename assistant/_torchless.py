"""Imported first by the package: spaCy without torch (thinc imports torch when installed).

Structuring never needs torch (the encoder and span model run under ONNX Runtime), but thinc's
`compat` module tries `import torch` at import time, which costs about 2 s and 300 MB. While
thinc is first imported, `import torch` is made to fail, so thinc takes the path it takes on a
machine without torch (its torch interop switched off, which spaCy's CPU pipelines never use);
torch itself stays importable afterwards for training (`notewell train ...`) and the torch
runtime (NOTEWELL_RUNTIME=torch).
"""

from __future__ import annotations

import sys


def import_thinc_without_torch() -> None:
    """Import thinc with torch hidden, unless thinc or torch is imported already."""
    if "thinc" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]


import_thinc_without_torch()
