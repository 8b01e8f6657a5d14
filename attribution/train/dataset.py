"""Annotated documents → word windows → tokenized examples (a ``datasets.Dataset``)."""
from __future__ import annotations

from collections.abc import Iterable

from attribution.data.annotations import AnnotatedDocument
from attribution.tag.labels import word_labels
from attribution.tag.windows import make_windows, subtoken_counts, tokenize_and_align_labels
from attribution.tag.words import split_words


def document_windows(doc: AnnotatedDocument, tokenizer, max_length: int, stride: float) -> list[dict]:
    """Word-level examples for one document: words, labels and in-window cue pointers."""
    words = split_words(doc.text)
    if not words:
        return []
    labels, pointers = word_labels(doc, words)
    strings = [w.text for w in words]
    examples = []
    for win in make_windows(subtoken_counts(strings, tokenizer), max_length, stride):
        local = [p - win.start if win.start <= p < win.end else -1 for p in pointers[win.start:win.end]]
        examples.append({"doc_id": doc.doc_id, "words": strings[win.start:win.end],
                         "labels": labels[win.start:win.end], "pointers": local})
    return examples


def build_dataset(docs: Iterable[AnnotatedDocument], tokenizer, max_length: int, stride: float):
    """A tokenized ``datasets.Dataset`` ready for the training loop."""
    from datasets import Dataset

    rows = [ex for doc in docs for ex in document_windows(doc, tokenizer, max_length, stride)]
    ds = Dataset.from_list(rows)
    return ds.map(
        lambda batch: tokenize_and_align_labels(batch, tokenizer, max_length),
        batched=True,
        remove_columns=["words", "labels", "pointers"],
        desc="tokenize",
    )
