"""The fine-tuning loop: seeded, CPU-friendly, checkpoint per epoch, dev scores as it goes.

The loop is our own (two learning rates, a pointer loss, word windows), but its pieces are
``transformers``': ``set_seed`` seeds Python, NumPy and torch, and the learning rate follows
``get_linear_schedule_with_warmup``.  The epoch released is chosen on the scorer's attribution F1.
"""
from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch
from transformers import get_linear_schedule_with_warmup, set_seed

from attribution.data.annotations import AnnotatedDocument
from attribution.tag.model import AttributionTagger, freeze_word_embeddings
from attribution.tag.predict import collate
from attribution.train.config import TrainingOptions
from attribution.train.dataset import build_dataset


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


SELECTION_METRIC = "attribution_f1"
"""The dev figure the released checkpoint is chosen on: attribution F1 with exact cue boundaries and
one-to-one matching, the headline figure `attribution evaluate` reports, so the epoch released is
the best one on the measure the project states."""


def dev_scores(model: AttributionTagger, tokenizer, docs: list[AnnotatedDocument], max_length: int) -> dict[str, float]:
    """Dev figures for one epoch, from the scorer that reports results.

    The model tags the documents as at inference (stitched windows of ``max_length`` pieces), the
    assembly turns the tags into reports, and :func:`attribution.evaluation.scorer.score` scores
    them, matching spans and attributions one to one.  The model pass dominates, so this costs about
    what the tagger-only span score it replaced did: PolNeAR dev (84 documents, released model, torch
    fp32, 2 shared cores) took 109 and 119 s against 92 and 120 s, beside about 1000 s per epoch.
    """
    from attribution.evaluation.scorer import score
    from attribution.pipeline import Attributor
    from attribution.read import Document
    from attribution.tag.tagger import Tagger

    model.eval()
    attributor = Attributor(Tagger(model, tokenizer, max_length=max_length))
    reports = attributor.extract_documents(Document(d.doc_id, d.text) for d in docs)
    result = score(zip(docs, reports), extended=False)
    spans = result["spans"]
    return {SELECTION_METRIC: result["attribution"]["f1"], "cue": spans["cue_exact"]["f1"],
            "source": spans["source_overlap"]["f1"], "content": spans["content_overlap"]["f1"]}


def select_epoch(history: list[dict]) -> dict:
    """The epoch record to release: the best dev :data:`SELECTION_METRIC` (the earliest of equals, as
    before), or the last epoch when no epoch was scored on dev."""
    if not history:
        raise ValueError("no epoch was trained")
    scored = [h for h in history if SELECTION_METRIC in h.get("dev", {})]
    if not scored:
        return history[-1]
    return max(scored, key=lambda h: h["dev"][SELECTION_METRIC])


def selection_rule(chosen: dict) -> str:
    """How :func:`select_epoch` chose ``chosen``, as the run records it (``selected_on``) for the card."""
    return SELECTION_METRIC if SELECTION_METRIC in chosen.get("dev", {}) else "last_epoch"


def train(
    options: TrainingOptions,
    train_docs: list[AnnotatedDocument],
    dev_docs: list[AnnotatedDocument],
    model: AttributionTagger,
    tokenizer,
) -> dict:
    """Fine-tune ``model`` in place; returns the run's history and where the best checkpoint went."""
    set_seed(options.seed)
    if options.threads:
        torch.set_num_threads(options.threads)
    out_dir = Path(options.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.time()
    dataset = build_dataset(train_docs, tokenizer, options.max_length, options.train_stride)
    dataset = dataset.remove_columns([c for c in ("doc_id", "word_index") if c in dataset.column_names])
    log(f"train: {len(train_docs)} documents, {len(dataset)} windows; dev: {len(dev_docs)} documents")
    freeze_word_embeddings(model)
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.") and p.requires_grad]
    enc_decay = [p for n, p in model.named_parameters()
                 if n.startswith("encoder.") and p.requires_grad and p.ndim > 1]
    enc_nodecay = [p for n, p in model.named_parameters()
                   if n.startswith("encoder.") and p.requires_grad and p.ndim <= 1]
    optimizer = torch.optim.AdamW([
        {"params": enc_decay, "lr": options.learning_rate, "weight_decay": options.weight_decay},
        {"params": enc_nodecay, "lr": options.learning_rate, "weight_decay": 0.0},
        {"params": head_params, "lr": options.head_learning_rate, "weight_decay": 0.0},
    ])
    steps_per_epoch = math.ceil(len(dataset) / options.batch_size)
    total_steps = max(1, int(steps_per_epoch * options.epochs))
    warmup = int(total_steps * options.warmup_ratio)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=warmup, num_training_steps=total_steps)
    rng = np.random.default_rng(options.seed)
    history: list[dict] = []
    step = 0
    epoch = 0
    pad = tokenizer.pad_token_id or 0
    while step < total_steps:
        epoch += 1
        model.train()
        order = rng.permutation(len(dataset))
        running, seen = 0.0, 0
        for b in range(0, len(order), options.batch_size):
            if step >= total_steps:
                break
            batch = collate([dataset[int(i)] for i in order[b:b + options.batch_size]], pad)
            loss = model(**batch)["loss"]
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            running += loss.item()
            seen += 1
            if step % 20 == 0 or step == total_steps:
                log(f"epoch {epoch} step {step}/{total_steps} loss {running / seen:.4f} "
                    f"elapsed {time.time() - started:.0f}s")
                running, seen = 0.0, 0
        record = {"epoch": epoch, "step": step, "elapsed_s": round(time.time() - started)}
        model.save(checkpoint_dir(out_dir, epoch))
        if dev_docs and options.eval_every_epoch:
            record["dev"] = dev_scores(model, tokenizer, dev_docs, options.max_length)
            log(f"epoch {epoch} dev {record['dev']}")
        history.append(record)
        (out_dir / "history.json").write_text(json.dumps({"options": asdict(options), "history": history}, indent=1))
    chosen = select_epoch(history)
    return {"history": history, "best_checkpoint": str(checkpoint_dir(out_dir, chosen["epoch"])),
            "selected_on": selection_rule(chosen),
            "train_windows": len(dataset), "elapsed_s": round(time.time() - started)}


def checkpoint_dir(out_dir: Path, epoch: int) -> Path:
    """Where epoch ``epoch``'s weights are saved (``epoch-N``, the name the card and release script use)."""
    return out_dir / f"epoch-{epoch}"
