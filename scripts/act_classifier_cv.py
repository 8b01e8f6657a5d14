"""Would a learned act classifier beat the lexicon? Cross-validation on the authored train parts.

For every gold attribution of ``corpus/chains/train.jsonl`` and ``corpus/entities/train.jsonl``
that carries an act, the gold source, cue, hedges and floating flag are read into a draft,
and two classifiers name its act:

* the lexicon of the ``acts`` assembly step (``attribution/lexicons/acts.json``), as shipped;
* a multinomial logistic regression (numpy, L2) over the cue's words, the source's head words
  and kind, the referent's head words, the word after the cue, hedge classes and the
  no-cue / floating flags, trained and scored by 5-fold cross-validation grouped by document.

The lexicon was written while reading these same parts, so its figure is optimistic; the
regression's is not. The step ships the lexicon unless the regression wins even so.

    python scripts/act_classifier_cv.py
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np

from attribution.assemble.state import Draft
from attribution.assemble.steps.acts import act_of, source_head_words
from attribution.schema import ACTS, Hedge, SourceSpan, Span

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("corpus/chains/train.jsonl", "corpus/entities/train.jsonl")


def gold_drafts(path: Path) -> list[tuple[str, str, Draft, str]]:
    """(doc id, text, draft from the gold spans, gold act) for every gold attribution with an act."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        text = rec["text"]
        classes = {(h["start"], h["end"]): h.get("class", "reportative") for h in rec.get("hedges") or []}
        for a in rec["attributions"]:
            if not a.get("act"):
                continue
            cue = Span(a["cue"]["start"], a["cue"]["end"], a["cue"]["text"]) if a.get("cue") else None
            s = a.get("source")
            source = SourceSpan(s["start"], s["end"], s["text"], s.get("kind", "other"), bool(s.get("anonymous")),
                                s.get("resolves_to")) if s else None
            content = [Span(c["start"], c["end"], c["text"]) for c in a["content"]]
            hedges = [Hedge(h["start"], h["end"], h["text"], classes.get((h["start"], h["end"]), "reportative"))
                      for h in a.get("hedges") or []]
            d = Draft(cue, source, content, 1.0, hedges=hedges, floating=bool(a.get("floating")))
            out.append((rec["doc_id"], text, d, a["act"]))
    return out


def features(text: str, d: Draft) -> list[str]:
    """The regression's features: words, not rules."""
    f = ["bias"]
    if d.floating:
        f.append("floating")
    if d.cue is None:
        f.append("nocue")
        f += [f"hedge={h.cls}" for h in d.hedges]
    else:
        words = re.findall(r"[a-z']+", d.cue.text.lower())
        f += [f"cue={w}" for w in words] + [f"cue_phrase={' '.join(words)}"]
        nxt = re.match(r"\s*([A-Za-z']+)", text[d.cue.end:])
        if nxt:
            f.append(f"next={nxt.group(1).lower()}")
    if d.source is not None:
        f.append(f"kind={d.source.kind}")
        f += [f"src={w}" for w in source_head_words(d.source.text)]
        if d.source.resolves_to:
            f += [f"ref={w}" for w in source_head_words(d.source.resolves_to)]
    return f


def train_lr(x: np.ndarray, y: np.ndarray, classes: int, l2: float, steps: int = 1500, lr: float = 4.0) -> np.ndarray:
    """Softmax regression by full-batch gradient descent."""
    w = np.zeros((x.shape[1], classes))
    onehot = np.eye(classes)[y]
    for _ in range(steps):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        w -= lr * (x.T @ (p - onehot) / len(y) + l2 * w)
    return w


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1e-4)
    args = ap.parse_args()
    items = [it for part in PARTS for it in gold_drafts(ROOT / part)]
    gold = np.array([ACTS.index(a) for *_, a in items])
    lexicon = np.array([ACTS.index(act_of(text, d)) for _, text, d, _ in items])

    feats = [features(text, d) for _, text, d, _ in items]
    docs = sorted({doc for doc, *_ in items})
    fold_of = {doc: i % args.folds for i, doc in enumerate(docs)}
    predicted = np.zeros(len(items), dtype=int)
    for k in range(args.folds):
        train = [i for i, (doc, *_) in enumerate(items) if fold_of[doc] != k]
        test = [i for i, (doc, *_) in enumerate(items) if fold_of[doc] == k]
        vocab = {f: j for j, f in enumerate(sorted({f for i in train for f in feats[i]}))}

        def matrix(rows: list[int]) -> np.ndarray:
            m = np.zeros((len(rows), len(vocab)))
            for r, i in enumerate(rows):
                for f in feats[i]:
                    if f in vocab:
                        m[r, vocab[f]] = 1.0
            return m

        w = train_lr(matrix(train), gold[train], len(ACTS), args.l2)
        predicted[test] = (matrix(test) @ w).argmax(axis=1)

    def report(name: str, pred: np.ndarray) -> None:
        acc = float((pred == gold).mean())
        per = {a: f"{int(((pred == c) & (gold == c)).sum())}/{int((gold == c).sum())}" for c, a in enumerate(ACTS)}
        print(f"{name:<34} accuracy {acc:.4f}  correct per act {per}")

    print(f"{len(items)} gold attributions with an act, {len(docs)} documents: {dict(Counter(a for *_, a in items))}")
    report("lexicon (as shipped)", lexicon)
    report(f"logistic regression ({args.folds}-fold CV)", predicted)
    report("always speech", np.zeros(len(items), dtype=int))


if __name__ == "__main__":
    main()
