"""The label scheme: BIO over SOURCE, CUE and CONTENT, plus word-level gold from char ranges."""
from __future__ import annotations

from attribution.data.annotations import AnnotatedDocument
from attribution.tag.words import Word

ROLES = ("SOURCE", "CUE", "CONTENT")
LABELS = ("O",) + tuple(f"{p}-{r}" for r in ROLES for p in ("B", "I"))
LABEL2ID = {label: i for i, label in enumerate(LABELS)}
IGNORE = -100


def word_labels(doc: AnnotatedDocument, words: list[Word]) -> tuple[list[int], list[int]]:
    """Gold label ids and cue pointers for each word of ``doc``.

    The pointer of a word inside a source or content span is the index of the
    first word of its attribution's cue (-1 elsewhere, or where the cue has no
    word).  Where annotations overlap, cue wins over source over content (the
    innermost role), which PolNeAR's one-attribution-per-token rule makes rare.
    """
    n = len(doc.text)
    role = [0] * n  # 0 none, 1 source, 2 cue, 3 content
    frag = [-1] * n  # fragment identity, for B/I boundaries
    owner = [-1] * n  # attribution index
    frag_id = 0
    for order, role_id in ((3, 3), (1, 1), (2, 2)):
        for a_idx, att in enumerate(doc.attributions):
            ranges = {1: att.source, 2: att.cue, 3: att.content}[order]
            for start, end in ranges:
                for c in range(start, min(end, n)):
                    role[c], frag[c], owner[c] = role_id, frag_id, a_idx
                frag_id += 1
    starts = {w.start: i for i, w in enumerate(words)}
    cue_word: dict[int, int] = {}
    for a_idx, att in enumerate(doc.attributions):
        if att.cue:
            s = att.cue[0][0]
            idx = starts.get(s)
            if idx is None:  # the cue starts inside a word: take the word that holds it
                idx = next((i for i, w in enumerate(words) if w.start <= s < w.end), None)
            if idx is not None:
                cue_word[a_idx] = idx
    labels: list[int] = []
    pointers: list[int] = []
    prev_frag = -2
    for w in words:
        c = w.start
        r = role[c]
        if r == 0:
            labels.append(LABEL2ID["O"])
            pointers.append(-1)
            prev_frag = -2
            continue
        name = ROLES[(1, 2, 3).index(r)]
        labels.append(LABEL2ID[("I-" if frag[c] == prev_frag else "B-") + name])
        prev_frag = frag[c]
        pointers.append(cue_word.get(owner[c], -1) if r in (1, 3) else -1)
    return labels, pointers
