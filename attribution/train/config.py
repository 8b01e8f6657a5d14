"""Training options, as a dataclass in the style of Hugging Face's example scripts."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TrainingOptions:
    polnear: str | None = None
    """PolNeAR root folder (with train/ and dev/); never copied into the project."""
    extra_train: list[str] = field(default_factory=list)
    """Project annotation JSONL files added to the training data."""
    extra_dev: list[str] = field(default_factory=list)
    output_dir: str = "runs/tagger"
    epochs: float = 4.0
    batch_size: int = 16
    learning_rate: float = 1e-4
    head_learning_rate: float = 1e-3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    max_length: int = 192
    train_stride: float = 0.75
    seed: int = 13
    limit_train_docs: int | None = None
    limit_dev_docs: int | None = None
    threads: int | None = None
    eval_every_epoch: bool = True
    extra_repeat: int = 1
    """How many times the project's own documents are repeated per epoch (they are few)."""
    init_from: str | None = None
    """A saved tagger folder to continue fine-tuning from (warm start) instead of the bare encoder."""
