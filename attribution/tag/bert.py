"""BERT's forward pass in plain torch, for inference without transformers' model stack.

Importing ``transformers.BertModel`` costs more than a second of a cold start
(its modeling utilities pull in much of the library), while the encoder itself is
a few matrix products.  This module re-implements the post-LayerNorm BERT encoder
with the same parameter names as ``transformers.BertModel`` (so one state dict
loads into either) and the same arithmetic; ``tests/tag/test_bert.py`` checks the
outputs agree with ``transformers`` to float precision.  Training keeps using
``transformers``; the released model runs on this.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any

import torch
from torch import nn


@dataclass
class EncoderConfig:
    """The fields of a BERT ``config.json`` that the forward pass needs (others are kept, unused)."""

    vocab_size: int = 30522
    hidden_size: int = 384
    num_hidden_layers: int = 6
    num_attention_heads: int = 12
    intermediate_size: int = 1536
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1
    hidden_act: str = "gelu"
    pad_token_id: int = 0
    extra: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EncoderConfig:
        known = {f.name for f in fields(cls)} - {"extra"}
        return cls(**{k: v for k, v in d.items() if k in known}, extra={k: v for k, v in d.items() if k not in known})

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        extra = d.pop("extra") or {}
        return {**extra, **d}


class _Embeddings(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=c.pad_token_id)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, inputs_embeds: torch.Tensor) -> torch.Tensor:
        n = inputs_embeds.shape[1]
        x = inputs_embeds + self.position_embeddings.weight[:n] + self.token_type_embeddings.weight[0]
        return self.dropout(self.LayerNorm(x))


class _SelfAttention(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.heads = c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout_p = c.attention_probs_dropout_prob

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, d = x.shape

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, d // self.heads).transpose(1, 2)

        if mask.dtype != torch.bool:  # an additive mask: the textbook arithmetic, which ONNX Runtime fuses
            q = split(self.query(x))
            k = self.key(x).view(b, n, self.heads, d // self.heads).permute(0, 2, 3, 1)
            scores = torch.matmul(q, k) / math.sqrt(d // self.heads) + mask
            out = torch.matmul(torch.softmax(scores, dim=-1), split(self.value(x)))
            return out.transpose(1, 2).reshape(b, n, d)
        out = nn.functional.scaled_dot_product_attention(
            split(self.query(x)), split(self.key(x)), split(self.value(x)), attn_mask=mask,
            dropout_p=self.dropout_p if self.training else 0.0, scale=1.0 / math.sqrt(d // self.heads))
        return out.transpose(1, 2).reshape(b, n, d)


class _DenseNorm(nn.Module):
    """dense → dropout → LayerNorm(+ residual): BERT's "output" blocks."""

    def __init__(self, c: EncoderConfig, size_in: int):
        super().__init__()
        self.dense = nn.Linear(size_in, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class _Attention(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.self = _SelfAttention(c)
        self.output = _DenseNorm(c, c.hidden_size)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(x, mask), x)


class _Intermediate(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        if c.hidden_act != "gelu":
            raise ValueError(f"unsupported activation {c.hidden_act!r} (this encoder implements BERT's exact GELU)")
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.gelu(self.dense(x))


class _Layer(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.attention = _Attention(c)
        self.intermediate = _Intermediate(c)
        self.output = _DenseNorm(c, c.intermediate_size)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.attention(x, mask)
        return self.output(self.intermediate(x), x)


class _Stack(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c.num_hidden_layers))


@dataclass
class EncoderOutput:
    last_hidden_state: torch.Tensor


class BertEncoder(nn.Module):
    """``transformers.BertModel(add_pooling_layer=False)``'s forward for ``inputs_embeds`` + mask."""

    def __init__(self, config: EncoderConfig):
        super().__init__()
        self.config = config
        self.embeddings = _Embeddings(config)
        self.encoder = _Stack(config)
        self.additive_mask = False  # True for ONNX export: plain matmul-softmax attention that fuses

    def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor) -> EncoderOutput:
        return EncoderOutput(last_hidden_state=self.run_layers(self.embeddings(inputs_embeds), attention_mask))

    def run_layers(self, x: torch.Tensor, attention_mask: torch.Tensor, start: int = 0,
                   stop: int | None = None) -> torch.Tensor:
        """Hidden states ``x`` through layers ``start``..``stop`` (all by default): the forward in parts, so
        fine-tuning can keep the frozen lower layers' output and run only the layers that learn."""
        # True = may attend; every query row keeps at least its own [CLS], so no row is all-masked
        mask = attention_mask[:, None, None, :].to(torch.bool)
        if self.additive_mask:
            mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.encoder.layer[start:stop]:
            x = layer(x, mask)
        return x
