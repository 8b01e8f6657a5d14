"""How likely two statements are one claim: a small logistic model over what a pair shares.

Cosine similarity alone puts every sentence about one strike or one election near every
other; words and numbers in common, the same teller, a headline's clipped wording and a
denial's negated one each move the odds in their own way.  Rather than weighing these
by hand, :func:`features` turns a pair into a few numbers and :class:`PairModel` (logistic
regression) turns them into a probability.  Its weights are fitted on the train part of
the claims corpus only, by ``scripts/fit_claims_pairs.py``, which also reports their
leave-one-story-out cross-validation; they are data (``pair_model.json``), not code.

Pairs whose numbers or names disagree (:func:`attribution.claims.check.conflict`) are
never scored: "12 killed" and "21 killed" are two claims however alike they read.
Negation is a feature, not a refusal: in news the negation of a claim by another outlet
is most often its denial ("blasting did not cause the slide", said the quarry), which
belongs with the claim it denies (and makes the cluster ``contradicted``).
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from attribution.claims.check import facts

FEATURES = ("cosine", "shared_number", "shared_words", "shared_names", "same_source", "headline", "denial",
            "negation_flip", "days_apart")
"""The names of :func:`features`' values, in order (the weights file names them too)."""
MODEL_PATH = Path(__file__).with_name("pair_model.json")
GRACE_DAYS = 3.0
"""Publication gaps up to this count as none: one news cycle (set before fitting; the gap counted
from 0 days instead cost held-out pairs a day apart: leave-one-story-out F1 0.706 against 0.753)."""
MAX_DAYS = 30.0
"""Gaps beyond this count as this (a month apart tells as much as a year)."""


def features(a: str, b: str, cosine: float, same_source: bool = False, headline: bool = False,
             denial: bool = False, days_apart: float | None = None) -> list[float]:
    """The pair's features: its cosine; 1 if the texts share a number; the share of the shorter
    text's content-word stems found in the other; the share of the fewer names found in the other
    (names compared by their first five letters: "Tarsovia" / "Tarsovian"); 1 if both name the same
    source; 1 if either is a headline; 1 if either is a denial (certainty ``denied``); 1 if one is
    negated and the other not; ``log(1 + days)`` for the days between the two publications
    beyond :data:`GRACE_DAYS` (at most :data:`MAX_DAYS`; 0 when either date is unknown): a claim
    travels through outlets within a news cycle, while two alike sentences weeks apart are more
    often two events of one topic ("nine guests fell ill" / a week later "all nine guests have
    left hospital")."""
    fa, fb = facts(a), facts(b)
    words = len(fa.stems & fb.stems) / max(1, min(len(fa.stems), len(fb.stems)))
    names = len(fa.name_stems & fb.name_stems) / max(1, min(len(fa.name_stems), len(fb.name_stems)))
    return [float(cosine), 1.0 if fa.numbers & fb.numbers else 0.0, words, names, float(same_source),
            float(headline), float(denial), 1.0 if fa.negated != fb.negated else 0.0,
            math.log1p(min(max(0.0, abs(days_apart) - GRACE_DAYS), MAX_DAYS)) if days_apart is not None else 0.0]


UNRECORDED = "unrecorded"
"""A pair model file that does not say which encoder it was fitted on."""


@dataclass(frozen=True)
class PairModel:
    """Logistic regression: ``P(same claim) = 1 / (1 + exp(-(w · features + bias)))``."""

    weights: tuple[float, ...]
    bias: float
    encoder_overlay_sha256: str | None = UNRECORDED
    """The claim encoder's overlay the model was fitted on (None: the pip weights alone)."""

    def probability(self, values: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, values))
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "weights": dict(zip(FEATURES, self.weights)), "bias": self.bias}

    @classmethod
    def from_dict(cls, data: dict) -> PairModel:
        """Weights by feature name; a file naming other features than :data:`FEATURES` is refused."""
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError(f"pair model features {data.get('features')} are not {list(FEATURES)}")
        return cls(tuple(float(data["weights"][f]) for f in FEATURES), float(data["bias"]),
                   data.get("encoder_overlay_sha256", UNRECORDED))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> PairModel:
    """The fitted model (``pair_model.json`` beside this module unless ``path`` is given)."""
    return PairModel.from_dict(json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8")))
