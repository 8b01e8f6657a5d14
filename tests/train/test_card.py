"""The model card: a dataclass rendered through the package's Jinja template, figures from the run only."""
from __future__ import annotations

import copy
import fnmatch
import json
import tomllib
from importlib.resources import files
from pathlib import Path

from attribution.train.card import (
    CARD,
    LEGACY_SELECTION,
    RUN_FILE,
    SELECTION_WORDS,
    TEMPLATE,
    EpochScores,
    ModelCardData,
    render_card,
    write_model_card,
)
from attribution.train.config import TrainingOptions

ROOT = Path(__file__).resolve().parents[2]
RELEASED = ROOT / "models" / "attribution-tagger"


def _card() -> ModelCardData:
    return ModelCardData(
        options=TrainingOptions(epochs=3.0, max_length=128, learning_rate=3e-05, seed=7, extra_train=["own.jsonl"]),
        command="attribution train --epochs 3.0 --max-length 128",
        train_windows=412, elapsed_s=95, selected_checkpoint="epoch-2", selection=SELECTION_WORDS["attribution_f1"],
        epochs=[EpochScores(1, 0.6123, 0.7011, 0.8022, 0.8533), EpochScores(2, 0.6457, 0.6999, 0.7988, 0.8601)],
        metrics=[("attribution_f1", 0.6457), ("cue_exact_f1", 0.6999)])


def test_the_card_renders_from_the_dataclass_with_its_figures():
    text = _card().render()
    assert text.startswith("---\nlanguage: en\n")
    assert "  - own.jsonl\n" in text
    assert "          - type: attribution_f1\n            value: 0.6457\n" in text
    assert "windows of up to 128 word pieces" in text
    assert "at inference each window starts 60% of a window" in text
    assert "- Command: `attribution train --epochs 3.0 --max-length 128`\n" in text
    assert "Epochs 3.0, batch 16, learning rate 3e-05 (heads 0.001), warm-up 0.06, seed 7" in text
    assert "- 412 training windows; wall time 95 s" in text
    assert f"- Selected checkpoint: `epoch-2` ({SELECTION_WORDS['attribution_f1']}).\n" in text
    assert "| epoch | dev attribution F1 (cue exact) | dev cue exact F1 |" in text
    assert "| 1 | 0.6123 | 0.7011 | 0.8022 | 0.8533 |\n| 2 | 0.6457 | 0.6999 | 0.7988 | 0.8601 |\n" in text
    assert "stopped after epoch 2 for time" in text  # scheduled for 3 epochs, 2 recorded
    assert "## Evaluation" not in text and text.endswith("not by this model.\n")


def test_a_run_record_becomes_the_dataclass(tmp_path):
    run = {"options": {"epochs": 2.0, "max_length": 96}, "command": "attribution train", "train_windows": 10,
           "elapsed_s": 3, "best_checkpoint": str(tmp_path / "epoch-1"), "selected_on": "attribution_f1",
           "history": [{"epoch": 1, "dev": {"attribution_f1": 0.5, "cue": 0.6, "source": 0.7, "content": 0.8}},
                       {"epoch": 2, "dev": {"attribution_f1": 0.4, "cue": 0.9, "source": 0.9, "content": 0.9}}],
           "evaluation": {"summary": {"attribution_f1": 0.51, "fields": {"via_accuracy": 0.9}}, "table": "T",
                          "command": "attribution evaluate x"}}
    card = ModelCardData.from_run(run)
    assert card.selected_checkpoint == "epoch-1" and card.selection == SELECTION_WORDS["attribution_f1"]
    assert card.options.max_length == 96 and card.options.seed == TrainingOptions().seed
    assert card.epochs[1] == EpochScores(2, 0.4, 0.9, 0.9, 0.9)
    assert card.metrics == [("attribution_f1", 0.51), ("fields_via_accuracy", 0.9)]
    assert card.evaluation.table == "T" and card.evaluation.confidence is None
    older = copy.deepcopy(run)
    del older["selected_on"]
    assert ModelCardData.from_run(older).selection == LEGACY_SELECTION


def test_writing_a_card_keeps_the_run_and_renders_it_again_the_same(tmp_path):
    result = {"history": [{"epoch": 1, "dev": {"attribution_f1": 0.25, "cue": 0.5, "source": 0.5, "content": 0.5}}],
              "best_checkpoint": "runs/x/epoch-1", "selected_on": "attribution_f1", "train_windows": 8, "elapsed_s": 2,
              "command": "attribution train --epochs 1"}
    path = write_model_card(tmp_path, TrainingOptions(epochs=1), result)
    first = path.read_text(encoding="utf-8")
    assert json.loads((tmp_path / RUN_FILE).read_text(encoding="utf-8"))["selected_on"] == "attribution_f1"
    assert "| 1 | 0.25 | 0.5 | 0.5 | 0.5 |" in first
    assert render_card(tmp_path).read_text(encoding="utf-8") == first


def test_the_released_card_is_what_its_run_record_renders(tmp_path):
    """The committed card and its training_run.json agree: re-rendering changes nothing."""
    (tmp_path / RUN_FILE).write_bytes((RELEASED / RUN_FILE).read_bytes())
    assert render_card(tmp_path).read_text(encoding="utf-8") == (RELEASED / CARD).read_text(encoding="utf-8")


def test_the_template_ships_with_the_package():
    template = files("attribution.train") / "templates" / TEMPLATE
    assert template.is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["attribution"]
    assert any(fnmatch.fnmatch(f"train/templates/{TEMPLATE}", p) for p in patterns)
