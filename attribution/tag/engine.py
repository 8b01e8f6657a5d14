"""What runs the tagger's forward pass: ONNX Runtime (default) or torch.

Both take padded int64 arrays (``input_ids``, ``attention_mask``, ``case_ids``)
and return numpy ``logits`` and ``pointer_scores``; the rest of the pipeline
does not care which ran.

* **onnx** (default): the saved tagger is exported once to ONNX (fp32: the same
  weights and arithmetic, outputs agree with torch to ~1e-5), and for int8 once
  more with textbook attention arithmetic, which ONNX Runtime's BERT optimizer
  fuses (Attention, SkipLayerNormalization, BiasGelu) before the encoder's matrix
  products are quantized (weights per output channel, activations dynamically;
  the small output heads stay fp32).  Both graphs are cached under
  :func:`cache_dir`, each with its SHA-256 beside it (``.onnx.sha256``); later loads
  check it, read the cached graph and need no torch at all.  A graph whose bytes
  changed is exported again rather than run with wrong weights.
  The fused graph runs a window on 2 threads in 8.4 ms instead of 10.5 at the same
  accuracy (``scripts/bench_precision.py``); on one thread it gains nothing.
  Measured on PolNeAR dev: fp32 ONNX scores exactly as torch and runs ~1.5x
  faster; int8 ONNX runs ~1.7x faster again and costs 0 to 0.56 attribution-F1
  points depending on the window step (0.34 on average), so int8 is the default
  (see README, "Speed and memory").  Dynamic int8 scales activations per batch,
  so an int8 engine tags each window alone
  (``batch_invariant`` is False): a document's report never depends on the
  documents it happened to be batched with, and on 2 cores it is no slower.
* **torch**: the model in eager mode, fp32 by default; its ``quantize=True``
  (torch's per-tensor dynamic int8) costs 1.1-1.9 F1 points and is kept for
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
GRAPH_VERSION = 2  # 2: int8 from the fused graph, heads kept fp32
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
    h.update(f"opset{OPSET}-graph{GRAPH_VERSION}".encode())
    return h.hexdigest()[:20]


def export_onnx(model, path: Path, fusable: bool = False) -> None:
    """Write ``model`` (an :class:`~attribution.tag.model.AttributionTagger`) as ONNX, atomically.

    ``fusable``: write attention as matmul + additive mask + softmax (the pattern ONNX
    Runtime's optimizer fuses) rather than torch's fused attention op.
    """
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
    encoder = getattr(model, "encoder", None)
    before = getattr(encoder, "additive_mask", None)
    if before is not None:
        encoder.additive_mask = fusable
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(_Outputs(model.eval()).eval(), example, tmp, input_names=list(INPUTS),
                              output_names=["logits", "pointer_scores"], opset_version=OPSET, dynamo=False,
                              dynamic_axes={k: {0: "batch", 1: "length"} for k in INPUTS})
        os.replace(tmp, path)
    finally:
        if before is not None:
            encoder.additive_mask = before
        if os.path.exists(tmp):
            os.unlink(tmp)


def fuse_onnx(src: Path, dst: Path, num_heads: int, hidden_size: int) -> int:
    """ONNX Runtime's BERT graph optimizer (offline): returns how many attention blocks it fused."""
    import logging

    from onnxruntime.transformers import optimizer

    logging.getLogger("onnxruntime.transformers").setLevel(logging.ERROR)
    fused = optimizer.optimize_model(str(src), model_type="bert", num_heads=num_heads, hidden_size=hidden_size,
                                     opt_level=0)
    fused.save_model_to_file(str(dst))
    return int(fused.get_fused_operator_statistics().get("Attention", 0))


def quantize_onnx(src: Path, dst: Path) -> None:
    """int8 encoder weights, per output channel, activations quantized on the fly (dynamic), atomically.

    The output heads (every matrix product outside the encoder) stay fp32: they are
    a sliver of the compute, and quantizing them cost accuracy for no speed.
    """
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    heads = [n.name for n in onnx.load(str(src), load_external_data=False).graph.node
             if n.op_type == "MatMul" and "/encoder/" not in n.name]
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".onnx", dir=dst.parent)
    os.close(fd)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # quantize_dynamic advises pre-processing on the root logger
    try:
        quantize_dynamic(str(src), tmp, weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=heads,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})  # types of fused-op outputs
        os.replace(tmp, dst)
    finally:
        root.setLevel(level)
        if os.path.exists(tmp):
            os.unlink(tmp)


