"""Grouping the tagger's spans into one raw attribution per cue: the pointer head, its fallback, cue trimming.

The tagger's output is written by hand here (words, spans, pointer probabilities), so each
case shows what the grouping does with exactly that evidence.
"""
from __future__ import annotations

import numpy as np
import pytest

from attribution.assemble.group import FALLBACK_CHARS, POINTER_MIN, RawAttribution, group_spans, split_at_paragraphs
from attribution.tag.predict import WordPredictions
from attribution.tag.tagger import TaggedSpan, TaggedText
from attribution.tag.words import split_words


class Tagging:
    """A hand-made tagger output over ``text``: spans given as phrases, pointers as (phrase → cue phrase, p)."""

    def __init__(self, text: str):
        self.text = text
        self.words = split_words(text)
        self.spans: list[TaggedSpan] = []
        self.pointers: list[list[tuple[int, float]]] = [[] for _ in self.words]

    def _words_of(self, phrase: str, nth: int = 1) -> tuple[int, int]:
        pos = -1
        for _ in range(nth):
            pos = self.text.index(phrase, pos + 1)
        first = next(i for i, w in enumerate(self.words) if w.start == pos)
        last = next(i for i, w in enumerate(self.words) if w.end == pos + len(phrase))
        return first, last + 1

    def span(self, role: str, phrase: str, nth: int = 1, score: float = 1.0,
             points_at: str | None = None, p: float | list[float] = 1.0) -> TaggedSpan:
        ws, we = self._words_of(phrase, nth)
        span = TaggedSpan(role, self.words[ws].start, self.words[we - 1].end, ws, we, score)
        self.spans.append(span)
        if points_at is not None:
            target = self._words_of(points_at)[0]
            probs = p if isinstance(p, list) else [p] * (we - ws)
            for w, prob in zip(range(ws, we), probs):
                self.pointers[w] = [(target, prob)]
        return span

    def tagged(self) -> TaggedText:
        probs = np.zeros((len(self.words), 7), dtype=np.float32)
        return TaggedText(self.text, self.words, self.spans, WordPredictions(probs, self.pointers))

    def group(self, sentence_starts: list[int] | None = None) -> list[RawAttribution]:
        return group_spans(self.tagged(), sentence_starts if sentence_starts is not None else [0])


def texts(t: Tagging, pairs: list[tuple[TaggedSpan, float]]) -> list[tuple[str, float]]:
    return [(t.text[s.start:s.end], round(p, 6)) for s, p in pairs]


# -- the pointer head --------------------------------------------------------------------------------------

def test_each_span_goes_to_the_cue_its_words_point_at_with_their_mean_probability():
    t = Tagging("Alice said it rained and Bob said it snowed.")
    t.span("SOURCE", "Alice", points_at="said", p=0.8)
    t.span("CUE", "said")
    t.span("CONTENT", "it rained", points_at="said", p=[0.6, 0.4])
    t.span("SOURCE", "Bob", points_at="said it snowed", p=0.9)
    t.span("CUE", "said", nth=2)
    t.span("CONTENT", "it snowed", points_at="said it snowed", p=[1.0, 0.5])
    first, second = t.group()
    assert t.text[first.cue.start:first.cue.end] == "said" and first.cue.start == 6
    assert texts(t, first.sources) == [("Alice", 0.8)] and texts(t, first.contents) == [("it rained", 0.5)]
    assert second.cue.start == 29
    assert texts(t, second.sources) == [("Bob", 0.9)] and texts(t, second.contents) == [("it snowed", 0.75)]


def test_a_pointer_at_any_word_of_a_cue_counts_and_one_at_another_word_does_not():
    t = Tagging("Prices rose, according to the bank.")
    t.span("CONTENT", "Prices rose", points_at="to", p=0.7)
    t.span("CUE", "according to")
    t.span("SOURCE", "the bank", points_at="Prices", p=0.9)  # points at no cue: the fallback decides
    (raw,) = t.group()
    assert texts(t, raw.contents) == [("Prices rose", 0.7)]
    assert texts(t, raw.sources) == [("the bank", 0.5)]  # half the span's own score


def test_a_pointer_below_the_threshold_falls_back_and_one_at_it_does_not():
    assert POINTER_MIN == 0.15
    t = Tagging("Alice said it rained.")
    t.span("SOURCE", "Alice", points_at="said", p=0.15)
    t.span("CUE", "said")
    t.span("CONTENT", "it rained", score=0.6, points_at="said", p=0.1)
    (raw,) = t.group()
    assert texts(t, raw.sources) == [("Alice", 0.15)]
    assert texts(t, raw.contents) == [("it rained", 0.3)]


