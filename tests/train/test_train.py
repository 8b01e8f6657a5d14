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
    assert set(run["history"][0]["dev"]) == {"attribution_f1", "cue", "source", "content"}
    assert run["selected_on"] == "attribution_f1" and run["best_checkpoint"] == str(out / "epoch-1")
    assert f"| 1 | {run['history'][0]['dev']['attribution_f1']} |" in card
    from attribution.pipeline import Attributor

    report = Attributor.load(model).extract("The minister said the talks had failed.", doc_id="x")
    assert report.doc_id == "x" and report.sentences


@pytest.mark.slow
def test_warm_start_on_own_jsonl_with_a_hedge_only_claim(tmp_path, tiny_model_dir):
    """`--init-from` continues a saved tagger; own JSONL trains and selects, cue-less gold included."""
    text = "The minister said the talks had failed. The envoy reportedly left Cairo on Monday."
    record = {"doc_id": "own", "text": text, "attributions": [
        {"id": "a1", "source": {"start": 0, "end": 12, "text": "The minister"}, "cue": {"start": 13, "end": 17, "text": "said"},
         "content": [{"start": 18, "end": 38, "text": "the talks had failed"}]},
        {"id": "a2", "source": None, "cue": None, "content": [{"start": 40, "end": 81, "text": text[40:81]}]}]}
    assert record["attributions"][1]["content"][0]["text"] == "The envoy reportedly left Cairo on Monday"
    own = tmp_path / "own.jsonl"
    own.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "warm"
    result = CliRunner().invoke(app, ["train", "--extra-train", str(own), "--extra-dev", str(own), "--out", str(out),
                                      "--epochs", "1", "--batch-size", "2", "--init-from", str(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    run = json.loads((out / "model" / "training_run.json").read_text(encoding="utf-8"))
    assert set(run["history"][0]["dev"]) == {"attribution_f1", "cue", "source", "content"}  # cue-less gold scored
    assert run["selected_on"] == "attribution_f1"
    assert "--init-from" in (out / "model" / "README.md").read_text(encoding="utf-8")
