"""The training path, so it cannot rot: on three authored articles kept in tests/fixtures (any clone), on five
PolNeAR articles (where PolNeAR is present), and warm-started from a saved tagger on a user's own JSONL."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.cli.main import app
from conftest import FIXTURES

TINY_TRAIN = FIXTURES / "authored.tiny.jsonl"
DEV_KEYS = {"attribution_f1", "source", "cue", "content"}


def _run(model: Path) -> dict:
    return json.loads((model / "training_run.json").read_text(encoding="utf-8"))


def _check_dev_record(dev: dict) -> None:
    """The dev figures of one epoch: attribution F1 as the scorer reports it (selection uses it), and F1 per role."""
    assert set(dev) == DEV_KEYS
    assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in dev.values())


@pytest.mark.slow
def test_train_on_the_authored_fixture_keeps_the_best_epoch(tmp_path):
    """Two epochs on three authored articles (dev = the same three); the model kept is the epoch with the best dev
    attribution F1 (the earliest of equals), and its weights are that epoch's."""
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["train", "--extra-train", str(TINY_TRAIN), "--extra-dev", str(TINY_TRAIN),
                                      "--out", str(out), "--epochs", "2", "--batch-size", "8", "--max-length", "128"])
    assert result.exit_code == 0, result.output
    model = out / "model"
    run = _run(model)
    assert [h["epoch"] for h in run["history"]] == [1, 2]
    assert run["history"][-1]["step"] == 2 * math.ceil(run["train_windows"] / 8)  # --epochs and --batch-size honoured
    for h in run["history"]:
        _check_dev_record(h["dev"])
    scores = [h["dev"]["attribution_f1"] for h in run["history"]]
    best = scores.index(max(scores)) + 1
    assert run["best_checkpoint"] == str(out / f"epoch-{best}")
    weights = (model / "tagger.safetensors").read_bytes()
    assert weights == (out / f"epoch-{best}" / "tagger.safetensors").read_bytes()
    card = (model / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "base_model:" in card and "attribution train" in card


@pytest.mark.slow
def test_train_on_five_polnear_articles(tmp_path, polnear_dir):
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["train", "--polnear", str(polnear_dir), "--out", str(out), "--epochs", "1",
                                      "--limit-train-docs", "5", "--limit-dev-docs", "1", "--batch-size", "8",
                                      "--max-length", "128"])
    assert result.exit_code == 0, result.output
    model = out / "model"
    card = (model / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "base_model:" in card and "attribution train" in card
    run = _run(model)
    (epoch,) = run["history"]
    assert epoch["step"] == math.ceil(run["train_windows"] / 8)
    _check_dev_record(epoch["dev"])
    assert run["selected_on"] == "attribution_f1" and run["best_checkpoint"] == str(out / "epoch-1")
    assert f"| 1 | {run['history'][0]['dev']['attribution_f1']} |" in card
    from attribution.pipeline import Attributor

    report = Attributor.load(model).extract("The minister said the talks had failed.", doc_id="x")
    assert report.doc_id == "x" and report.sentences


@pytest.mark.slow
def test_warm_start_on_own_jsonl_with_a_hedge_only_claim(tmp_path, tiny_model_dir):
    """`--init-from` continues a saved tagger (its shapes kept, its weights moved); own JSONL trains and selects,
    cue-less gold included."""
    from safetensors.numpy import load_file

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
    model = out / "model"
    run = _run(model)
    _check_dev_record(run["history"][0]["dev"])  # cue-less gold scored
    assert run["selected_on"] == "attribution_f1"
    before = load_file(str(tiny_model_dir / "tagger.safetensors"))
    after = load_file(str(model / "tagger.safetensors"))
    assert {k: v.shape for k, v in after.items()} == {k: v.shape for k, v in before.items()}  # the tiny tagger, not a new one
    assert any((after[k] != before[k]).any() for k in before)  # and trained
    assert "--init-from" in (model / "README.md").read_text(encoding="utf-8")
