"""The training path on a 5-article sample, so it cannot rot; the saved model reloads and tags."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.cli.main import app

POLNEAR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear"


@pytest.mark.slow
def test_train_on_five_articles(tmp_path):
    assert POLNEAR.is_dir(), f"PolNeAR expected at {POLNEAR}"
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["train", "--polnear", str(POLNEAR), "--out", str(out), "--epochs", "1",
                                      "--limit-train-docs", "5", "--limit-dev-docs", "1", "--batch-size", "8",
                                      "--max-length", "128"])
    assert result.exit_code == 0, result.output
    model = out / "model"
    card = (model / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "base_model:" in card and "attribution train" in card
    run = json.loads((model / "training_run.json").read_text(encoding="utf-8"))
    assert run["history"][0]["dev"]["mean"] >= 0.0
    from attribution.pipeline import Attributor

    report = Attributor.load(model).extract("The minister said the talks had failed.", doc_id="x")
    assert report.doc_id == "x" and report.sentences
