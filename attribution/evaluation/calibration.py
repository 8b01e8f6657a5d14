"""Confidence calibration: raw model scores → probabilities that an attribution is right.

Histogram binning fitted on dev (per producing rule: model spans, headline
dash, hedge-only, nested, citing), made monotone, and stored beside the model
as ``calibration.json``.  Without a file the raw score is returned.
"""
from __future__ import annotations

import bisect

import numpy as np

DEFAULT_BINS = 10


def fit_calibration(scores: list[float], correct: list[bool], bins: int = DEFAULT_BINS) -> dict:
    """Equal-count bins with their accuracies, forced monotone by pooling adjacent violators."""
    if not scores:
        return {"edges": [], "values": []}
    order = np.argsort(scores)
    s = np.asarray(scores)[order]
    y = np.asarray(correct, dtype=float)[order]
    chunks = [c for c in np.array_split(np.arange(len(s)), min(bins, len(s))) if len(c)]
    blocks = [[float(y[c].sum()), float(len(c)), float(s[c[-1]])] for c in chunks]
    merged: list[list[float]] = []
    for b in blocks:  # pool adjacent violators
        merged.append(b)
        while len(merged) > 1 and merged[-2][0] / merged[-2][1] > merged[-1][0] / merged[-1][1]:
            last = merged.pop()
            merged[-1] = [merged[-1][0] + last[0], merged[-1][1] + last[1], last[2]]
    return {"edges": [b[2] for b in merged[:-1]], "values": [round(b[0] / b[1], 4) for b in merged]}


def apply_calibration(calibration: dict | None, raw: float, rule: str = "model") -> float:
    if not calibration:
        return raw
    table = calibration.get(rule) or calibration.get("model")
    if not table or not table.get("values"):
        return raw
    return table["values"][bisect.bisect_left(table["edges"], raw)]


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
