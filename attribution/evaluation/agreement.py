"""How far PolNeAR's annotators agree with each other, and the model with them, on the same documents.

PolNeAR has documents annotated by several people (its ``annotator-training``
articles, 6 annotations each and in neither train nor dev, and a few articles of
``train`` and ``dev``).  Scoring every pair of annotations of a document with the
project's scorer gives the human ceiling for each figure the tagger is held to;
scoring the model against every annotation of the same documents puts it on the
same scale.
"""
from __future__ import annotations

import itertools
from pathlib import Path

AGREEMENT_SPLITS = ("annotator-training", "dev", "train")


def split_agreement(root: str | Path, split: str, attributor=None) -> dict:
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


def polnear_agreement(root: str | Path, attributor=None, splits: tuple[str, ...] = AGREEMENT_SPLITS) -> list[dict]:
    """:func:`split_agreement` for each split present under ``root``."""
    return [split_agreement(root, s, attributor) for s in splits if (Path(root) / s).is_dir()]


METRICS = (("attribution F1 (cue exact)", "attribution_f1"), ("cue exact", "cue_exact_f1"),
           ("source exact", "source_exact_f1"), ("source overlap", "source_overlap_f1"),
           ("content exact", "content_exact_f1"), ("content overlap", "content_overlap_f1"))


def agreement_table(results: list[dict]) -> str:
    """A markdown table: per split, annotators against each other and the model against them."""
    header = ["metric"]
    for r in results:
        header.append(f"{r['split']}: annotators ({r['annotator_pairs']} pairs, {r['documents']} docs)")
        if "model" in r:
            header.append(f"{r['split']}: model vs annotators")
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for label, key in METRICS:
        cells = [label]
        for r in results:
            cells.append(f"{r['humans'][key]:.3f}" if r["humans"] else "-")
            if "model" in r:
                cells.append(f"{r['model'][key]:.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
