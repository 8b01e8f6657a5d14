"""The cross-encoder trial script: its pieces that decide the figures (no training here)."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, load_script


@pytest.fixture(scope="module")
def trial():
    return load_script("try_claims_cross_encoder")


def test_roc_auc_counts_how_often_a_positive_outscores_a_negative(trial):
    assert trial.roc_auc(np.array([0.0, 0.0, 1.0, 1.0]), np.array([0.1, 0.2, 0.3, 0.4])) == 1.0
    assert trial.roc_auc(np.array([1.0, 1.0, 0.0, 0.0]), np.array([0.1, 0.2, 0.3, 0.4])) == 0.0
    assert trial.roc_auc(np.array([0.0, 1.0, 0.0, 1.0]), np.array([0.5, 0.5, 0.5, 0.5])) == 0.5  # ties count half
    assert trial.roc_auc(np.array([0.0, 1.0, 1.0, 0.0]), np.array([0.1, 0.4, 0.2, 0.3])) == 0.75


def test_training_pairs_are_retellings_of_one_claim_with_a_negative_from_another(trial):
    from attribution.train.retellings import load_retellings

    stories = load_retellings(ROOT / "corpus" / "retellings")[:6]
    claim_of = {t.text: t.claim for s in stories for t in s.texts}
    data = trial.training_pairs(stories, per_claim=2, seed=0)
    positives = [(a, b) for a, b, label in data if label == 1.0]
    negatives = [(a, b) for a, b, label in data if label == 0.0]
    assert positives and len(negatives) == len(positives)
    assert all(claim_of[a] == claim_of[b] and a != b for a, b in positives)
    assert all(claim_of[a] != claim_of[b] for a, b in negatives)


def test_a_test_split_is_refused(trial):
    with pytest.raises(SystemExit):
        trial.main([str(ROOT / "corpus" / "claims" / "test9")])
