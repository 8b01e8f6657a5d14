"""Tagged spans → raw attributions, each anchored on one cue.

Every SOURCE and CONTENT span is attached to the cue its words point at (the
model's pointer head).  Where the pointer gives no clear answer (the cue lay
outside the window, or the model is unsure) the nearest cue in the same or a
neighbouring sentence is taken.  Cue boundary slips the tagger is known for are
mended here: a trailing preposition ("said in") is dropped.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from attribution.lexicons import words
from attribution.tag.tagger import TaggedSpan, TaggedText

POINTER_MIN = 0.15
FALLBACK_CHARS = 350
_LONE_FUNCTION = words("reporting", "lone_function_words")


@dataclass
class RawAttribution:
    cue: TaggedSpan
    sources: list[tuple[TaggedSpan, float]] = field(default_factory=list)
    contents: list[tuple[TaggedSpan, float]] = field(default_factory=list)

    @property
    def source(self) -> TaggedSpan | None:
        return max(self.sources, key=lambda s: s[1])[0] if self.sources else None


_SAY = words("reporting", "say_verbs")
_AFTER_SAY = words("reporting", "say_adjuncts")
_KEEP_PHRASES = words("reporting", "kept_cue_phrases")


def _trim_cue(tagged: TaggedText, cue: TaggedSpan) -> TaggedSpan:
    """Cut what follows a saying verb ("said Monday", "said in the letter", "confirmed to") off the cue.

    PolNeAR keeps particles that belong to the verb ("called for", "complained about"),
    so only the adjuncts of plain saying verbs are dropped.
    """
    words = tagged.words
    ws, we = cue.word_start, cue.word_end
    lowered = [w.text.lower() for w in words[ws:we]]
    if " ".join(lowered) in _KEEP_PHRASES:
        return cue
    for i, w in enumerate(lowered[:-1]):
        if w in _SAY and lowered[i + 1] in _AFTER_SAY:
            we = ws + i + 1
            break
    if we == cue.word_end:
        return cue
    return TaggedSpan("CUE", words[ws].start, words[we - 1].end, ws, we, cue.score)


def _pointer_supports(tagged: TaggedText, span: TaggedSpan, cue_at: dict[int, int], n_cues: int) -> list[float]:
    """For every cue, the mean probability over the span's words that their cue starts there
    (``cue_at``: word index → cue index)."""
    totals = [0.0] * n_cues
    for w in range(span.word_start, span.word_end):
        for target, p in tagged.predictions.pointers[w]:
            i = cue_at.get(target)
            if i is not None:
                totals[i] += p
    n = max(1, span.word_end - span.word_start)
    return [t / n for t in totals]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def split_at_paragraphs(tagged: TaggedText, span: TaggedSpan) -> list[TaggedSpan]:
    """A span that runs over a blank line is two spans: the tagger sometimes fuses a
    reported clause with the quotation of the next paragraph."""
    text = tagged.text
    cuts = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, span.start, span.end)]
    if not cuts:
        return [span]
    pieces: list[TaggedSpan] = []
    ws = span.word_start
    for bound in cuts + [span.end]:
        we = ws
        while we < span.word_end and tagged.words[we].start < bound:
            we += 1
        if we > ws:
            pieces.append(TaggedSpan(span.role, tagged.words[ws].start, tagged.words[we - 1].end, ws, we, span.score))
        ws = we
    return pieces


def group_spans(tagged: TaggedText, sentence_starts: list[int]) -> list[RawAttribution]:
    """One raw attribution per cue, with the sources and contents attached to it."""
    cues = [_trim_cue(tagged, s) for s in tagged.spans if s.role == "CUE"]
    cues = [c for c in cues if tagged.text[c.start:c.end].lower() not in _LONE_FUNCTION]
    raws = [RawAttribution(c) for c in cues]
    if not raws:
        return []

    def sentence_of(pos: int) -> int:
        return bisect.bisect_right(sentence_starts, pos) - 1

    cue_at = {w: i for i, r in enumerate(raws) for w in range(r.cue.word_start, r.cue.word_end)}
    for span in (piece for sp in tagged.spans if sp.role != "CUE" for piece in split_at_paragraphs(tagged, sp)):
        scores = _pointer_supports(tagged, span, cue_at, len(raws))
        best = max(range(len(raws)), key=lambda i: scores[i])
        if scores[best] < POINTER_MIN:
            # fall back to the nearest cue in this or a neighbouring sentence
            s_idx = sentence_of(span.start)
            near = [i for i, r in enumerate(raws) if abs(sentence_of(r.cue.start) - s_idx) <= (0 if span.role == "SOURCE" else 1)]
            if not near:
                continue
            best = min(near, key=lambda i: min(abs(raws[i].cue.start - span.end), abs(span.start - raws[i].cue.end)))
            if min(abs(raws[best].cue.start - span.end), abs(span.start - raws[best].cue.end)) > FALLBACK_CHARS:
                continue
            scores[best] = 0.5 * span.score
        target = raws[best]
        (target.sources if span.role == "SOURCE" else target.contents).append((span, scores[best]))
    out = []
    for r in raws:
        if not r.contents and not r.sources:
            continue  # a cue with nothing attached is most likely a tagging slip
        r.contents.sort(key=lambda c: c[0].start)
        out.append(r)
    return out
