"""Run the tagger over whole documents: windows in, stitched per-word predictions out."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from attribution.tag.windows import DEFAULT_STRIDE, WINDOW_LENGTH, Window, make_windows, window_inputs, word_pieces
from attribution.tag.words import case_class

POINTER_TOP_K = 4


@dataclass
class WordPredictions:
    """Per-word output for one document.

    ``probs[i]`` is word i's distribution over labels.  ``pointers[i]`` lists
    ``(cue_word_index, probability)`` pairs: where the model thinks word i's cue
    starts (document-level word indices, most likely first).
    """

    probs: np.ndarray
    pointers: list[list[tuple[int, float]]]


_PADS = (("input_ids", None), ("attention_mask", 0), ("case_ids", 0), ("labels", -100), ("pointer_labels", -100))


def pad_batch(features: list[dict], pad_id: int = 0) -> dict[str, np.ndarray]:
    """Pad tokenized windows to the longest one: int64 arrays, as both engines take them."""
    longest = max(len(f["input_ids"]) for f in features)
    batch: dict[str, np.ndarray] = {}
    for key, pad in _PADS:
        if key in features[0]:
            fill = pad_id if pad is None else pad
            batch[key] = np.array([f[key] + [fill] * (longest - len(f[key])) for f in features], dtype=np.int64)
    return batch


def collate(features: list[dict], pad_id: int = 0) -> dict:
    """Pad a list of tokenized windows into a batch of torch tensors (training)."""
    import torch

    return {k: torch.from_numpy(v) for k, v in pad_batch(features, pad_id).items()}


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(-1, keepdims=True)
    return x


def _top_k(p: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k largest values along the last axis and their indices, largest first."""
    idx = np.argpartition(-p, k - 1, axis=-1)[..., :k]
    val = np.take_along_axis(p, idx, -1)
    order = np.argsort(-val, axis=-1, kind="stable")
    return np.take_along_axis(val, order, -1), np.take_along_axis(idx, order, -1)


def as_engine(model):
    """An engine (``engine(ids, mask, case) -> (logits, pointer_scores)``), wrapping a torch module if needed."""
    if callable(model) and getattr(model, "name", None) in ("onnx", "torch"):
        return model
    from attribution.tag.engine import TorchEngine

    return TorchEngine(model)


def predict_words(
    model,
    tokenizer,
    documents: Iterable[Sequence[str]],
    max_length: int = WINDOW_LENGTH,
    batch_size: int = 32,
    stride: float = DEFAULT_STRIDE,
) -> Iterator[WordPredictions]:
    """Tag each document (given as its list of word strings), in order.

    ``model`` is an engine (:mod:`attribution.tag.engine`) or a torch tagger module.
    Windows from several documents share a batch; windows are sorted by length
    inside a batch-sized pool so little compute goes to padding.
    """
    engine = as_engine(model)
    if not getattr(engine, "batch_invariant", True):
        # dynamic int8 scales activations per batch: tag each window alone, so a document's
        # report never depends on which documents it was batched with (measured: no slower)
        batch_size = 1
    pending: list[tuple[int, Sequence[str], list[Window]]] = []
    pool: list[tuple[int, int, Window, dict]] = []
    results: dict[int, list[tuple[Window, np.ndarray, np.ndarray, np.ndarray]]] = {}
    next_out = 0
    doc_iter = enumerate(documents)
    exhausted = False
    while True:
        # fill the pool with windows until there is enough for a few batches
        while not exhausted and len(pool) < batch_size * 4:
            try:
                doc_idx, words = next(doc_iter)
            except StopIteration:
                exhausted = True
                break
            words = list(words)
            pieces = word_pieces(words, tokenizer)  # tokenized once; windows take slices
            cases = [case_class(w) for w in words]
            windows = make_windows([len(p) for p in pieces], max_length, stride) if words else []
            pending.append((doc_idx, words, windows))
            results[doc_idx] = []
            for w_idx, win in enumerate(windows):
                pool.append((doc_idx, w_idx, win, window_inputs(pieces, cases, win, tokenizer, max_length)))
        if pool:
            take = pool[: batch_size * 4]
            del pool[: batch_size * 4]
            take.sort(key=lambda item: len(item[3]["input_ids"]))
            for b in range(0, len(take), batch_size):
                chunk = take[b : b + batch_size]
                batch = pad_batch([{k: item[3][k] for k in ("input_ids", "attention_mask", "case_ids")} for item in chunk],
                                  tokenizer.pad_token_id or 0)
                logits, pointer_scores = engine(batch["input_ids"], batch["attention_mask"], batch["case_ids"])
                probs = _softmax(logits.astype(np.float32))
                pointer = _softmax(pointer_scores.astype(np.float32))
                top_p, top_i = _top_k(pointer, min(POINTER_TOP_K, pointer.shape[-1]))
                for row, (doc_idx, _w_idx, win, enc) in enumerate(chunk):
                    results[doc_idx].append((win, np.asarray(enc["word_index"]), probs[row], (top_p[row], top_i[row])))
        # emit finished documents in order
        while pending and (not pool or pending[0][0] < pool[0][0]) and len(results[pending[0][0]]) == len(pending[0][2]):
            doc_idx, words, windows = pending.pop(0)
            yield _stitch(len(words), results.pop(doc_idx))
            next_out += 1
        if exhausted and not pool and not pending:
            return


def _stitch(n_words: int, parts: list) -> WordPredictions:
    """Give each word the prediction of the window where it is most central (the earlier window on a tie)."""
    from attribution.tag.labels import LABELS

    # windows arrive in the order they ran (sorted by length within a pool shared with other
    # documents); put them in document order so that ties never depend on the neighbours
    parts = sorted(parts, key=lambda part: part[0].start)
    probs = np.zeros((n_words, len(LABELS)), dtype=np.float32)
    probs[:, 0] = 1.0
    best = np.full(n_words, -1)
    chosen = np.full(n_words, -1)  # which part each word's prediction comes from
    chosen_pos = np.zeros(n_words, dtype=np.int64)  # and at which sub-token position
    for k, (win, word_index, win_probs, _top) in enumerate(parts):
        pos = np.flatnonzero(word_index >= 0)
        local = word_index[pos].astype(np.int64)
        doc_w = win.start + local
        c = np.minimum(local, (win.end - win.start) - 1 - local)  # distance from the nearer window edge
        better = c > best[doc_w]
        doc_w, pos, c = doc_w[better], pos[better], c[better]
        best[doc_w] = c
        chosen[doc_w] = k
        chosen_pos[doc_w] = pos
        probs[doc_w] = win_probs[pos]
    pointers: list[list[tuple[int, float]]] = [[] for _ in range(n_words)]
    # sub-token position -> document word index, per window, for the pointer targets
    pos_to_word = [{int(p): win.start + int(word_index[p]) for p in np.flatnonzero(word_index >= 0)}
                   for win, word_index, _p, _t in parts]
    for w in np.flatnonzero(chosen >= 0):
        k, pos = int(chosen[w]), int(chosen_pos[w])
        top_p, top_i = parts[k][3]
        targets = pos_to_word[k]
        pointers[w] = [(targets[int(i)], float(p)) for p, i in zip(top_p[pos], top_i[pos]) if int(i) in targets]
    return WordPredictions(probs=probs, pointers=pointers)
