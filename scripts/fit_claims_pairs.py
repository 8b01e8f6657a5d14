"""Fit the claim pair model (attribution/claims/pair_model.json) on the TRAIN part of the claims corpus.

    python scripts/fit_claims_pairs.py corpus/claims/train --reports /tmp/train_reports          # fit, CV, write
    python scripts/fit_claims_pairs.py corpus/claims/train --reports /tmp/train_reports --dry-run

Every pair of statements from two different documents that the index would score (cosine at
least the candidate floor) and that no number or name conflict rules out is one example; it
is positive when both statements stand for members of the same gold cluster (the scorer's
matching, attribution/claims/score.py).  Logistic regression (L2, Newton steps, numpy only).

Leave-one-story-out cross-validation, so the figure is judged on stories the weights were not
fitted on: each pair's probability comes from a model fitted without the pair's story (or its
two stories); the statements are then clustered exactly as `attribution claims` does, with
those probabilities, and scored against the gold.  The in-sample figure (the weights fitted on
everything) is printed beside it.  The test part is refused: it is frozen.

``--oracle-statements`` (with ``--dry-run``; ``--oracle-noise`` adds the unmatched extracted
statements) fits and cross-validates on the ideal statements of ``scripts/bench_claims.py``
(built from the gold) instead of the extractor's: what the grouping could do if the statements
were right.  Such a model is never written, since the shipped one meets extracted statements.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

L2 = 1.0


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 30) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (the bias is not penalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = l2 * np.r_[np.ones(x.shape[1]), 0.0]
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -500, 500)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def candidate_pairs(items: list, vectors: np.ndarray, gold: dict, texts: dict[str, str]
                    ) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """The pairs the index would score (two documents, cosine at least the candidate floor), their
    features and labels (both statements stand for members of one gold cluster), and the pairs a number
    or name conflict rules out."""
    from attribution.claims.check import conflict
    from attribution.claims.group import CANDIDATE_FLOOR, pair_features
    from attribution.claims.score import gold_pieces, match_member

    pieces = gold_pieces(gold, texts)
    keys = [match_member({"doc_id": it.doc_id, "spans": it.spans}, pieces) for it in items]
    docs = [it.doc_id for it in items]
    pairs, rows, labels, conflicts = [], [], [], []
    sims = vectors @ vectors.T
    for i, j in itertools.combinations(range(len(items)), 2):
        if docs[i] == docs[j] or sims[i, j] < CANDIDATE_FLOOR:
            continue
        if conflict(items[i].text, items[j].text):
            conflicts.append((i, j))
            continue
        pairs.append((i, j))
        rows.append(pair_features(items[i], items[j], float(sims[i, j])))
        labels.append(1.0 if keys[i] and keys[j] and keys[i][0] == keys[j][0] else 0.0)
    return pairs, np.array(rows), np.array(labels), conflicts


def leave_one_story_out(x: np.ndarray, y: np.ndarray, stories: np.ndarray) -> np.ndarray:
    """Each pair's probability from a model fitted without its story (or its two stories): ``stories`` holds
    the two stories of every pair, row by row."""
    cv = np.zeros(len(y))
    for s, t in itertools.combinations_with_replacement(sorted(set(stories.ravel())), 2):
        held = ((stories[:, 0] == s) & (stories[:, 1] == t)) | ((stories[:, 0] == t) & (stories[:, 1] == s))
        if not held.any():
            continue
        train = ~np.isin(stories[:, 0], [s, t]) & ~np.isin(stories[:, 1], [s, t])
        w, b = fit_logistic(x[train], y[train])
        cv[held] = 1.0 / (1.0 + np.exp(-np.clip(x[held] @ w + b, -500, 500)))
    return cv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", type=Path)
    parser.add_argument("--reports", type=Path, help="cache folder for the split's reports")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the model")
    parser.add_argument("--out", type=Path, default=None, help="where to write the model (default: the package's)")
    parser.add_argument("--oracle-statements", action="store_true", help="ideal statements from the gold (--dry-run)")
    parser.add_argument("--oracle-noise", action="store_true", help="with --oracle-statements: add unmatched ones")
    parser.add_argument("--vectors", type=Path, help="the statements' vectors (.npy, collect_items order) instead of "
                        "the shipped encoder's: cross-fitted ones from train_claim_encoder.py --folds (--dry-run)")
    args = parser.parse_args(argv)
    split = args.split.resolve()
    if "test" in split.name:
        parser.error("the test split is frozen: never fit on it")
    if args.oracle_statements and not args.dry_run:
        parser.error("--oracle-statements only with --dry-run: the shipped model meets extracted statements")
    if args.oracle_noise and not args.oracle_statements:
        parser.error("--oracle-noise goes with --oracle-statements")
    if args.vectors and not args.dry_run:
        parser.error("--vectors only with --dry-run: the shipped model meets the shipped encoder's vectors")

    from bench_claims import _corpus_loader, oracle_items, reports_of, unmatched_items

    from attribution.claims.embed import ClaimEncoder
    from attribution.claims.group import CONFLICT, THRESHOLD, cluster_edges
    from attribution.claims.items import load_metadata
    from attribution.claims.pairs import FEATURES, MODEL_PATH, PairModel
    from attribution.claims.run import collect_items, records_for
    from attribution.claims.score import score_claims

    corpus = _corpus_loader().load_split(split)
    texts = {doc_id: a.text for doc_id, a in corpus.articles.items()}
    story_of = {doc_id: a.story for doc_id, a in corpus.articles.items()}
    if args.oracle_statements and not args.oracle_noise:
        items = oracle_items(corpus)
    else:
        items = collect_items(reports_of(split, args.reports), load_metadata(split / "gold.json"))
        if args.oracle_statements:
            items = oracle_items(corpus, unmatched_items(items, corpus))
    encoder = None if args.vectors else ClaimEncoder()
    vectors = np.load(args.vectors) if args.vectors else encoder.encode([it.text for it in items])
    if len(vectors) != len(items):
        parser.error(f"{args.vectors}: {len(vectors)} vectors for {len(items)} statements")
    docs = [it.doc_id for it in items]
    pairs, x, y, conflicts = candidate_pairs(items, vectors, corpus.gold, texts)
    stories = np.array([(story_of[docs[i]], story_of[docs[j]]) for i, j in pairs])
    print(f"{len(items)} statements, {len(pairs)} scored pairs ({int(y.sum())} same claim), "
          f"{len(conflicts)} ruled out by numbers or names")

    weights, bias = fit_logistic(x, y)
    model = PairModel(tuple(float(w) for w in weights), bias)
    print("weights:", ", ".join(f"{f} {w:+.2f}" for f, w in zip(FEATURES, weights)), f", bias {bias:+.2f}")

    cv = leave_one_story_out(x, y, stories)

    def score(probabilities: np.ndarray) -> dict:
        edges = [(i, j, float(p)) for (i, j), p in zip(pairs, probabilities)]
        edges += [(i, j, CONFLICT) for i, j in conflicts]
        records = records_for(items, cluster_edges(len(items), edges, docs, THRESHOLD))
        return score_claims(records, corpus.gold, texts)

    fitted = np.array([model.probability(r) for r in x])
    results = {}
    for label, probabilities in (("in-sample", fitted), ("leave-one-story-out", cv)):
        s = score(probabilities)
        pw = s["pairwise"]
        flags = {f: {"precision": v["precision"], "recall": v["recall"], "gold": v["gold"]} for f, v in s["flags"].items()}
        results[label] = {"pairwise": {k: pw[k] for k in ("precision", "recall", "f1")}, "flags": flags}
        print(f"{label:20s} pairwise P {pw['precision']:.3f} R {pw['recall']:.3f} F1 {pw['f1']:.3f}  " +
              "  ".join(f"{f}: {v['precision'] if v['precision'] is None else round(v['precision'], 2)}/"
                        f"{v['recall'] if v['recall'] is None else round(v['recall'], 2)}" for f, v in flags.items()))
    if not args.dry_run:
        out = args.out or MODEL_PATH
        data = {**model.to_dict(), "fitted_on": str(args.split), "encoder_overlay_sha256": encoder.overlay_sha256,
                "l2": L2, "pairs": len(pairs),
                "positive_pairs": int(y.sum()), "threshold": THRESHOLD, "figures": results}
        out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.exit(main())
