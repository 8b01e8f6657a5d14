#!/usr/bin/env python
"""How far PolNeAR's annotators agree with each other, and the model with them, on the same documents.

PolNeAR has documents annotated by several people: the 4 articles of its
``annotator-training`` folder (6 annotations each, not in train or dev) and a few
double-annotated articles in ``train`` and ``dev``.  Each pair of annotations of a
document is scored with the project's scorer (one side as gold; exact-match F1 is
symmetric), which gives the human agreement ceiling for every figure issue 3 asks
for.  The model is scored against every annotation of the same documents (its
training read only the first annotation of each train document, so the train row
flatters it).

Command (from the repository root, in the venv)::

    python scripts/polnear_agreement.py --polnear ../shared/data/polnear --json-out docs/bench-agreement.json

Prints a JSON summary, then a markdown table.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

METRICS = (("attribution F1 (cue exact)", "attribution_f1"), ("cue exact", "cue_exact_f1"),
           ("source exact", "source_exact_f1"), ("source overlap", "source_overlap_f1"),
           ("content exact", "content_exact_f1"), ("content overlap", "content_overlap_f1"))


def split_agreement(root: str, split: str, attributor=None) -> dict:
    """Annotator-vs-annotator scores (all pairs) and, with ``attributor``, model-vs-annotator scores."""
    from attribution.data.polnear import read_polnear_annotators
    from attribution.evaluation.scorer import agreement, score
    from attribution.read import Document

    groups = list(read_polnear_annotators(root, split))
    pairs = [pair for group in groups for pair in itertools.combinations(group, 2)]
    out: dict = {"split": split, "documents": len(groups), "annotations": sum(len(g) for g in groups),
                 "annotator_pairs": len(pairs), "humans": agreement(pairs)["summary"] if pairs else None}
    if attributor is not None and groups:
        reports = list(attributor.extract_documents(Document(g[0].doc_id, g[0].text) for g in groups))
        model_pairs = [(annotation, report) for group, report in zip(groups, reports) for annotation in group]
        out["model"] = score(model_pairs, extended=False)["summary"]
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--polnear", required=True, help="PolNeAR root (with annotator-training/, train/, dev/)")
    p.add_argument("--splits", nargs="+", default=["annotator-training", "dev", "train"])
    p.add_argument("--model", help="model folder (default: the released model)")
    p.add_argument("--no-model", action="store_true", help="annotators only")
    p.add_argument("--json-out", help="also write the JSON summary here")
    args = p.parse_args(argv)

    attributor = None
    if not args.no_model:
        from attribution.pipeline import Attributor

        attributor = Attributor.load(args.model)
    results = [split_agreement(args.polnear, s, attributor) for s in args.splits if (Path(args.polnear) / s).is_dir()]
    print(json.dumps(results, indent=1))
    print()
    header = ["metric"] + [f"{r['split']}: annotators ({r['annotator_pairs']} pairs, {r['documents']} docs)"
                           + (" | model" if "model" in r else "") for r in results]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in range(1 + sum(2 if "model" in r else 1 for r in results))) + "|")
    for label, key in METRICS:
        cells = [label]
        for r in results:
            cells.append(f"{r['humans'][key]:.3f}" if r["humans"] else "-")
            if "model" in r:
                cells.append(f"{r['model'][key]:.3f}")
        print("| " + " | ".join(cells) + " |")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
