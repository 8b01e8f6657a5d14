"""The fine-tuning loop: seeded, CPU-friendly, checkpoint per epoch, dev scores as it goes."""
from __future__ import annotations

import json
import math
import random
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

from attribution.data.annotations import AnnotatedDocument
from attribution.tag.decode import decode_spans
from attribution.tag.model import AttributionTagger, TaggerConfig, freeze_word_embeddings
from attribution.tag.predict import collate, predict_words
from attribution.tag.words import split_words
from attribution.train.config import TrainingOptions
from attribution.train.dataset import build_dataset


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def span_scores(model, tokenizer, docs: list[AnnotatedDocument], max_length: int) -> dict[str, float]:
    """Span-level dev scores straight from the tagger (exact cue F1, overlap source/content F1).

    A fast proxy used while training; ``attribution evaluate`` gives the full picture.
    """
    model.eval()
    counts = {r: [0, 0, 0] for r in ("SOURCE", "CUE", "CONTENT")}  # tp, pred, gold
    words_per_doc = [split_words(d.text) for d in docs]
    preds = predict_words(model, tokenizer, ([w.text for w in ws] for ws in words_per_doc), max_length)
    for doc, words, pred in zip(docs, words_per_doc, preds):
        spans = decode_spans(pred.probs)
        got = {r: [(words[s.start].start, words[s.end - 1].end) for s in spans if s.role == r] for r in counts}
        gold = {"SOURCE": [r for a in doc.attributions for r in a.source],
                "CUE": [(a.cue[0][0], a.cue[-1][1]) for a in doc.attributions if a.cue],  # hedge-only claims have none
                "CONTENT": [r for a in doc.attributions for r in a.content]}
        for role in counts:
            g = gold[role]
            p = got[role]
            if role == "CUE":
                tp = len(set(p) & set(g))
            else:
                tp = sum(1 for a, b in p if any(a < d and c < b for c, d in g))
            counts[role][0] += tp
            counts[role][1] += len(p)
            counts[role][2] += len(g)
    out = {}
    for role, (tp, np_, ng) in counts.items():
        prec = tp / np_ if np_ else 0.0
        rec = tp / ng if ng else 0.0
        out[role.lower()] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
    out["mean"] = round(sum(out.values()) / 3, 4)
    return out


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
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: (s + 1) / max(1, warmup) if s < warmup else max(0.0, (total_steps - s) / max(1, total_steps - warmup)))
    rng = np.random.default_rng(options.seed)
    history: list[dict] = []
    best = (-1.0, None)
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
        ckpt = out_dir / f"epoch-{epoch}"
        model.save(ckpt)
        if dev_docs and options.eval_every_epoch:
            record["dev"] = span_scores(model, tokenizer, dev_docs, options.max_length)
            log(f"epoch {epoch} dev {record['dev']}")
            if record["dev"]["mean"] > best[0]:
                best = (record["dev"]["mean"], str(ckpt))
        else:
            best = (0.0, str(ckpt))
        history.append(record)
        (out_dir / "history.json").write_text(json.dumps({"options": asdict(options), "history": history}, indent=1))
    return {"history": history, "best_checkpoint": best[1], "train_windows": len(dataset),
            "elapsed_s": round(time.time() - started)}
