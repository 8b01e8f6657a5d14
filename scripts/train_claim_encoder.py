#!/usr/bin/env python3
"""Would fine-tuning the claim encoder on the claims corpus's TRAIN part help?  A cross-validated test.

Why: all-MiniLM-L6-v2 was trained on a billion general sentence pairs, and in news it puts
many retellings of one claim below the pair model's reach ("the enterprise will create about
2,500 workplaces" / "the plant would employ about 2,500 people": cosine 0.3-0.55), while it
puts two claims of one story close together.  Retellings of one claim by different outlets
(the gold clusters) are positive pairs; other claims of the same story, and of a distractor
story on the same topic, are the hard negatives.  Only the top ``--layers`` transformer
layers learn (the rest and the word pieces stay the pip package's), so what the encoder knew
stays.

Loss: in-batch contrastive (each text's retelling against every other text of the batch and
its own hard negative; scale 20), symmetric; pairs of the same cluster are never negatives.

Cross-validation (``--folds K``): stories are split into K folds (a distractor with the story
it distracts from); for each fold an encoder fitted on the other folds embeds the fold's
extracted statements, so every statement gets a vector from an encoder that never saw its
story.  ``--vectors-out FILE.npy`` writes those vectors in ``collect_items`` order, for
``fit_claims_pairs.py --vectors FILE.npy``, which fits and cross-validates the pair model on
them.

    python scripts/train_claim_encoder.py corpus/claims/train --reports /tmp/train_reports --folds 4 \\
        --vectors-out /tmp/cv_vectors.npy
    python scripts/fit_claims_pairs.py corpus/claims/train --reports /tmp/train_reports --dry-run \\
        --vectors /tmp/cv_vectors.npy

The answer on 20 train stories was no (README, "Claims across documents"): leave-one-story-out
pairwise F1 0.644 with the pip encoder, 0.646 with the top 2 layers fine-tuned (3 epochs, lr
3e-5), 0.641 with all 6 (2 epochs, 2e-5); about 400 retelling pairs from 15 stories do not teach
it what carries to a 16th.  So no fine-tuned encoder ships, and this script writes no model.
"""
from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

SCALE = 20.0


def training_texts(corpus, stories: set[str]) -> tuple[list[tuple[str, str, str]], dict[str, list[str]]]:
    """(text, cluster id, doc) for every gold member text and ``also`` piece of ``stories``, and the
    hard negatives of each cluster: the texts of the other clusters of its story and of a story
    that is its distractor (or whose distractor it is)."""
    rows = []
    story_of_cluster = {}
    related: dict[str, set[str]] = {}
    for story in corpus.gold["stories"]:
        if story["id"] not in stories:
            continue
        other = story.get("distractor_of")
        related.setdefault(story["id"], {story["id"]}).update({other} if other else set())
        if other:
            related.setdefault(other, {other}).add(story["id"])
        for cluster in story["clusters"]:
            story_of_cluster[cluster["id"]] = story["id"]
            for m in cluster["members"]:
                for piece in [m["text"], *m.get("also", [])]:
                    rows.append((piece, cluster["id"], m["doc"]))
    negatives = {cid: [t for t, c, _ in rows if c != cid and story_of_cluster[c] in related[story_of_cluster[cid]]]
                 for cid in story_of_cluster}
    return rows, negatives


