"""Try a cross-encoder as the claim pair model's judge (measured in the eleventh session, not kept).

    python scripts/try_claims_cross_encoder.py corpus/claims/train --reports /tmp/train_reports
    python scripts/try_claims_cross_encoder.py corpus/claims/train --reports /tmp/train_reports --from-claim-encoder

A bi-encoder embeds each statement alone; a cross-encoder reads both statements of a pair in one
input ([CLS] a [SEP] b [SEP], the second segment's token type added) and scores them with a linear
head over the mean-pooled output.  Here it starts from the pip MiniLM weights (or, with
``--from-claim-encoder``, with the released claim encoder's top layers laid over them), is trained
on the retellings corpus only (corpus/retellings/: every claim's retellings as positive pairs, a
text of another claim of its story or its distractor story as the negative for each), and is then
judged on the candidate pairs of a claims split the way ``scripts/fit_claims_pairs.py`` builds them:

* ROC AUC of its score against the cosine the shipped encoder gives the same pairs;
* leave-one-story-out pairwise F1 of the pair model with its score as a tenth feature, beside the
  pair model as shipped (nine features) and one with only its score and the publication gap.

Nothing is written: the figures are printed (README, "Claims across documents").  Training takes
about 8 minutes per epoch on two CPU cores.
"""
from __future__ import annotations

import argparse
import itertools
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

MAX_PIECES = 128


def training_pairs(stories: list, per_claim: int, seed: int) -> list[tuple[str, str, float]]:
    """Up to ``per_claim`` retelling pairs per claim (label 1), each with one hard negative (label 0):
    one of its two texts against a text of another claim of its story or of a related story."""
    from attribution.train.retellings import related_stories

    rng = random.Random(seed)
    related = related_stories(stories)
    by_id = {s.id: s for s in stories}
    out: list[tuple[str, str, float]] = []
    for story in stories:
        pool = [(t.text, t.claim) for r in sorted(related.get(story.id, {story.id})) for t in by_id[r].texts]
        for claim, texts in story.claims.items():
            pairs = [(a.text, b.text) for a, b in itertools.combinations(texts, 2) if a.text != b.text]
            rng.shuffle(pairs)
            others = [t for t, c in pool if c != claim]
            for a, b in pairs[:per_claim]:
                out.append((a, b, 1.0))
                if others:
                    out.append((a if rng.random() < 0.5 else b, rng.choice(others), 0.0))
    rng.shuffle(out)
    return out


def cross_encoder(from_claim_encoder: bool):
    """The pip encoder (optionally with the claim encoder's overlay) and a zero-bias linear head."""
    import torch

    from attribution.claims.embed import ClaimEncoder

    base = ClaimEncoder(engine="torch", overlay=True if from_claim_encoder else None)
    base.tokenizer.enable_truncation(MAX_PIECES)

    class CrossEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = base.model
            self.head = torch.nn.Linear(base.model.config.hidden_size, 1)
            torch.nn.init.zeros_(self.head.bias)
            torch.nn.init.normal_(self.head.weight, std=0.02)

        def inputs(self, pairs: list[tuple[str, str]]):
            encoded = [base.tokenizer.encode(a, b) for a, b in pairs]
            width = max(len(e.ids) for e in encoded)
            ids = torch.zeros((len(pairs), width), dtype=torch.long)
            mask, types = torch.zeros_like(ids), torch.zeros_like(ids)
            for i, e in enumerate(encoded):
                ids[i, :len(e.ids)] = torch.tensor(e.ids)
                mask[i, :len(e.ids)] = 1
                types[i, :len(e.ids)] = torch.tensor(e.type_ids)
            return ids, mask, types

        def forward(self, ids, mask, types):
            emb = self.encoder.embeddings
            # the project's BERT forward adds token type 0 everywhere; the second segment gets type 1's difference
            second = (emb.token_type_embeddings.weight[1] - emb.token_type_embeddings.weight[0])
            x = emb.word_embeddings(ids) + second[None, None, :] * types[..., None].float()
            hidden = self.encoder.run_layers(emb(x), mask)
            weights = mask[..., None].float()
            return self.head((hidden * weights).sum(1) / weights.sum(1)).squeeze(-1)

        def score(self, pairs: list[tuple[str, str]], batch: int = 64) -> np.ndarray:
            """Logits, averaged over both orders of each pair."""
            self.eval()
            out = []
            with torch.inference_mode():
                for lo in range(0, len(pairs), batch):
                    chunk = pairs[lo:lo + batch]
                    there = self(*self.inputs(chunk))
                    back = self(*self.inputs([(b, a) for a, b in chunk]))
                    out.append(((there + back) / 2).numpy())
            return np.concatenate(out) if out else np.zeros(0)

    return CrossEncoder()


