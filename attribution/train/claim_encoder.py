"""Fine-tuning the claim encoder: the pip sentence encoder with its top layers taught retellings.

all-MiniLM-L6-v2 learned general paraphrase from a billion sentence pairs, but news retells a
claim in ways it never saw together ("the enterprise will create about 2,500 workplaces" / "the
plant would employ about 2,500 people"; a denial "no decision has been taken" belongs with the
claim it denies), and it puts two different claims of one story close together.  Here the top
``layers`` transformer layers learn from texts grouped by claim; the word pieces and lower layers
stay the pip package's, so what it knew of English stays and the shipped overlay is small.

Training texts come as :class:`TrainingText` rows (text, claim, document) with, per claim, its
hard negatives (other claims of its story and of a distractor story).  Two builders give them:
:func:`retelling_rows` from the retellings corpus (:mod:`attribution.train.retellings`) and
``scripts/train_claim_encoder.py``'s reader of the claims corpus's train part.

Loss: in-batch contrastive, symmetric (each text against its retelling, every other text of the
batch and one hard negative; scale :data:`SCALE`); texts of one claim are never each other's
negatives.  The overlay (:func:`save_overlay`) is the trained layers' weights, which
:class:`attribution.claims.embed.ClaimEncoder` lays over the pip weights at load time.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from attribution.claims.embed import DIMENSIONS, OVERLAY_FILE, mean_pooled
from attribution.train.retellings import RetellingStory, related_stories

if TYPE_CHECKING:
    import torch

SCALE = 20.0
"""Cosine × scale are the logits: the sentence-transformers default for this loss."""
RUN_FILE = "training_run.json"


@dataclass(frozen=True)
class TrainingText:
    """One text a claim is told in, and where it was published."""

    text: str
    claim: str
    document: str
    """Two texts of one document are not a retelling pair (a wire repeating itself in its headline)."""


Negatives = dict[str, list[tuple[str, str]]]
"""claim id → its hard negatives as (text, the text's own claim id)."""


def retelling_rows(stories: Sequence[RetellingStory]) -> tuple[list[TrainingText], Negatives]:
    """The retellings as training rows (each text its own document) and each claim's hard negatives."""
    rows = [TrainingText(t.text, t.claim, f"{story.id}#{n}") for story in stories for n, t in enumerate(story.texts)]
    story_of_claim = {t.claim: story.id for story in stories for t in story.texts}
    return rows, hard_negatives(rows, story_of_claim, related_stories(stories))


def hard_negatives(rows: Sequence[TrainingText], story_of_claim: dict[str, str],
                   related: dict[str, set[str]]) -> Negatives:
    """Each claim's hard negatives: the texts of the other claims of every story related to its own
    (itself and its distractors, ``related``), as (text, claim)."""
    texts_of_story: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        texts_of_story.setdefault(story_of_claim[row.claim], []).append((row.text, row.claim))
    return {claim: [(text, c) for other in sorted(related.get(story, {story}))
                    for text, c in texts_of_story.get(other, []) if c != claim]
            for claim, story in story_of_claim.items()}


def positive_pairs(rows: Sequence[TrainingText]) -> list[tuple[str, str, str]]:
    """(a, b, claim) for every two different texts of one claim from different documents."""
    by_claim: dict[str, list[TrainingText]] = {}
    for row in rows:
        by_claim.setdefault(row.claim, []).append(row)
    return [(a.text, b.text, claim) for claim, texts in by_claim.items()
            for a, b in itertools.combinations(texts, 2) if a.document != b.document and a.text != b.text]


class Trainable:
    """The pip encoder with its top ``layers`` layers trainable; mean pooling, L2 norm (as ClaimEncoder)."""

    def __init__(self, layers: int, seed: int = 0):
        import torch

        from attribution.claims.embed import ClaimEncoder

        if layers < 1:
            raise ValueError(f"at least one layer must learn (layers={layers})")
        torch.manual_seed(seed)
        self.base = ClaimEncoder(engine="torch", batch_size=256, overlay=None)
        self.model = self.base.model
        self.layers = layers
        self.trainable = list(self.model.encoder.layer)[-layers:]
        for p in self.model.parameters():
            p.requires_grad = False
        for layer in self.trainable:
            for p in layer.parameters():
                p.requires_grad = True
        self._lower_cache: dict[str, torch.Tensor] = {}
        """Each text's hidden states after the frozen layers, computed in eval mode (no dropout)."""

    def encode(self, texts: list[str], grad: bool = False) -> torch.Tensor:
        """The texts' vectors in their order, pooled exactly as the shipped encoder does.  The frozen
        lower layers' output of each text is computed once and kept (:meth:`_lower`), so a training
        step runs only the layers that learn: the same vectors, about twice as fast."""
        import torch

        context = torch.enable_grad() if grad else torch.inference_mode()
        with context:
            lower = [self._lower(t) for t in texts]
            width = max(len(h) for h in lower)
            x = torch.zeros((len(texts), width, lower[0].shape[-1]))
            mask = torch.zeros((len(texts), width), dtype=torch.long)
            for i, h in enumerate(lower):
                x[i, : len(h)] = h
                mask[i, : len(h)] = 1
            x = self.model.run_layers(x, mask, start=len(self.model.encoder.layer) - self.layers)
            return mean_pooled(x, mask)

    def _lower(self, text: str) -> torch.Tensor:
        """The hidden states of ``text``'s word pieces after the frozen layers (cached by text; the frozen
        layers stay in eval mode, :meth:`fit` included, so the cache holds no dropout)."""
        import torch

        cached = self._lower_cache.get(text)
        if cached is None:
            _, ids, mask = self.base.batches([text])[0]
            with torch.inference_mode():
                ids_t, mask_t = torch.from_numpy(ids), torch.from_numpy(mask)
                x = self.model.embeddings(self.model.embeddings.word_embeddings(ids_t))
                x = self.model.run_layers(x, mask_t, stop=len(self.model.encoder.layer) - self.layers)
            cached = self._lower_cache[text] = x[0].clone()
        return cached

    def vectors(self, texts: list[str], batch: int = 64) -> np.ndarray:
        self.model.eval()
        out = [self.encode(texts[i:i + batch]).numpy() for i in range(0, len(texts), batch)]
        return np.concatenate(out) if out else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def fit(self, pairs: list[tuple[str, str, str]], negatives: Negatives, epochs: int, lr: float,
            batch: int, seed: int = 0, log: Callable[[str], object] = print) -> list[float]:
        """Train on ``pairs``; returns each epoch's mean loss."""
        import torch

        if not pairs:
            raise ValueError("no training pairs: nothing to learn from")
        rng = random.Random(seed)
        params = [p for layer in self.trainable for p in layer.parameters()]
        optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        self.model.eval()
        for layer in self.trainable:  # dropout only where the weights learn; the cached lower states have none
            layer.train()
        losses = []
        for epoch in range(epochs):
            order = pairs[:]
            rng.shuffle(order)
            total = 0.0
            for lo in range(0, len(order), batch):
                chunk = order[lo:lo + batch]
                loss = self._batch_loss(chunk, negatives, rng)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                total += float(loss.detach()) * len(chunk)
            losses.append(total / max(1, len(order)))
            log(f"  epoch {epoch + 1}: loss {losses[-1]:.3f}")
        self.model.eval()
        return losses

    def _batch_loss(self, chunk: list[tuple[str, str, str]], negatives: Negatives, rng: random.Random) -> torch.Tensor:
        import torch

        a = [x[0] for x in chunk]
        b = [x[1] for x in chunk]
        claims = [x[2] for x in chunk]
        drawn = [rng.choice(negatives[c]) if negatives.get(c) else (b[(k + 1) % len(b)], claims[(k + 1) % len(b)])
                 for k, c in enumerate(claims)]
        hard, hard_claims = [t for t, _ in drawn], [c for _, c in drawn]
        va = self.encode(a, grad=True)
        vb = self.encode(b + hard, grad=True)
        n = len(chunk)
        same = torch.tensor([[claims[i] == claims[j] and i != j for j in range(n)] for i in range(n)])
        # a text of the row's own claim is never its negative, among the retellings or the hard negatives
        own_hard = torch.tensor([[claims[i] == hard_claims[j] for j in range(n)] for i in range(n)])
        forward = (SCALE * va @ vb.T).masked_fill(torch.cat([same, own_hard], 1), -1e4)
        backward = (SCALE * vb[:n] @ va.T).masked_fill(same, -1e4)
        target = torch.arange(n)
        return (torch.nn.functional.cross_entropy(forward, target)
                + torch.nn.functional.cross_entropy(backward, target)) / 2

    def overlay_tensors(self) -> dict[str, torch.Tensor]:
        """The trained layers' weights, named as in the pip model's state dict (fp32, contiguous)."""
        first = len(self.model.encoder.layer) - self.layers
        return {k: v.detach().contiguous().clone() for k, v in self.model.state_dict().items()
                if any(k.startswith(f"encoder.layer.{i}.") for i in range(first, len(self.model.encoder.layer)))}


def save_overlay(trainable: Trainable, folder: str | Path, run: dict, half: bool = True) -> Path:
    """Write the overlay (fp16 unless ``half`` is False: half the size, and the vectors move by about
    1e-4, far below any decision) and its training record (``run`` plus the overlay's SHA-256)."""
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / OVERLAY_FILE
    tensors = {k: v.half() if half else v for k, v in trainable.overlay_tensors().items()}
    save_file(tensors, str(path), metadata={"layers": str(trainable.layers)})
    record = dict(run, overlay_sha256=hashlib.sha256(path.read_bytes()).hexdigest(), layers=trainable.layers,
                  dtype="float16" if half else "float32")
    (folder / RUN_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return path


CARD_TEMPLATE = "claim_encoder_card.md.j2"


def render_card(folder: str | Path) -> Path:
    """(Re)write the overlay's README.md from its ``training_run.json`` through the card template, so
    every figure on the card comes from the run record."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    folder = Path(folder)
    run = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    env = Environment(loader=PackageLoader("attribution.train", "templates"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    path = folder / "README.md"
    path.write_text(env.get_template(CARD_TEMPLATE).render(run=run, evaluation=run.get("evaluation")),
                    encoding="utf-8")
    return path
