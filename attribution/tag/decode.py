"""Per-word label distributions → well-formed spans (constrained Viterbi over BIO)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attribution.tag.labels import LABELS, ROLES


@dataclass(frozen=True)
class WordSpan:
    """Words ``[start, end)`` tagged with ``role``; ``score`` is the mean label probability."""

    role: str
    start: int
    end: int
    score: float


def _allowed() -> np.ndarray:
    """allowed[i, j]: label j may follow label i (I-X only after B-X or I-X)."""
    n = len(LABELS)
    ok = np.ones((n, n), dtype=bool)
    for j, lab in enumerate(LABELS):
        if lab.startswith("I-"):
            role = lab[2:]
            for i, prev in enumerate(LABELS):
                ok[i, j] = prev in (f"B-{role}", f"I-{role}")
    return ok


_ALLOWED = _allowed()
_START_OK = np.array([not lab.startswith("I-") for lab in LABELS])


def viterbi(probs: np.ndarray) -> list[int]:
    """The most probable label sequence that is valid BIO."""
    n = probs.shape[0]
    if n == 0:
        return []
    logp = np.log(np.clip(probs, 1e-9, 1.0))
    trans = np.where(_ALLOWED, 0.0, -np.inf)
    score = np.where(_START_OK, logp[0], -np.inf)
    back = np.zeros((n, len(LABELS)), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + logp[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def decode_spans(probs: np.ndarray) -> list[WordSpan]:
    """Spans from per-word probabilities, each with the mean probability of its labels."""
    path = viterbi(probs)
    spans: list[WordSpan] = []
    start = None
    role = None
    for i, lab_id in enumerate(path + [0]):
        lab = LABELS[lab_id]
        if start is not None and not (lab.startswith("I-") and lab[2:] == role):
            conf = float(np.mean([probs[k, path[k]] for k in range(start, i)]))
            spans.append(WordSpan(role, start, i, conf))
            start = None
        if lab.startswith("B-"):
            start, role = i, lab[2:]
    return spans


__all__ = ["ROLES", "WordSpan", "decode_spans", "viterbi"]
