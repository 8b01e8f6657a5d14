"""Training options, as a dataclass in the style of Hugging Face's example scripts.

``TrainingOptions`` is the one place training defaults live: ``attribution train``
takes its option defaults from it, and ``scripts/release_model.py`` rebuilds a run's
options through :meth:`TrainingOptions.from_dict`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from attribution.tag.windows import WINDOW_LENGTH


NOT_ON_COMMAND_LINE = ("eval_every_epoch", "weight_decay", "warmup_ratio", "head_learning_rate")
"""Options `attribution train` does not expose (set them through the Python API); every other field is
a flag of the same name (``output_dir`` is ``--out``), with this dataclass's default."""


@dataclass
class TrainingOptions:
    polnear: str | None = None
    """PolNeAR root folder (with train/ and dev/); never copied into the project."""
    extra_train: list[str] = field(default_factory=list)
    """Project annotation JSONL files added to the training data."""
    extra_dev: list[str] = field(default_factory=list)
    """Project annotation JSONL files added to the dev data (checkpoint selection)."""
    output_dir: str = "runs/tagger"
    """Run folder: one checkpoint per epoch, history.json, and the selected model in ``model/``."""
    epochs: float = 4.0
    batch_size: int = 16
    learning_rate: float = 1e-4
    """Encoder learning rate."""
    head_learning_rate: float = 1e-3
    """The freshly initialised heads learn ten times faster than the pretrained encoder."""
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    """Share of all steps spent warming the learning rate up linearly from zero."""
    max_length: int = WINDOW_LENGTH
    """Word pieces per training window (the same constant inference uses)."""
    train_stride: float = 0.75
    """Each training window starts this share of a window after the previous one."""
    seed: int = 13
    limit_train_docs: int | None = None
    limit_dev_docs: int | None = None
    threads: int | None = None
    eval_every_epoch: bool = True
    """Score dev after each epoch (the best scoring epoch is released); without it, the last epoch is."""
    extra_repeat: int = 1
    """How many times the project's own documents are repeated per epoch (they are few)."""
    init_from: str | None = None
    """A saved tagger folder to continue fine-tuning from (warm start) instead of the bare encoder."""

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainingOptions:
        """Options from a run's recorded ``options`` (history.json), ignoring keys this version
        no longer has, so runs recorded by older code still load."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})
