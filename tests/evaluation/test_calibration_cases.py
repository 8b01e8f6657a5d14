"""Calibration and the agreement table, figures worked out by hand: bin edges of the reliability
table, pooling of adjacent violators, rounding, per-rule tables, the markdown layout.

Written against the mutants ``scripts/mutation.py evaluation`` left alive.
"""
from __future__ import annotations

import pytest

from attribution.evaluation.agreement import METRICS, agreement_table
from attribution.evaluation.calibration import apply_calibration, fit_calibration, reliability_table


def test_reliability_bins_include_their_lower_edge_and_the_last_bin_its_upper_edge():
    table = reliability_table([0.0, 0.1, 0.9, 0.95, 1.0], [False, True, True, True, False])
    assert table["rows"] == [
        {"bin": "0.0-0.1", "n": 1, "mean_confidence": 0.0, "accuracy": 0.0},
        {"bin": "0.1-0.2", "n": 1, "mean_confidence": 0.1, "accuracy": 1.0},
        {"bin": "0.9-1.0", "n": 3, "mean_confidence": 0.95, "accuracy": 0.667},
    ]
    assert table["n"] == 5
    assert table["ece"] == round(1 / 5 * 0.9 + 3 / 5 * abs(2 / 3 - 0.95), 4)


def test_fitted_points_pool_violators_and_are_rounded_to_four_places():
    assert fit_calibration([], []) == {"points": []}
    # four bins of one: 1, 0, 0, 1 correct; the middle ones pool with the first into 1/3
    assert fit_calibration([0.1, 0.2, 0.35, 0.4], [True, False, False, True], bins=4) == {
        "points": [[0.2167, 0.3333], [0.4, 1.0]]}
    # two bins of two, equally accurate: pooled into one
    assert fit_calibration([0.1, 0.2, 0.3, 0.4], [True, False, False, True], bins=2) == {"points": [[0.25, 0.5]]}
    # three bins of two with accuracy 1/2, 0, 1: the first two pool, the last stays
    assert fit_calibration([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [True, False, False, False, True, True], bins=3) == {
        "points": [[0.25, 0.25], [0.55, 1.0]]}


def test_a_rule_uses_its_own_table_and_falls_back_to_the_model_one():
    calibration = {"model": {"points": [[0.0, 0.0], [1.0, 1.0]]}, "hedge": {"points": [[0.0, 0.5], [1.0, 0.5]]}}
    assert apply_calibration(calibration, 0.2, "hedge") == 0.5
    assert apply_calibration(calibration, 0.2, "headline") == pytest.approx(0.2)
    assert apply_calibration(None, 0.2, "hedge") == 0.2


def test_the_agreement_table_is_markdown_with_a_column_per_split_and_model():
    humans = {key: 0.5 for _, key in METRICS}
    model = {key: 0.25 for _, key in METRICS}
    table = agreement_table([
        {"split": "dev", "annotator_pairs": 2, "documents": 3, "humans": humans, "model": model},
        {"split": "test", "annotator_pairs": 0, "documents": 1, "humans": None},
    ])
    lines = table.split("\n")
    assert lines[0] == ("| metric | dev: annotators (2 pairs, 3 docs) | dev: model vs annotators "
                        "| test: annotators (0 pairs, 1 docs) |")
    assert lines[1] == "|---|---|---|---|"
    assert lines[2] == "| attribution F1 (cue exact) | 0.500 | 0.250 | - |"
    assert len(lines) == 2 + len(METRICS)