def export_int8(model, dst: Path) -> None:
    """The int8 graph: a fusable export, fused when ONNX Runtime's optimizer can (else as exported), quantized."""
    work = Path(tempfile.mkdtemp(prefix=".tmp-int8-", dir=dst.parent))
    try:
        export_onnx(model, work / "plain.onnx", fusable=True)
        src = work / "plain.onnx"
        config = model.encoder.config
        try:
            if fuse_onnx(src, work / "fused.onnx", config.num_attention_heads, config.hidden_size):
                src = work / "fused.onnx"
        except Exception as err:  # noqa: BLE001 - an optimizer that cannot handle the graph: quantize it unfused
            warn(f"ONNX Runtime's optimizer failed ({type(err).__name__}: {err}); int8 graph left unfused")
        quantize_onnx(src, dst)
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


def checksum_path(graph: Path) -> Path:
    """Where the SHA-256 of a cached graph is kept: ``<graph>.sha256`` beside it."""
    return graph.with_name(graph.name + ".sha256")


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def write_checksum(graph: Path) -> None:
    """Record the SHA-256 of a freshly exported graph, atomically (best effort: a cache that
    refuses the small file only costs a new export next time)."""
    target = checksum_path(graph)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".sha256", dir=graph.parent)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(file_sha256(graph) + "\n")
        os.replace(tmp, target)
    except OSError:
        pass


def cache_state(graph: Path) -> str:
    """``"ok"``: the cached graph matches the checksum recorded when it was exported; ``"missing"``:
    no graph, or one without a checksum (from an older version); ``"damaged"``: the bytes changed
    since (a disk error, a copy cut short, someone editing the weights), which ONNX Runtime would
    load without complaint and run with wrong weights."""
    if not graph.is_file():
        return "missing"
    try:
        recorded = checksum_path(graph).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "missing"
    try:
        return "ok" if file_sha256(graph) == recorded else "damaged"
    except OSError:
        return "damaged"


def _temporary_cache() -> Path:
    """A private folder for this process's export, removed when it ends."""
    import atexit
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="attribution-onnx-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def onnx_path(model_dir: Path, base_path: Path | None, load_torch_model, int8: bool = False) -> Path:
    """The cached ONNX graph of a saved tagger (fp32, or int8), exported on first use from ``load_torch_model()``.

    A cached graph is used only if it matches the SHA-256 recorded beside it at export;
    otherwise it is exported again. When the cache cannot hold the graph (the folder is not
    writable, or something that is not a file sits at the graph's path) the graph is
    exported into a temporary folder for this run.
    """
    key = model_key(model_dir, base_path)
    name = f"tagger-{key}-int8.onnx" if int8 else f"tagger-{key}.onnx"
    folder = cache_dir()
    reuse = "later runs reuse it"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(prefix=".tmp-", dir=folder)
        probe.close()
    except OSError:  # no writable cache: export into a temporary folder, removed when this process ends
        folder = _temporary_cache()
        reuse = f"the cache folder {cache_dir()} is not writable, so every run exports again"
    graph = folder / name
    if (graph.exists() or graph.is_symlink()) and not graph.is_file():
        folder = _temporary_cache()
        reuse = f"{graph} is not a file (remove it to let later runs reuse the export)"
        graph = folder / name
    state = cache_state(graph)
    if state == "ok":
        return graph
    if state == "damaged":
        warn(f"the cached ONNX graph {graph} does not match its recorded checksum (damaged); exporting it again")
    kind = "ONNX int8" if int8 else "ONNX"
    warn(f"exporting the model to {kind} into {folder} (a few seconds; {reuse})")
    if int8:
        export_int8(load_torch_model(), graph)
    else:
        export_onnx(load_torch_model(), graph)
    write_checksum(graph)
    return graph


def clear_cache(model_dir: Path, base_path: Path | None) -> None:
    """Forget the cached graphs of one saved tagger (and their checksums); leaves alone anything
    at those paths that is not a file."""
    key = model_key(model_dir, base_path)
    for path in [*cache_dir().glob(f"tagger-{key}*.onnx"), *cache_dir().glob(f"tagger-{key}*.onnx.sha256")]:
        if path.is_file() or path.is_symlink():
            try:
                path.unlink()
            except OSError:
                pass


def onnx_available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def warn(msg: str) -> None:
    print(f"attribution: {msg}", file=sys.stderr)
