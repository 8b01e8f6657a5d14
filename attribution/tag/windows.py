"""Documents → overlapping word windows → sub-token inputs, and back.

PolNeAR contents cross sentence boundaries, so the tagger reads windows of
running text rather than sentences.  Windows overlap; when they are stitched
back, each word takes its prediction from the window where it sits furthest
from an edge (the most context on both sides).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from attribution.tag.labels import IGNORE
from attribution.tag.words import CASE_PAD, case_class

WINDOW_LENGTH = 192
"""Word pieces per window, [CLS] and [SEP] included: what the released tagger was trained on, and the
one default for training and inference alike.  Longer windows at inference did worse on PolNeAR dev
(int8 attribution F1: 256 pieces 0.731, 384 pieces 0.710, against 0.7388 at 192; see the README)."""
DEFAULT_STRIDE = 0.6
"""Each window starts 60% of a window after the previous one, so every word is tagged from a window
where it has at least ~38 word pieces of context on each side, with a sixth fewer windows than
overlapping by half.  Measured (int8, PolNeAR dev attribution F1): 0.5 → 0.7371, 0.55 → 0.7419,
0.6 → 0.7388, 0.67 → 0.733, 0.75 → ~0.730; 0.5 to 0.6 differ by window-placement noise (0.55 loses
one seed attribution that 0.5 and 0.6 find), so the fastest of them is the default."""


@dataclass(frozen=True)
class Window:
    """Words ``[start, end)`` of a document's word list."""

    start: int
    end: int


def subtoken_counts(words: Sequence[str], tokenizer) -> list[int]:
    """How many sub-tokens each word becomes (0 for words the tokenizer drops)."""
    return [len(p) for p in word_pieces(words, tokenizer)]


def word_pieces(words: Sequence[str], tokenizer) -> list[list[int]]:
    """Each word's sub-token ids (empty for words the tokenizer drops): a document tokenized once.

    Words are tokenized independently of their neighbours, so slicing these lists
    gives any window the ids that tokenizing the window alone would give.
    """
    pieces: list[list[int]] = [[] for _ in words]
    if not words:
        return pieces
    enc = tokenizer(list(words), is_split_into_words=True, add_special_tokens=False)
    for token_id, wid in zip(enc["input_ids"], enc.word_ids()):
        if wid is not None:
            pieces[wid].append(token_id)
    return pieces


def window_inputs(pieces: Sequence[Sequence[int]], cases: Sequence[int], window: Window, tokenizer,
                  max_length: int = WINDOW_LENGTH) -> dict[str, list[int]]:
    """Model inputs for ``window`` from a document tokenized once (:func:`word_pieces`).

    Equal to ``tokenize_and_align_labels`` on the window's words (tested), without
    tokenizing every word again for each window that covers it; ``cases`` holds each
    document word's :func:`~attribution.tag.words.case_class`.
    """
    budget = max_length - 2
    ids, case_ids, word_index = [tokenizer.cls_token_id], [CASE_PAD], [-1]
    for w in range(window.start, window.end):
        room = budget - (len(ids) - 1)
        if room <= 0:
            break
        ws = pieces[w][:room]
        if not ws:
            continue
        ids.extend(ws)
        case_ids.extend([cases[w]] * len(ws))
        word_index.append(w - window.start)
        word_index.extend([-1] * (len(ws) - 1))
    ids.append(tokenizer.sep_token_id)
    case_ids.append(CASE_PAD)
    word_index.append(-1)
    return {"input_ids": ids, "attention_mask": [1] * len(ids), "case_ids": case_ids, "word_index": word_index}


def make_windows(counts: Sequence[int], max_length: int = WINDOW_LENGTH, stride: float = DEFAULT_STRIDE) -> list[Window]:
    """Cover all words with windows of at most ``max_length - 2`` sub-tokens.

    Each window starts ``stride`` of the previous window's words later, so with
    ``stride=0.5`` every word (but those at the document edges) is seen twice.
    A word too long for any window gets a window of its own (truncated later).
    """
    budget = max_length - 2
    n = len(counts)
    windows: list[Window] = []
    start = 0
    while start < n:
        end, used = start, 0
        while end < n and (used + counts[end] <= budget or end == start):
            used += counts[end]
            end += 1
        windows.append(Window(start, end))
        if end >= n:
            break
        step = max(1, int((end - start) * stride))
        start = start + step
    return windows


def tokenize_and_align_labels(
    batch: dict[str, list],
    tokenizer,
    max_length: int = WINDOW_LENGTH,
) -> dict[str, list]:
    """Map word-level examples to sub-token model inputs (batched, pure).

    ``batch["words"]`` holds lists of words; optional ``batch["labels"]`` their
    label ids and ``batch["pointers"]`` the in-window word index of each word's
    cue (-1 for none).  A word's label goes on its first sub-token; later
    sub-tokens and special tokens get -100 so the loss ignores them.  Pointers
    become the sub-token position of the cue's first sub-token.
    """
    enc = tokenizer(
        batch["words"],
        is_split_into_words=True,
        truncation=True,
        max_length=max_length,
    )
    out: dict[str, list] = {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"],
                            "case_ids": [], "word_index": []}
    has_labels = "labels" in batch
    has_pointers = "pointers" in batch
    if has_labels:
        out["labels"] = []
    if has_pointers:
        out["pointer_labels"] = []
    for i, words in enumerate(batch["words"]):
        word_ids = enc.word_ids(i)
        first_pos: dict[int, int] = {}
        cases, word_index = [], []
        prev = None
        for pos, wid in enumerate(word_ids):
            if wid is None:
                cases.append(CASE_PAD)
                word_index.append(-1)
            else:
                cases.append(case_class(words[wid]))
                word_index.append(wid if wid != prev else -1)
                first_pos.setdefault(wid, pos)
            prev = wid
        out["case_ids"].append(cases)
        out["word_index"].append(word_index)
        if has_labels:
            labels = batch["labels"][i]
            out["labels"].append([labels[w] if w >= 0 else IGNORE for w in word_index])
        if has_pointers:
            pointers = batch["pointers"][i]
            row = []
            for w in word_index:
                target = pointers[w] if w >= 0 else -1
                row.append(first_pos.get(target, IGNORE) if target >= 0 else IGNORE)
            out["pointer_labels"].append(row)
    return out
