"""One window length and one set of training defaults: what the CLI, the model config and
inference fall back on all come from the same two places."""
from __future__ import annotations

import inspect
import re
from dataclasses import fields
from pathlib import Path

from attribution.cli import train_cmd
from attribution.tag.model import TaggerConfig
from attribution.tag.predict import predict_words
from attribution.tag.windows import WINDOW_LENGTH, make_windows, tokenize_and_align_labels
from attribution.train.config import NOT_ON_COMMAND_LINE, TrainingOptions

PACKAGE = Path(__file__).resolve().parents[2] / "attribution"


def _default(function, name: str):
    return inspect.signature(function).parameters[name].default


def test_every_default_window_length_is_the_one_constant():
    assert TrainingOptions().max_length == WINDOW_LENGTH
    assert TaggerConfig().max_length == WINDOW_LENGTH
    assert _default(train_cmd.train, "max_length") == WINDOW_LENGTH
    assert _default(make_windows, "max_length") == WINDOW_LENGTH
    assert _default(tokenize_and_align_labels, "max_length") == WINDOW_LENGTH
    assert _default(predict_words, "max_length") == WINDOW_LENGTH


def test_the_window_length_is_typed_once():
    """A window length given as a literal number (a default, a fallback) would drift from the constant."""
    literal = re.compile(r"[=(,]\s*192\b")
    found = [f"{path.relative_to(PACKAGE)}:{n}" for path in PACKAGE.rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert found == ["tag/windows.py:16"]


def test_train_command_takes_every_default_from_training_options():
    """Each flag of `attribution train` is a TrainingOptions field with the dataclass's default,
    and every field not kept off the command line is a flag."""
    defaults = TrainingOptions()
    cli = inspect.signature(train_cmd.train).parameters
    as_field = {("output_dir" if name == "out" else name): p.default for name, p in cli.items()}
    exposed = {f.name for f in fields(TrainingOptions)} - set(NOT_ON_COMMAND_LINE)
    assert set(as_field) == exposed
    for name, default in as_field.items():
        want = getattr(defaults, name)
        assert (default or []) == want if isinstance(want, list) else default == want, name


def test_options_from_a_recorded_run_ignore_keys_this_version_lacks():
    options = TrainingOptions.from_dict({"epochs": 2.0, "max_length": 128, "retired_option": 1})
    assert (options.epochs, options.max_length, options.seed) == (2.0, 128, TrainingOptions().seed)
