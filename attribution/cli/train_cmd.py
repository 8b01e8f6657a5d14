"""``attribution train``: fine-tune the tagger on PolNeAR (+ the project's own JSONL)."""
from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from attribution.train.config import TrainingOptions

DEFAULTS = TrainingOptions()
"""The option defaults below come from here, so training defaults live in one place."""


def train(
    polnear: Annotated[str | None, typer.Option(help="PolNeAR root (with train/ and dev/); read in place, never copied.")] = DEFAULTS.polnear,
    extra_train: Annotated[list[str] | None, typer.Option("--extra-train", help="Annotation JSONL to add to training (repeatable).")] = None,
    extra_dev: Annotated[list[str] | None, typer.Option("--extra-dev", help="Annotation JSONL to add to dev (repeatable).")] = None,
    out: Annotated[str, typer.Option("--out", help="Run folder; the selected model lands in OUT/model.")] = DEFAULTS.output_dir,
    epochs: Annotated[float, typer.Option()] = DEFAULTS.epochs,
    batch_size: Annotated[int, typer.Option()] = DEFAULTS.batch_size,
    learning_rate: Annotated[float, typer.Option()] = DEFAULTS.learning_rate,
    train_stride: Annotated[float, typer.Option(help="Window start step as a share of the window.")] = DEFAULTS.train_stride,
    max_length: Annotated[int, typer.Option(help="Word pieces per window.")] = DEFAULTS.max_length,
    seed: Annotated[int, typer.Option()] = DEFAULTS.seed,
    limit_train_docs: Annotated[int | None, typer.Option(help="Use only the first N training documents.")] = DEFAULTS.limit_train_docs,
    limit_dev_docs: Annotated[int | None, typer.Option(help="Use only the first N dev documents.")] = DEFAULTS.limit_dev_docs,
    extra_repeat: Annotated[int, typer.Option(help="Repeat the --extra-train documents this many times.")] = DEFAULTS.extra_repeat,
    threads: Annotated[int | None, typer.Option()] = DEFAULTS.threads,
    init_from: Annotated[str | None, typer.Option(help="Continue fine-tuning a saved tagger folder instead of starting from the bare encoder.")] = DEFAULTS.init_from,
) -> None:
    """Train the tagger; progress and loss go to stderr, the summary to stdout."""
    from attribution.train.run import run_training

    options = TrainingOptions(polnear=polnear, extra_train=extra_train or [], extra_dev=extra_dev or [], output_dir=out,
                              epochs=epochs, batch_size=batch_size, learning_rate=learning_rate,
                              train_stride=train_stride, max_length=max_length, seed=seed,
                              limit_train_docs=limit_train_docs, limit_dev_docs=limit_dev_docs, threads=threads,
                              extra_repeat=extra_repeat, init_from=init_from)
    try:
        result = run_training(options)
    except (ValueError, FileNotFoundError) as err:
        print(f"attribution train: {err}", file=sys.stderr)
        raise typer.Exit(2) from err
    print(json.dumps({k: v for k, v in result.items() if k != "history"}, indent=1))
