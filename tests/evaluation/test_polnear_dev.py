"""Regression guard for the released model: all of PolNeAR dev, scored by the project's scorer.

The README reports attribution F1 (cue exact) 0.739 on PolNeAR dev (84 documents, 2,192 gold
attributions), with the default inference (ONNX Runtime, int8); this run measured 0.7388.
A change that costs more than one point fails here.
"""
from __future__ import annotations

import pytest

from attribution.evaluation.evaluate import evaluate

pytestmark = pytest.mark.slow

README_ATTRIBUTION_F1 = 0.739
ONE_POINT = 0.01


def test_released_model_on_polnear_dev(polnear_dir, released_attributor):
    result = evaluate(str(polnear_dir), split="dev", attributor=released_attributor)
    assert result["documents"] == 84 and result["attribution"]["gold"] == 2192  # the whole dev split
    assert result["attribution"]["f1"] >= README_ATTRIBUTION_F1 - ONE_POINT, result["attribution"]
