"""The loaded tagger: text in, typed spans with pointer links out."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from attribution.tag.decode import decode_spans
from attribution.tag.predict import WordPredictions, as_engine, predict_words
from attribution.tag.windows import DEFAULT_STRIDE, WINDOW_LENGTH
from attribution.tag.words import Word, split_words


@dataclass
class TaggedSpan:
    """A SOURCE / CUE / CONTENT span with character offsets and its word range."""

    role: str
    start: int
    end: int
    word_start: int
    word_end: int
    score: float


@dataclass
class TaggedText:
    text: str
    words: list[Word]
    spans: list[TaggedSpan]
    predictions: WordPredictions


class Tagger:
    """Engine + tokenizer, loaded once; tags texts in streaming batches."""

    def __init__(self, engine, tokenizer, model_dir: str | None = None, batch_size: int = 32,
                 stride: float = DEFAULT_STRIDE, max_length: int | None = None):
        """``engine``: an :mod:`attribution.tag.engine` engine, or a torch tagger module."""
        self.engine = as_engine(engine)
        self.tokenizer = tokenizer
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.stride = stride
        module = getattr(self.engine, "model", None)
        self.max_length = max_length or getattr(getattr(module, "config", None), "max_length", WINDOW_LENGTH)

    @property
    def model(self):
        """The torch module, when the torch engine runs (else None)."""
        return getattr(self.engine, "model", None)

    @classmethod
    def load(cls, model_dir: str | Path | None = None, quantize: bool | None = None, threads: int | None = None,
             stride: float = DEFAULT_STRIDE, engine: str | None = None) -> Tagger:
        """Load a saved tagger on ``engine`` ("onnx", the default, or "torch").

        ``quantize``: int8 (True) or fp32 (False); None takes the engine's default,
        int8 on onnx (about 0.4 attribution-F1 points below fp32 on PolNeAR dev) and fp32 on
        torch (whose int8 costs 1.1-1.9; ``scripts/bench_precision.py``).
        """
        import json

        from attribution.tag import engine as engines
        from attribution.tag.encoder import base_encoder_path, load_inference_tokenizer

        model_dir = Path(model_dir) if model_dir else default_model_dir()
        config_file = model_dir / "tagger_config.json"
        if not config_file.is_file():
            raise FileNotFoundError(f"{model_dir}: not a saved tagger (no tagger_config.json)")
        max_length = json.loads(config_file.read_text(encoding="utf-8")).get("max_length", WINDOW_LENGTH)
        name = engine or engines.DEFAULT_ENGINE
        if name not in engines.ENGINES:
            raise ValueError(f"unknown engine {name!r}: choose from {', '.join(engines.ENGINES)}")
        if name == "onnx" and not engines.onnx_available():
            engines.warn("onnxruntime is not installed; running on torch")
            name = "torch"
        if quantize is None:
            quantize = engines.DEFAULT_INT8[name]
        base = base_encoder_path()
        torch_model = _torch_loader(model_dir, base, threads)
        runner = None
        if name == "onnx":
            runner = _onnx_engine(model_dir, base, torch_model, threads, quantize)
            quantize = quantize and runner is not None  # torch's int8 is not what was asked for
        if runner is None:
            model = torch_model()
            if quantize:
                import torch

                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
            runner = engines.TorchEngine(model, int8=bool(quantize))
        tokenizer = load_inference_tokenizer(model_dir)
        return cls(runner, tokenizer, str(model_dir), stride=stride, max_length=max_length)

    def tag_many(self, texts: Iterable[str]) -> Iterator[TaggedText]:
        """Tag texts in order; windows of consecutive texts share batches."""
        pairs = ((t, split_words(t)) for t in texts)
        buffer: list[tuple[str, list[Word]]] = []

        def words_stream():
            for text, words in pairs:
                buffer.append((text, words))
                yield [w.text for w in words]

        for pred in predict_words(self.engine, self.tokenizer, words_stream(), self.max_length, self.batch_size,
                                  self.stride):
            text, words = buffer.pop(0)
            spans = [TaggedSpan(s.role, words[s.start].start, words[s.end - 1].end, s.start, s.end, s.score)
                     for s in decode_spans(pred.probs)]
            yield TaggedText(text, words, spans, pred)

    def tag(self, text: str) -> TaggedText:
        return next(self.tag_many([text]))


def prepare_engine(model_dir: str | Path | None = None, quantize: bool | None = None, engine: str | None = None) -> None:
    """Export and cache the ONNX graph now if it is missing, so that worker processes started
    next only read it (instead of each exporting it at once).  Does nothing for the torch
    engine; any failure is left for :meth:`Tagger.load` to meet and report."""
    from attribution.tag import engine as engines

    name = engine or engines.DEFAULT_ENGINE
    if name != "onnx" or not engines.onnx_available():
        return
    int8 = engines.DEFAULT_INT8["onnx"] if quantize is None else quantize
    folder = Path(model_dir) if model_dir else default_model_dir()
    if not (folder / "tagger_config.json").is_file():
        return
    from attribution.tag.encoder import base_encoder_path

    base = base_encoder_path()
    try:
        engines.onnx_path(folder, base, _torch_loader(folder, base), int8)
    except Exception:  # noqa: BLE001 - the workers' own load meets it again, and falls back or reports it
        return


def default_model_dir() -> Path:
    """``$ATTRIBUTION_MODEL``, else the released model in the repository's ``models/`` folder."""
    env = os.environ.get("ATTRIBUTION_MODEL")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[2] / "models" / "attribution-tagger"
    return here


def _torch_loader(model_dir: Path, base: Path, threads: int | None = None):
    """A function that builds the torch tagger when called: only an export or the torch engine pays
    for importing torch."""
    def load():
        import torch

        from attribution.tag.model import load_tagger

        if threads:
            torch.set_num_threads(threads)
        return load_tagger(model_dir, base)

    return load


def _onnx_engine(model_dir: Path, base: Path, torch_model, threads: int | None, int8: bool):
    """The ONNX engine from the cached export (re-exported once if the cached file is unreadable)."""
    from attribution.tag import engine as engines

    for attempt in (1, 2):
        try:
            return engines.OnnxEngine(engines.onnx_path(model_dir, base, torch_model, int8), threads)
        except Exception as err:  # noqa: BLE001 - a damaged cache file, or an export that failed
            if attempt == 2:
                engines.warn(f"no ONNX graph ({type(err).__name__}: {err}); running on torch")
                return None
            engines.clear_cache(model_dir, base)  # export afresh once
    return None
