"""The training loop on the tiny random tagger: which epoch it releases, and that a seed repeats a run."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import torch

from attribution.data.jsonl import read_annotations
from attribution.train.config import TrainingOptions
from attribution.train.trainer import SELECTION_METRIC, select_epoch, train

ROOT = Path(__file__).resolve().parents[2]
AUTHORED_TRAIN = ROOT / "corpus" / "authored" / "train.jsonl"
AUTHORED_DEV = ROOT / "corpus" / "authored" / "dev.jsonl"


def _tiny(model_dir: Path):
    """A fresh copy of the tiny tagger and its tokenizer, as `attribution train --init-from` loads them."""
    from attribution.tag.encoder import load_tokenizer
    from attribution.tag.model import load_tagger

    return load_tagger(model_dir), load_tokenizer(model_dir / "tokenizer")


def _few_documents(n: int = 3):
    return list(read_annotations(AUTHORED_TRAIN))[:n]


def _options(out: Path, **changes) -> TrainingOptions:
    return TrainingOptions(**{"output_dir": str(out), "epochs": 1, "batch_size": 2, "max_length": 64, **changes})


def _epoch(n: int, attribution_f1: float, spans: float) -> dict:
    return {"epoch": n, "dev": {SELECTION_METRIC: attribution_f1, "cue": spans, "source": spans, "content": spans}}


def test_selection_takes_the_best_scorer_attribution_f1_not_the_best_span_scores():
    history = [_epoch(1, 0.40, 0.90), _epoch(2, 0.55, 0.50), _epoch(3, 0.50, 0.95)]
    assert select_epoch(history)["epoch"] == 2


def test_selection_prefers_the_earliest_of_equal_epochs_and_falls_back_to_the_last_unscored_one():
    assert select_epoch([_epoch(1, 0.6, 0.1), _epoch(2, 0.6, 0.9), _epoch(3, 0.5, 0.9)])["epoch"] == 1
    assert select_epoch([{"epoch": 1}, {"epoch": 2}])["epoch"] == 2
    legacy = [{"epoch": 1, "dev": {"mean": 0.9, "cue": 0.9}}, {"epoch": 2, "dev": {"mean": 0.1, "cue": 0.1}}]
    assert select_epoch(legacy)["epoch"] == 2  # no scorer figure: nothing to choose on but recency
    with pytest.raises(ValueError):
        select_epoch([])


def test_the_run_releases_the_epoch_with_the_best_dev_attribution_f1(tmp_path, tiny_model_dir, monkeypatch):
    """Per-epoch dev figures stand in for the scorer; the loop must pick and report epoch 2."""
    figures = iter([_epoch(1, 0.40, 0.90)["dev"], _epoch(2, 0.55, 0.50)["dev"], _epoch(3, 0.50, 0.95)["dev"]])
    monkeypatch.setattr("attribution.train.trainer.dev_scores", lambda *args: next(figures))
    model, tokenizer = _tiny(tiny_model_dir)
    docs = _few_documents(1)
    result = train(_options(tmp_path, epochs=3), docs, docs[:1], model, tokenizer)
    assert [h["epoch"] for h in result["history"]] == [1, 2, 3]
    assert result["best_checkpoint"] == str(tmp_path / "epoch-2")
    assert result["selected_on"] == SELECTION_METRIC
    assert (tmp_path / "epoch-2" / "tagger.safetensors").is_file()


def _trained_state(out: Path, model_dir: Path, seed: int) -> dict[str, torch.Tensor]:
    model, tokenizer = _tiny(model_dir)
    train(_options(out, seed=seed), _few_documents(), [], model, tokenizer)
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _disturb_global_generators() -> None:
    """Leave the process's random generators somewhere else, as any earlier work would."""
    torch.manual_seed(987)
    random.seed(987)
    np.random.seed(987)
    torch.rand(11)


def test_the_seed_makes_two_runs_identical(tmp_path, tiny_model_dir):
    first = _trained_state(tmp_path / "a", tiny_model_dir, seed=13)
    _disturb_global_generators()
    second = _trained_state(tmp_path / "b", tiny_model_dir, seed=13)
    assert first.keys() == second.keys()
    assert all(torch.equal(first[k], second[k]) for k in first)
    _disturb_global_generators()
    other = _trained_state(tmp_path / "c", tiny_model_dir, seed=14)  # the runs are random enough to differ at all
    assert not all(torch.equal(first[k], other[k]) for k in first)


@pytest.mark.slow
def test_the_dev_figure_selection_uses_is_the_one_attribution_evaluate_reports(polnear_dir):
    """The released model on three PolNeAR dev articles, through the training loop's dev scoring and
    through `attribution evaluate` (torch, fp32): the same attribution F1, and the span figures too."""
    from attribution.evaluation.evaluate import evaluate, load_gold
    from attribution.pipeline import Attributor
    from attribution.tag.encoder import base_encoder_path, load_tokenizer
    from attribution.tag.model import load_tagger
    from attribution.tag.tagger import default_model_dir
    from attribution.train.trainer import dev_scores

    docs = load_gold(str(polnear_dir), "dev", limit=3)
    model = load_tagger(default_model_dir(), base_encoder_path())
    ours = dev_scores(model, load_tokenizer(), docs, TrainingOptions().max_length)
    attributor = Attributor.load(default_model_dir(), engine="torch", quantize=False)
    reported = evaluate(str(polnear_dir), attributor=attributor, limit=3)
    assert ours[SELECTION_METRIC] == reported["attribution"]["f1"]
    assert (ours["cue"], ours["source"], ours["content"]) == (
        reported["spans"]["cue_exact"]["f1"], reported["spans"]["source_overlap"]["f1"],
        reported["spans"]["content_overlap"]["f1"])


def test_the_release_script_defaults_to_the_epoch_training_selects():
    from conftest import load_script

    release = load_script("release_model")
    history = [_epoch(1, 0.40, 0.90), _epoch(2, 0.55, 0.50), _epoch(3, 0.50, 0.95)]
    assert release.chosen_checkpoint(history, None) == ("epoch-2", SELECTION_METRIC)
    assert release.chosen_checkpoint(history, "epoch-3") == ("epoch-3", "named")
    legacy = [{"epoch": 1, "dev": {"mean": 0.9}}, {"epoch": 2, "dev": {"mean": 0.1}}]
    assert release.chosen_checkpoint(legacy, None) == ("epoch-2", "last_epoch")