def test_the_source_with_the_best_support_is_the_source():
    t = Tagging("Alice and Bob said it rained.")
    t.span("SOURCE", "Alice", points_at="said", p=0.3)
    t.span("SOURCE", "Bob", points_at="said", p=0.6)
    t.span("CUE", "said")
    t.span("CONTENT", "it rained", points_at="said")
    (raw,) = t.group()
    assert t.text[raw.source.start:raw.source.end] == "Bob"
    assert RawAttribution(raw.cue).source is None


# -- the fallback: the nearest cue, near enough -------------------------------------------------------------

def test_without_a_pointer_the_nearest_cue_of_the_sentence_takes_the_span():
    t = Tagging("Alice said it rained, Bob added that it snowed.")
    t.span("SOURCE", "Alice")
    t.span("CUE", "said")
    t.span("CONTENT", "it rained")
    t.span("SOURCE", "Bob")
    t.span("CUE", "added")
    t.span("CONTENT", "that it snowed")
    said, added = t.group()
    assert texts(t, said.sources) == [("Alice", 0.5)] and texts(t, said.contents) == [("it rained", 0.5)]
    assert texts(t, added.sources) == [("Bob", 0.5)] and texts(t, added.contents) == [("that it snowed", 0.5)]


def test_a_content_may_fall_back_to_a_neighbouring_sentence_a_source_may_not():
    text = "Alice said so. It rained hard. Bob was there. Nobody came."
    starts = [0, 15, 31, 46]
    t = Tagging(text)
    t.span("CUE", "said")
    t.span("CONTENT", "It rained hard")       # the next sentence: kept
    t.span("SOURCE", "Bob")                   # two sentences on, and a source: dropped
    t.span("CONTENT", "Nobody came")          # three sentences on: dropped
    (raw,) = t.group(starts)
    assert texts(t, raw.contents) == [("It rained hard", 0.5)] and raw.sources == []
    t = Tagging(text)
    t.span("CUE", "said")
    t.span("SOURCE", "It rained")             # a source one sentence away: dropped
    t.span("CONTENT", "so")
    (raw,) = t.group(starts)
    assert raw.sources == [] and texts(t, raw.contents) == [("so", 0.5)]


def test_sentences_are_compared_wherever_they_are():
    text = "Intro. Alice said so. It rained hard. Bob was there. Nobody came."
    starts = [0, 7, 22, 37, 51]
    t = Tagging(text)
    t.span("SOURCE", "Nobody")                # no cue near: dropped, and the next span is still grouped
    t.span("CUE", "said")
    t.span("SOURCE", "Alice")                 # the cue's own sentence, the second of the text
    t.span("CONTENT", "It rained hard")       # the next one
    (raw,) = t.group(starts)
    assert texts(t, raw.sources) == [("Alice", 0.5)] and texts(t, raw.contents) == [("It rained hard", 0.5)]


def test_a_content_is_judged_by_the_sentence_it_starts_in():
    text = "First one. Alice said so. Then."
    t = Tagging(text)
    t.span("CUE", "said")
    t.span("CONTENT", "First one")
    (raw,) = t.group([0, 11, 26])
    assert texts(t, raw.contents) == [("First one", 0.5)]
    t = Tagging(text)
    t.span("CUE", "said")
    t.span("CONTENT", "First one")
    assert t.group([0, 4, 11, 26]) == []  # now two sentences before the cue's: nothing attached, no attribution


def test_the_fallback_reaches_fallback_chars_and_no_further():
    assert FALLBACK_CHARS == 350
    for gap, attached in ((FALLBACK_CHARS - 1, True), (FALLBACK_CHARS, True), (FALLBACK_CHARS + 1, False)):
        text = "it rained" + " " * gap + "said"  # content before the cue
        t = Tagging(text)
        t.span("CUE", "said")
        t.span("CONTENT", "it rained")
        assert bool(t.group()) == attached, gap
        text = "said" + " " * gap + "it rained"  # content after the cue
        t = Tagging(text)
        t.span("CUE", "said")
        t.span("CONTENT", "it rained")
        assert bool(t.group()) == attached, gap


def test_a_span_too_far_from_any_cue_does_not_stop_the_others():
    text = "it snowed" + " " * (FALLBACK_CHARS + 5) + "said it rained"
    t = Tagging(text)
    t.span("CONTENT", "it snowed")
    t.span("CUE", "said")
    t.span("CONTENT", "it rained")
    (raw,) = t.group()
    assert texts(t, raw.contents) == [("it rained", 0.5)]


def test_the_nearest_cue_is_measured_from_the_nearer_edges():
    t = Tagging("said xx yy it rained zz told")
    t.span("CUE", "said")
    t.span("CONTENT", "it rained")
    t.span("CUE", "told")
    (raw,) = t.group()  # 'told' is 4 characters after the content; 'said' is 7 before it
    assert t.text[raw.cue.start:raw.cue.end] == "told"
    t = Tagging("said yy it rained zz ww told")
    t.span("CUE", "said")
    t.span("CONTENT", "it rained")
    t.span("CUE", "told")
    (raw,) = t.group()
    assert t.text[raw.cue.start:raw.cue.end] == "said"


