"""`attribution train` as a plain function: read corpora, fine-tune, release the best epoch with its card."""
from __future__ import annotations

import shutil
from pathlib import Path

from attribution.data.annotations import AnnotatedDocument
from attribution.train.config import NOT_ON_COMMAND_LINE, TrainingOptions


def load_corpora(options: TrainingOptions) -> tuple[list[AnnotatedDocument], list[AnnotatedDocument]]:
    from attribution.data.jsonl import read_annotations
    from attribution.data.polnear import read_polnear

    train_docs: list[AnnotatedDocument] = []
    dev_docs: list[AnnotatedDocument] = []
    if options.polnear:
        train_docs += list(read_polnear(options.polnear, "train", options.limit_train_docs))
        dev_docs += list(read_polnear(options.polnear, "dev", options.limit_dev_docs))
    for path in options.extra_train:
        train_docs += list(read_annotations(path)) * max(1, options.extra_repeat)
    for path in options.extra_dev:
        dev_docs += list(read_annotations(path))
    if not train_docs:
        raise ValueError("no training documents: give --polnear and/or --extra-train")
    return train_docs, dev_docs


def command_line(options: TrainingOptions) -> str:
    """The `attribution train` command that reproduces these options (for the model card)."""
    from dataclasses import fields

    defaults = TrainingOptions()
    parts = ["attribution train"]
    for f in fields(TrainingOptions):
        value = getattr(options, f.name)
        if value == getattr(defaults, f.name) or f.name in NOT_ON_COMMAND_LINE:
            continue
        flag = "--" + ("out" if f.name == "output_dir" else f.name.replace("_", "-"))
        for v in value if isinstance(value, list) else [value]:
            parts.append(f"{flag} {v}")
    return " ".join(parts)


def run_training(options: TrainingOptions, command: str | None = None) -> dict:
    """Train from the options and write the best checkpoint plus model card to ``output_dir/model``."""
    from attribution.tag.encoder import base_encoder_path, load_base_encoder, load_tokenizer
    from attribution.tag.model import AttributionTagger, TaggerConfig
    from attribution.train.card import write_model_card
    from attribution.train.trainer import train

    train_docs, dev_docs = load_corpora(options)
    if options.init_from:
        from attribution.tag.model import load_tagger

        model = load_tagger(options.init_from, base_encoder_path())
        own = Path(options.init_from) / "tokenizer"  # a model with its own tokenizer keeps it
        tokenizer = load_tokenizer(own if own.is_dir() else None)
    else:
        tokenizer = load_tokenizer()
        model = AttributionTagger(TaggerConfig(max_length=options.max_length), load_base_encoder())
    result = train(options, train_docs, dev_docs, model, tokenizer)
    release = Path(options.output_dir) / "model"
    if release.exists():
        shutil.rmtree(release)
    shutil.copytree(result["best_checkpoint"], release)
    if options.init_from and (Path(options.init_from) / "tokenizer").is_dir() and not (release / "tokenizer").exists():
        shutil.copytree(Path(options.init_from) / "tokenizer", release / "tokenizer")
    result["model_dir"] = str(release)
    result["base_encoder"] = str(base_encoder_path())
    result["command"] = command or command_line(options)
    write_model_card(release, options, result)
    return result
