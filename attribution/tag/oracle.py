"""A "perfect tagger" built from gold annotations.

Feeding gold spans through the same assembly code measures how much the rules
lose on their own (the oracle score), and lets tests exercise assembly without
a trained model.
"""
from __future__ import annotations

import numpy as np

from attribution.data.annotations import AnnotatedDocument, GoldAttribution
from attribution.tag.decode import decode_spans
from attribution.tag.labels import LABELS, word_labels
from attribution.tag.predict import WordPredictions
from attribution.tag.tagger import TaggedSpan, TaggedText
from attribution.tag.words import split_words


def oracle_tagged(doc: AnnotatedDocument) -> TaggedText:
    """Gold spans as one-hot predictions.  Attributions without a cue (hedge-only
    claims) are left out: the tagger never tags them, the rules must find them."""
    doc = AnnotatedDocument(doc.doc_id, doc.text, [a for a in doc.attributions if a.cue], doc.publisher, doc.hedges, doc.meta)
    words = split_words(doc.text)
    labels, pointers = word_labels(doc, words)
    probs = np.zeros((len(words), len(LABELS)), dtype=np.float32)
    probs[np.arange(len(words)), labels] = 1.0
    preds = WordPredictions(probs=probs, pointers=[[(p, 1.0)] if p >= 0 else [] for p in pointers])
    spans = [TaggedSpan(s.role, words[s.start].start, words[s.end - 1].end, s.start, s.end, 1.0)
             for s in decode_spans(probs)] if len(words) else []
    return TaggedText(doc.text, words, spans, preds)


def oracle_retag(doc: AnnotatedDocument):
    """The "perfect tagger" of stretches of ``doc``: for each ``(start, end)``, the gold attributions
    lying wholly inside it, as one-hot predictions over the stretch as a text of its own."""
    def retag(stretches: list[tuple[int, int]]) -> list[TaggedText]:
        out = []
        for start, end in stretches:
            def inside(ranges) -> bool:
                return all(start <= s and e <= end for s, e in ranges)

            atts = [GoldAttribution(cue=[(s - start, e - start) for s, e in a.cue],
                                    content=[(s - start, e - start) for s, e in a.content],
                                    source=[(s - start, e - start) for s, e in a.source])
                    for a in doc.attributions if a.cue and inside(a.cue) and inside(a.content) and inside(a.source)]
            out.append(oracle_tagged(AnnotatedDocument(doc.doc_id, doc.text[start:end], atts)))
        return out
    return retag
