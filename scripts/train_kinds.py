#!/usr/bin/env python3
"""Train the source-kind classifier (attribution/assemble/kinds.py) on the authored train parts.

Examples are the gold source mentions (not pronouns: they keep the rules' answer) of
the authored, entities and chains train files, labelled with their gold
(kind, anonymous).  No dev or test part is read.  The model is a multinomial
logistic regression with L2, fitted by full-batch gradient descent; the L2
strength is chosen by 5-fold cross-validation over documents, on the mentions'
joint (kind, anonymous) accuracy.  With the chosen strength the script then runs
the whole assembly on gold spans (the oracle tagger) for each held-out fold, once
with the classifier trained on the other folds and once with the rules, and scores
both with the project's scorer: that end-to-end comparison decides whether the
weights are written (``--force`` writes them anyway).

    python scripts/train_kinds.py corpus/authored/train.jsonl corpus/entities/train.jsonl corpus/chains/train.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.assemble import kinds  # noqa: E402
from attribution.assemble.build import build_report  # noqa: E402
from attribution.assemble.sources import is_pronoun, source_kind  # noqa: E402
from attribution.data.annotations import AnnotatedDocument  # noqa: E402
from attribution.data.jsonl import read_annotations  # noqa: E402
from attribution.evaluation.scorer import score  # noqa: E402
from attribution.tag.oracle import oracle_tagged  # noqa: E402

FOLDS = 5
L2_GRID = (0.0003, 0.001, 0.003, 0.01, 0.03)
Label = tuple[str, bool]


def mentions(doc: AnnotatedDocument) -> list[tuple[np.ndarray, Label, Label]]:
    """(features, gold label, rules' label) of each distinct gold source mention that is not a pronoun."""
    seen: set[tuple[int, int]] = set()
    out = []
    for a in doc.attributions:
        if not a.source or not a.source_kind:
            continue
        start, end = a.source[0]
        text = doc.text[start:end]
        if (start, end) in seen or is_pronoun(text):
            continue
        seen.add((start, end))
        out.append((kinds.features(text, doc.text, start), (a.source_kind, bool(a.anonymous)),
                    source_kind(text, doc.text)))
    return out


def fit(x: np.ndarray, y: np.ndarray, n_classes: int, l2: float, steps: int = 2000, lr: float = 1.0) -> np.ndarray:
    """Softmax regression weights (classes × features) by gradient descent on mean log-loss + l2/2·|w|² (bias too)."""
    w = np.zeros((n_classes, x.shape[1]))
    onehot = np.eye(n_classes)[y]
    for _ in range(steps):
        s = x @ w.T
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        w -= lr * ((p - onehot).T @ x / len(x) + l2 * w)
    return w


def matrix(examples, classes: list[Label]) -> tuple[np.ndarray, np.ndarray]:
    index = {c: i for i, c in enumerate(classes)}
    x = np.asarray([e[0] for e in examples])
    y = np.asarray([index.get(e[1], -1) for e in examples])
    return x, y


def accuracies(pred: list[Label], gold: list[Label]) -> dict[str, float]:
    n = max(1, len(gold))
    return {"kind": sum(p[0] == g[0] for p, g in zip(pred, gold)) / n,
            "anonymous": sum(p[1] == g[1] for p, g in zip(pred, gold)) / n,
            "both": sum(p == g for p, g in zip(pred, gold)) / n}


def end_to_end(docs: list[AnnotatedDocument], classifier: kinds.KindClassifier | None) -> dict:
    """The scorer's source-kind and anonymity counts of the full assembly on gold spans."""
    with kinds.using(classifier):
        preds = [build_report(d.doc_id, d.text, oracle_tagged(d)) for d in docs]
    fields = score(zip(docs, preds), extended=True)["fields"]
    return {k: (fields[k]["correct"], fields[k]["total"]) for k in ("source_kind", "anonymous")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", nargs="+", help="annotation JSONL train parts (never a dev or test part)")
    parser.add_argument("--out", default=str(kinds.DEFAULT_WEIGHTS))
    parser.add_argument("--force", action="store_true", help="write the weights even if they do not beat the rules")
    args = parser.parse_args()
    for name in args.train:
        if "test" in Path(name).name or "dev" in Path(name).name:
            parser.error(f"{name}: train on train parts only")
    docs = [d for name in args.train for d in read_annotations(name)]
    per_doc = [mentions(d) for d in docs]
    examples = [e for m in per_doc for e in m]
    classes = sorted({e[1] for e in examples})
    print(f"{len(docs)} documents, {len(examples)} non-pronoun source mentions, {len(classes)} classes: {classes}")
    folds = [[e for i in range(f, len(docs), FOLDS) for e in per_doc[i]] for f in range(FOLDS)]

    rule_cv = accuracies([e[2] for e in examples], [e[1] for e in examples])
    print(f"rules on the same mentions: kind {rule_cv['kind']:.3f} anonymous {rule_cv['anonymous']:.3f} "
          f"both {rule_cv['both']:.3f}")
    best = None
    selection = []
    for l2 in L2_GRID:
        pred, gold = [], []
        for f in range(FOLDS):
            rest = [e for g in range(FOLDS) if g != f for e in folds[g]]
            x, y = matrix(rest, classes)
            w = fit(x, y, len(classes), l2)
            hx, _ = matrix(folds[f], classes)
            pred += [classes[i] for i in np.argmax(hx @ w.T, axis=1)]
            gold += [e[1] for e in folds[f]]
        acc = accuracies(pred, gold)
        selection.append({"l2": l2, **{k: round(v, 4) for k, v in acc.items()}})
        print(f"l2={l2:<7} {FOLDS}-fold mentions: kind {acc['kind']:.3f} anonymous {acc['anonymous']:.3f} "
              f"both {acc['both']:.3f}", flush=True)
        if best is None or acc["both"] > best[1]["both"]:
            best = (l2, acc)
    l2 = best[0]

    totals = {"classifier": {"source_kind": [0, 0], "anonymous": [0, 0]}, "rules": {"source_kind": [0, 0], "anonymous": [0, 0]}}
    for f in range(FOLDS):
        rest = [e for g in range(FOLDS) if g != f for e in folds[g]]
        x, y = matrix(rest, classes)
        clf = kinds.KindClassifier(tuple(classes), fit(x, y, len(classes), l2))
        held = docs[f::FOLDS]
        for name, c in (("classifier", clf), ("rules", None)):
            for field, (ok, n) in end_to_end(held, c).items():
                totals[name][field][0] += ok
                totals[name][field][1] += n
    e2e = {name: {field: round(ok / max(1, n), 4) for field, (ok, n) in t.items()} for name, t in totals.items()}
    n_e2e = totals["rules"]["source_kind"][1]
    print(f"chosen l2={l2}; {FOLDS}-fold end to end on gold spans (n={n_e2e}): "
          f"classifier kind {e2e['classifier']['source_kind']:.3f} anonymous {e2e['classifier']['anonymous']:.3f}; "
          f"rules kind {e2e['rules']['source_kind']:.3f} anonymous {e2e['rules']['anonymous']:.3f}")

    beats = (e2e["classifier"]["source_kind"] > e2e["rules"]["source_kind"]
             and e2e["classifier"]["anonymous"] >= e2e["rules"]["anonymous"])
    if not beats and not args.force:
        print("the classifier does not beat the rules in cross-validation: weights not written")
        return 1
    x, y = matrix(examples, classes)
    w = fit(x, y, len(classes), l2)
    report = {
        "about": "Source-kind classifier of attribution/assemble/kinds.py, written by scripts/train_kinds.py.",
        "trained_on": [str(Path(n)) for n in args.train],
        "features": list(kinds.FEATURES),
        "classes": [[k, a] for k, a in classes],
        "weights": [[round(float(v), 5) for v in row] for row in w],
        "selection": {"l2": l2, "folds": FOLDS, "mention_cv": selection,
                      "rules_on_mentions": {k: round(v, 4) for k, v in rule_cv.items()},
                      "end_to_end_cv": {**e2e, "n": n_e2e}},
    }
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
