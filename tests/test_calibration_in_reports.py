"""A model folder's ``calibration.json`` is loaded, and every confidence in a report is its map of the raw score.

Before this test, ``calibration.json`` could go unread and every report still passed: no test
looked at a confidence. Here a tiny model gets a calibration that halves every score.
"""
from __future__ import annotations

import json
import shutil

from attribution.assemble.build import build_report
from attribution.pipeline import Attributor

HALVING = {"model": {"points": [[0.0, 0.0], [1.0, 0.5]]}}


def raw_scores(attributor: Attributor, text: str) -> list[tuple[float, str]]:
    """The uncalibrated score and rule of each attribution, in report order, as assembly computes them."""
    seen: list[tuple[float, str]] = []

    def record(raw: float, rule: str) -> float:
        seen.append((raw, rule))
        return raw

    report = build_report("raw", text, attributor.tagger.tag(text), calibrate=record)
    assert len(seen) == len(report.attributions)
    return seen


def test_calibration_json_beside_the_model_maps_every_confidence(tmp_path, tiny_model_dir, seed_text):
    model = tmp_path / "calibrated"
    shutil.copytree(tiny_model_dir, model)
    (model / "calibration.json").write_text(json.dumps(HALVING), encoding="utf-8")
    attributor = Attributor.load(model, threads=1)

    report = attributor.extract(seed_text, doc_id="d")
    raw = raw_scores(attributor, seed_text)
    assert report.attributions, "the tiny model should find something to calibrate in this text"
    assert [a.confidence for a in report.attributions] == [round(r / 2, 4) for r, _ in raw]
    assert any(abs(a.confidence - r) > 0.05 for a, (r, _) in zip(report.attributions, raw))


def test_without_calibration_json_the_raw_score_is_reported(tiny_attributor, seed_text):
    report = tiny_attributor.extract(seed_text, doc_id="d")
    raw = raw_scores(tiny_attributor, seed_text)
    assert [a.confidence for a in report.attributions] == [round(r, 4) for r, _ in raw]
