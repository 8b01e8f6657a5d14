"""What runs the tagger's forward pass: ONNX Runtime (default) or torch.

Both take padded int64 arrays (``input_ids``, ``attention_mask``, ``case_ids``)
and return numpy ``logits`` and ``pointer_scores``; the rest of the pipeline
does not care which ran.

* **onnx** (default): the saved tagger is exported once to ONNX (fp32: the same
  weights and arithmetic, outputs agree with torch to ~1e-5), then quantized to
  int8 (weights per output channel, activations dynamically), both cached under
  :func:`cache_dir`; later loads read the cached graph and need no torch at all.
  Measured on PolNeAR dev: fp32 ONNX scores exactly as torch and runs ~1.5x
  faster; int8 ONNX runs ~1.8x faster again and costs 0.42 attribution-F1 points,
  so int8 is the default (see README, "Speed and memory").  Dynamic int8 scales
  activations per batch, so an int8 engine tags each window alone
  (``batch_invariant`` is False): a document's report never depends on the
  documents it happened to be batched with, and on 2 cores it is no slower.
* **torch**: the model in eager mode, fp32 by default; its ``quantize=True``
  (torch's per-tensor dynamic int8) costs ~1.1 F1 points and is kept for
  comparison only.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ENGINES = ("onnx", "torch")
DEFAULT_ENGINE = "onnx"
DEFAULT_INT8 = {"onnx": True, "torch": False}
OPSET = 17
INPUTS = ("input_ids", "attention_mask", "case_ids")


def cache_dir() -> Path:
    """``$ATTRIBUTION_CACHE``, else ``$XDG_CACHE_HOME/attribution``, else ``~/.cache/attribution``."""
    env = os.environ.get("ATTRIBUTION_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "attribution"


class TorchEngine:
    """The tagger module itself (fp32, or int8 dynamic quantization)."""

    name = "torch"

    def __init__(self, model, int8: bool = False):
        self.model = model
        self.int8 = int8

    @property
    def batch_invariant(self) -> bool:
        """Does a window's output not depend on the other windows of its batch?  Not with dynamic
        int8: activations are quantized with one scale for the whole batch."""
        return not self.int8

    def __call__(self, input_ids: np.ndarray, attention_mask: np.ndarray, case_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        import torch

        with torch.inference_mode():
            out = self.model(input_ids=torch.from_numpy(input_ids), attention_mask=torch.from_numpy(attention_mask),
                             case_ids=torch.from_numpy(case_ids))
        return out["logits"].float().numpy(), out["pointer_scores"].float().numpy()


class OnnxEngine:
    """An ONNX Runtime session over the exported tagger."""

    name = "onnx"

    def __init__(self, path: str | Path, threads: int | None = None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.path = Path(path)
        self.int8 = Path(path).stem.endswith("-int8")

    @property
    def batch_invariant(self) -> bool:
        return not self.int8

    def __call__(self, input_ids: np.ndarray, attention_mask: np.ndarray, case_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        logits, pointer = self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask,
                                                  "case_ids": case_ids})
        return logits, pointer


def model_key(model_dir: Path, base_path: Path | None) -> str:
    """Names the exported graph: the saved weights and config, the base embeddings, the exporter."""
    h = hashlib.sha256()
    for f in (model_dir / "tagger.safetensors", model_dir / "tagger_config.json"):
        h.update(f.read_bytes())
    if base_path is not None and (base_path / "model.safetensors").exists():
        st = (base_path / "model.safetensors").stat()
        h.update(f"{st.st_size}".encode())
    h.update(f"opset{OPSET}".encode())
    return h.hexdigest()[:20]


def export_onnx(model, path: Path) -> None:
    """Write ``model`` (an :class:`~attribution.tag.model.AttributionTagger`) as ONNX, atomically."""
    import warnings

    import torch

    class _Outputs(torch.nn.Module):  # ONNX wants a tuple out, not a dict
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, case_ids):
            out = self.inner(input_ids=input_ids, attention_mask=attention_mask, case_ids=case_ids)
            return out["logits"], out["pointer_scores"]

    example = (torch.full((2, 8), 1000, dtype=torch.long), torch.ones(2, 8, dtype=torch.long), torch.zeros(2, 8, dtype=torch.long))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".onnx", dir=path.parent)
    os.close(fd)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(_Outputs(model.eval()).eval(), example, tmp, input_names=list(INPUTS),
                              output_names=["logits", "pointer_scores"], opset_version=OPSET, dynamo=False,
                              dynamic_axes={k: {0: "batch", 1: "length"} for k in INPUTS})
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def quantize_onnx(src: Path, dst: Path) -> None:
    """int8 weights, per output channel, activations quantized on the fly (dynamic), atomically."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".onnx", dir=dst.parent)
    os.close(fd)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # quantize_dynamic advises pre-processing on the root logger
    try:
        quantize_dynamic(str(src), tmp, weight_type=QuantType.QInt8, per_channel=True)
        os.replace(tmp, dst)
    finally:
        root.setLevel(level)
        if os.path.exists(tmp):
            os.unlink(tmp)


def onnx_path(model_dir: Path, base_path: Path | None, load_torch_model, int8: bool = False) -> Path:
    """The cached ONNX graph of a saved tagger (fp32, or int8), exported on first use from ``load_torch_model()``."""
    key = model_key(model_dir, base_path)
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(prefix=".tmp-", dir=folder)
        probe.close()
    except OSError:  # no writable cache: export into a temporary folder, removed when this process ends
        import atexit
        import shutil

        folder = Path(tempfile.mkdtemp(prefix="attribution-onnx-"))
        atexit.register(shutil.rmtree, folder, True)
    fp32 = folder / f"tagger-{key}.onnx"
    if not fp32.exists():
        export_onnx(load_torch_model(), fp32)
    if not int8:
        return fp32
    q8 = folder / f"tagger-{key}-int8.onnx"
    if not q8.exists():
        quantize_onnx(fp32, q8)
    return q8


def clear_cache(model_dir: Path, base_path: Path | None) -> None:
    """Forget the cached graphs of one saved tagger."""
    for path in cache_dir().glob(f"tagger-{model_key(model_dir, base_path)}*.onnx"):
        path.unlink(missing_ok=True)


def onnx_available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def warn(msg: str) -> None:
    print(f"attribution: {msg}", file=sys.stderr)