def positive_pairs(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(a, b, cluster) for every two texts of one cluster from different documents."""
    by_cluster: dict[str, list[tuple[str, str]]] = {}
    for text, cid, doc in rows:
        by_cluster.setdefault(cid, []).append((text, doc))
    return [(a, b, cid) for cid, texts in by_cluster.items()
            for (a, da), (b, db) in itertools.combinations(texts, 2) if da != db and a != b]


class Trainable:
    """The pip encoder with its top ``layers`` layers trainable; mean pooling, L2 norm (as ClaimEncoder)."""

    def __init__(self, layers: int, seed: int = 0):
        import torch

        from attribution.claims.embed import ClaimEncoder

        torch.manual_seed(seed)
        self.base = ClaimEncoder(engine="torch", batch_size=256)
        self.model = self.base.model
        self.trainable = list(self.model.encoder.layer)[-layers:] if layers else []
        for p in self.model.parameters():
            p.requires_grad = False
        for layer in self.trainable:
            for p in layer.parameters():
                p.requires_grad = True

    def encode(self, texts: list[str], grad: bool = False):
        """The texts' vectors in their order, batched and pooled exactly as the shipped encoder does."""
        import torch

        from attribution.claims.embed import sentence_vectors

        rows, parts = [], []
        context = torch.enable_grad() if grad else torch.inference_mode()
        with context:
            for batch_rows, ids, mask in self.base.batches(texts):
                rows += batch_rows
                parts.append(sentence_vectors(self.model, torch.from_numpy(ids), torch.from_numpy(mask)))
            where = torch.empty(len(rows), dtype=torch.long)
            where[torch.tensor(rows)] = torch.arange(len(rows))
            return torch.cat(parts)[where]

    def vectors(self, texts: list[str], batch: int = 64) -> np.ndarray:
        self.model.eval()
        out = [self.encode(texts[i:i + batch]).numpy() for i in range(0, len(texts), batch)]
        return np.concatenate(out) if out else np.zeros((0, 384), dtype=np.float32)

    def fit(self, pairs: list[tuple[str, str, str]], negatives: dict[str, list[str]], epochs: int, lr: float,
            batch: int, seed: int = 0) -> None:
        import torch

        rng = random.Random(seed)
        params = [p for layer in self.trainable for p in layer.parameters()]
        optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        self.model.train()
        for epoch in range(epochs):
            order = pairs[:]
            rng.shuffle(order)
            total = 0.0
            for lo in range(0, len(order), batch):
                chunk = order[lo:lo + batch]
                a = [x[0] for x in chunk]
                b = [x[1] for x in chunk]
                hard = [rng.choice(negatives[x[2]]) if negatives.get(x[2]) else b[(k + 1) % len(b)]
                        for k, x in enumerate(chunk)]
                clusters = [x[2] for x in chunk]
                va = self.encode(a, grad=True)
                vb = self.encode(b + hard, grad=True)
                logits = SCALE * va @ vb.T
                n = len(chunk)
                same = torch.tensor([[clusters[i] == clusters[j] and i != j for j in range(n)] for i in range(n)])
                mask = torch.cat([same, torch.zeros((n, n), dtype=torch.bool)], dim=1)
                logits = logits.masked_fill(mask, -1e4)
                target = torch.arange(n)
                loss = torch.nn.functional.cross_entropy(logits, target)
                back = SCALE * va @ vb[:n].T
                loss = (loss + torch.nn.functional.cross_entropy(back.T.masked_fill(same, -1e4), target)) / 2
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                total += float(loss.detach()) * n
            print(f"  epoch {epoch + 1}: loss {total / max(1, len(order)):.3f}", flush=True)
        self.model.eval()


def folds_of(corpus, k: int) -> list[set[str]]:
    """Stories in ``k`` folds, a distractor with the story it distracts from (round robin by id)."""
    groups: dict[str, set[str]] = {}
    for story in corpus.gold["stories"]:
        root = story.get("distractor_of") or story["id"]
        groups.setdefault(root, set()).add(story["id"])
    folds: list[set[str]] = [set() for _ in range(k)]
    for n, root in enumerate(sorted(groups)):
        folds[n % k] |= groups[root]
    return folds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", type=Path)
    parser.add_argument("--reports", type=Path, help="cache folder for the split's reports")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--vectors-out", type=Path)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args(argv)
    split = args.split.resolve()
    if "test" in split.name:
        parser.error("the test split is frozen: never fit on it")
    from bench_claims import _corpus_loader, reports_of

    from attribution.claims.items import load_metadata
    from attribution.claims.run import collect_items

    corpus = _corpus_loader().load_split(split)
    all_stories = {s["id"] for s in corpus.gold["stories"]}
    started = time.perf_counter()
    items = collect_items(reports_of(split, args.reports), load_metadata(split / "gold.json"))
    story_of = {doc_id: a.story for doc_id, a in corpus.articles.items()}
    vectors = np.zeros((len(items), 384), dtype=np.float32)
    for n, fold in enumerate(folds_of(corpus, args.folds)):
        rows, negatives = training_texts(corpus, all_stories - fold)
        pairs = positive_pairs(rows)
        print(f"fold {n + 1}: held out {sorted(fold)}; {len(pairs)} training pairs", flush=True)
        model = Trainable(args.layers)
        model.fit(pairs, negatives, args.epochs, args.lr, args.batch, seed=n)
        held = [i for i, it in enumerate(items) if story_of[it.doc_id] in fold]
        vectors[held] = model.vectors([items[i].text for i in held])
    if args.vectors_out:
        np.save(args.vectors_out, vectors)
        print(f"wrote {args.vectors_out} ({len(items)} statements)")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
