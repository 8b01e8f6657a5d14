"""Confidence calibration: raw model scores → probabilities that an attribution is right.

Equal-count bins fitted on dev, made monotone by pooling adjacent violators, and
stored beside the model as ``calibration.json``.  A score is mapped by linear
interpolation between the bins' (mean score, accuracy) points, not by the bin it
falls in: a step function would turn a change in the fourth decimal of a raw score
(another thread count) into a jump of 0.2 at a bin edge.  Tables written as steps
(``edges``/``values``) by earlier releases still load.  Without a file the raw
score is returned.
"""
from __future__ import annotations

import bisect

import numpy as np

DEFAULT_BINS = 10


def fit_calibration(scores: list[float], correct: list[bool], bins: int = DEFAULT_BINS) -> dict:
    """Equal-count bins, forced monotone by pooling adjacent violators: ``points`` holds each
    pooled bin's (mean score, accuracy), increasing in both."""
    if not scores:
        return {"points": []}
    order = np.argsort(scores)
    s = np.asarray(scores)[order]
    y = np.asarray(correct, dtype=float)[order]
    chunks = [c for c in np.array_split(np.arange(len(s)), min(bins, len(s))) if len(c)]
    blocks = [[float(y[c].sum()), float(len(c)), float(s[c].sum())] for c in chunks]  # correct, n, score sum
    merged: list[list[float]] = []
    for b in blocks:  # pool adjacent violators
        merged.append(b)
        while len(merged) > 1 and merged[-2][0] / merged[-2][1] >= merged[-1][0] / merged[-1][1]:
            last = merged.pop()
            merged[-1] = [a + b for a, b in zip(merged[-1], last)]
    return {"points": [[round(b[2] / b[1], 4), round(b[0] / b[1], 4)] for b in merged]}


def apply_calibration(calibration: dict | None, raw: float, rule: str = "model") -> float:
    if not calibration:
        return raw
    table = calibration.get(rule) or calibration.get("model")
    if not table:
        return raw
    points = table.get("points")
    if points:  # continuous: linear between the points, flat beyond the first and the last
        return float(np.interp(raw, [p[0] for p in points], [p[1] for p in points]))
    if table.get("values"):  # a step table from an earlier release
        return table["values"][bisect.bisect_left(table["edges"], raw)]
    return raw


def reliability_table(confidences: list[float], correct: list[bool], bins: int = 10) -> dict:
    """Reliability by equal-width bins, and the expected calibration error."""
    rows = []
    total = len(confidences)
    ece = 0.0
    conf = np.asarray(confidences)
    y = np.asarray(correct, dtype=float)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        mask = (conf >= lo) & ((conf < hi) if b < bins - 1 else (conf <= hi))
        n = int(mask.sum())
        if not n:
            continue
        acc, mean = float(y[mask].mean()), float(conf[mask].mean())
        ece += n / total * abs(acc - mean)
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": n, "mean_confidence": round(mean, 3), "accuracy": round(acc, 3)})
    return {"rows": rows, "ece": round(ece, 4), "n": total}