def train(model, data: list[tuple[str, str, float]], epochs: int, lr: float, batch: int, seed: int) -> None:
    """Binary cross-entropy, AdamW, linear warm-up over a tenth of the steps then linear decay; each pair
    in a random order of its two texts."""
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(data) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda k: min(1.0, (k + 1) / (0.1 * steps)) * max(0.0, 1 - k / steps))
    for epoch in range(epochs):
        rng.shuffle(data)
        model.train()
        total = 0.0
        for lo in range(0, len(data), batch):
            chunk = data[lo:lo + batch]
            pairs = [(a, b) if rng.random() < 0.5 else (b, a) for a, b, _ in chunk]
            target = torch.tensor([label for _, _, label in chunk])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(*model.inputs(pairs)), target)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(chunk)
        print(f"epoch {epoch + 1}: loss {total / len(data):.3f}", flush=True)


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """The probability that a random positive outscores a random negative (ranks; ties count half)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    for value in np.unique(scores):  # average ranks over ties
        tied = scores == value
        ranks[tied] = ranks[tied].mean()
    positives = labels.sum()
    negatives = len(labels) - positives
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", type=Path)
    parser.add_argument("--reports", type=Path, help="cache folder for the split's reports")
    parser.add_argument("--from-claim-encoder", action="store_true", help="start from the claim encoder's layers")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--per-claim", type=int, default=8, help="retelling pairs per claim")
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if "test" in args.split.resolve().name:
        parser.error("the test split is frozen: never judge a trial on it")

    import torch
    from bench_claims import _corpus_loader, reports_of
    from fit_claims_pairs import candidate_pairs, leave_one_story_out

    from attribution.claims.embed import ClaimEncoder
    from attribution.claims.group import CONFLICT, THRESHOLD, cluster_edges
    from attribution.claims.items import load_metadata
    from attribution.claims.run import collect_items, records_for
    from attribution.claims.score import score_claims
    from attribution.train.retellings import load_retellings

    torch.set_num_threads(2)
    split = args.split.resolve()
    corpus = _corpus_loader().load_split(split)
    texts = {doc: a.text for doc, a in corpus.articles.items()}
    story_of = {doc: a.story for doc, a in corpus.articles.items()}
    items = collect_items(reports_of(split, args.reports), load_metadata(split / "gold.json"))
    docs = [it.doc_id for it in items]
    pairs, x, y, conflicts = candidate_pairs(items, ClaimEncoder().encode([it.text for it in items]), corpus.gold,
                                             texts)
    stories = np.array([(story_of[docs[i]], story_of[docs[j]]) for i, j in pairs])

    data = training_pairs(load_retellings(ROOT / "corpus" / "retellings"), args.per_claim, args.seed)
    print(f"{len(data)} retelling pairs for training; {len(pairs)} candidate pairs on {args.split} "
          f"({int(y.sum())} the same claim)", flush=True)
    model = cross_encoder(args.from_claim_encoder)
    train(model, data, args.epochs, args.lr, args.batch, args.seed)
    logit = np.clip(model.score([(items[i].text, items[j].text) for i, j in pairs]), -10, 10)
    print(f"ROC AUC: cosine {roc_auc(y, x[:, 0]):.3f}, cross-encoder {roc_auc(y, logit):.3f}")

    def held_out_pairwise(features: np.ndarray) -> dict:
        held_out = leave_one_story_out(features, y, stories)
        edges = [(i, j, float(p)) for (i, j), p in zip(pairs, held_out)] + [(i, j, CONFLICT) for i, j in conflicts]
        records = records_for(items, cluster_edges(len(items), edges, docs, THRESHOLD))
        return score_claims(records, corpus.gold, texts)["pairwise"]

    days = x[:, -1:]
    for label, features in (("pair model as shipped (9 features)", x),
                            ("with the cross-encoder as a 10th feature", np.hstack([x, logit[:, None]])),
                            ("cross-encoder and publication gap only", np.hstack([logit[:, None], days]))):
        pw = held_out_pairwise(features)
        print(f"{label:42s} leave one story out: P {pw['precision']:.3f} R {pw['recall']:.3f} F1 {pw['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
