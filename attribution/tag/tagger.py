"""The loaded tagger: text in, typed spans with pointer links out."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from attribution.tag.decode import decode_spans
from attribution.tag.predict import WordPredictions, predict_words
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


DEFAULT_STRIDE = 0.5
"""Windows overlap by half: every word is tagged where it is well inside a window."""


class Tagger:
    """Model + tokenizer, loaded once; tags texts in streaming batches."""

    def __init__(self, model, tokenizer, model_dir: str | None = None, batch_size: int = 32, stride: float = DEFAULT_STRIDE):
        self.model = model
        self.tokenizer = tokenizer
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.stride = stride
        self.max_length = getattr(model.config, "max_length", 192)

    @classmethod
    def load(cls, model_dir: str | Path | None = None, quantize: bool = False, threads: int | None = None,
             stride: float = DEFAULT_STRIDE) -> Tagger:
        import torch

        from attribution.tag.encoder import base_encoder_path, load_inference_tokenizer
        from attribution.tag.model import load_tagger

        if threads:
            torch.set_num_threads(threads)
        model_dir = Path(model_dir) if model_dir else default_model_dir()
        model = load_tagger(model_dir, base_encoder_path())
        if quantize:
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
            model.config = model.config if hasattr(model, "config") else None
        tokenizer = load_inference_tokenizer(model_dir)
        return cls(model, tokenizer, str(model_dir), stride=stride)

    def tag_many(self, texts: Iterable[str]) -> Iterator[TaggedText]:
        """Tag texts in order; windows of consecutive texts share batches."""
        pairs = ((t, split_words(t)) for t in texts)
        buffer: list[tuple[str, list[Word]]] = []

        def words_stream():
            for text, words in pairs:
                buffer.append((text, words))
                yield [w.text for w in words]

        for pred in predict_words(self.model, self.tokenizer, words_stream(), self.max_length, self.batch_size,
                                  self.stride):
            text, words = buffer.pop(0)
            spans = [TaggedSpan(s.role, words[s.start].start, words[s.end - 1].end, s.start, s.end, s.score)
                     for s in decode_spans(pred.probs)]
            yield TaggedText(text, words, spans, pred)

    def tag(self, text: str) -> TaggedText:
        return next(self.tag_many([text]))


def default_model_dir() -> Path:
    """``$ATTRIBUTION_MODEL``, else the released model in the repository's ``models/`` folder."""
    env = os.environ.get("ATTRIBUTION_MODEL")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[2] / "models" / "attribution-tagger"
    return here