# -- what is kept -------------------------------------------------------------------------------------------

def test_contents_come_in_text_order_and_cues_without_spans_are_dropped():
    t = Tagging("It rained, Alice said, and it snowed. Bob asked.")
    t.span("CONTENT", "and it snowed", points_at="said")
    t.span("CONTENT", "It rained", points_at="said")
    t.span("CUE", "said")
    t.span("CUE", "asked")
    (raw,) = t.group()
    assert texts(t, raw.contents) == [("It rained", 1.0), ("and it snowed", 1.0)]


def test_a_source_alone_keeps_its_cue():
    t = Tagging("Alice said.")
    t.span("SOURCE", "Alice", points_at="said")
    t.span("CUE", "said")
    (raw,) = t.group()
    assert texts(t, raw.sources) == [("Alice", 1.0)] and raw.contents == []


def test_no_cue_no_attribution():
    t = Tagging("It rained.")
    t.span("CONTENT", "It rained")
    assert t.group() == []


@pytest.mark.parametrize("cue", ["to", "The", "by"])
def test_a_lone_function_word_is_no_cue(cue):
    t = Tagging(f"It rained {cue} Alice.")
    t.span("CONTENT", "It rained", points_at=cue)
    t.span("CUE", cue)
    assert t.group() == []


# -- cue trimming -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cue,kept", [
    ("said Monday", "said"),
    ("said on Monday", "said"),
    ("said in the letter", "said"),
    ("confirmed to", "confirmed"),
    ("Said yesterday", "Said"),
    ("told", "told"),
    ("called for", "called for"),          # not a saying verb: the particle belongs to it
    ("said in a statement", "said in a statement"),  # a kept phrase
    ("Said in a statement", "Said in a statement"),
    ("has said", "has said"),
    ("has said earlier", "has said"),
])
def test_a_saying_verb_loses_its_adjuncts(cue, kept):
    text = f"Alice {cue}: it rained."
    t = Tagging(text)
    t.span("SOURCE", "Alice", points_at=cue.split()[0])
    t.span("CUE", cue, score=0.7)
    t.span("CONTENT", "it rained", points_at=cue.split()[0])
    (raw,) = t.group()
    c = raw.cue
    assert text[c.start:c.end] == kept
    assert (c.role, c.score) == ("CUE", 0.7)
    assert (c.word_start, c.word_end) == (1, 1 + len(kept.split()))
    assert c.start == 6 and c.end == 6 + len(kept)


# -- paragraph breaks ----------------------------------------------------------------------------------------

def _pieces(t: Tagging, span: TaggedSpan) -> list[tuple[str, str, int, int, float]]:
    return [(p.role, t.text[p.start:p.end], p.word_start, p.word_end, p.score)
            for p in split_at_paragraphs(t.tagged(), span)]


def test_a_span_over_a_blank_line_is_cut_there():
    t = Tagging("He said the talks failed.\n\nWe go on now")
    span = t.span("CONTENT", "the talks failed.\n\nWe go on now", score=0.8)
    assert _pieces(t, span) == [("CONTENT", "the talks failed.", 2, 6, 0.8), ("CONTENT", "We go on now", 6, 10, 0.8)]
    t = Tagging("A b \n \t\n c d\n\ne f g")
    span = t.span("SOURCE", "A b \n \t\n c d\n\ne f")
    assert _pieces(t, span) == [("SOURCE", "A b", 0, 2, 1.0), ("SOURCE", "c d", 2, 4, 1.0), ("SOURCE", "e f", 4, 6, 1.0)]
    t = Tagging("A b\n\n\n\nc d")
    span = t.span("CONTENT", "A b\n\n\n\nc d")
    assert _pieces(t, span) == [("CONTENT", "A b", 0, 2, 1.0), ("CONTENT", "c d", 2, 4, 1.0)]  # two breaks, no empty piece


def test_a_span_without_a_blank_line_stays_whole():
    t = Tagging("He said the talks\nfailed.\n\nWe go on")
    span = t.span("CONTENT", "the talks\nfailed.")
    assert split_at_paragraphs(t.tagged(), span) == [span]
    t = Tagging("Before.\n\nHe said the talks failed.")
    span = t.span("CONTENT", "the talks failed.")
    assert split_at_paragraphs(t.tagged(), span) == [span]


def test_the_pieces_of_a_cut_span_are_grouped_one_by_one():
    t = Tagging("Alice said the talks failed.\n\nWe go on.")
    t.span("SOURCE", "Alice", points_at="said")
    t.span("CUE", "said")
    t.span("CONTENT", "the talks failed.\n\nWe go on", points_at="said")
    (raw,) = t.group([0, 30])
    assert texts(t, raw.contents) == [("the talks failed.", 1.0), ("We go on", 1.0)]
