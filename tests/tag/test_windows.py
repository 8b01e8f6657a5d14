"""Stage 3 (tag): words, labels, alignment to sub-tokens, windows and stitching."""
from __future__ import annotations

import numpy as np
import pytest

from attribution.data.annotations import AnnotatedDocument, GoldAttribution
from attribution.tag.decode import decode_spans, viterbi
from attribution.tag.labels import IGNORE, LABEL2ID, LABELS, word_labels
from attribution.tag.predict import _stitch
from attribution.tag.windows import Window, make_windows, tokenize_and_align_labels, window_inputs, word_pieces
from attribution.tag.words import CASE_LOWER, CASE_OTHER, CASE_TITLE, CASE_UPPER, case_class, split_words


@pytest.fixture(scope="module")
def tokenizer():
    from attribution.tag.encoder import load_tokenizer

    return load_tokenizer()


def test_split_words_offsets_exact():
    text = "Al Arabiya’s sources — said: “no”"
    for w in split_words(text):
        assert text[w.start:w.end] == w.text
    assert [w.text for w in split_words(text)][:4] == ["Al", "Arabiya", "’", "s"]


def test_case_classes():
    assert [case_class(w) for w in ("said", "Arabiya", "LNA", "—")] == [CASE_LOWER, CASE_TITLE, CASE_UPPER, CASE_OTHER]


def _doc():
    text = "Prices will rise, the bank said on Monday."
    assert (text[0:16], text[18:26], text[27:31]) == ("Prices will rise", "the bank", "said")
    return AnnotatedDocument("d", text, [GoldAttribution(cue=[(27, 31)], source=[(18, 26)], content=[(0, 16)])])


def test_word_labels_and_pointers():
    doc = _doc()
    words = split_words(doc.text)
    labels, pointers = word_labels(doc, words)
    tags = [LABELS[i] for i in labels]
    assert tags[:5] == ["B-CONTENT", "I-CONTENT", "I-CONTENT", "O", "B-SOURCE"]
    cue_idx = [w.text for w in words].index("said")
    assert tags[cue_idx] == "B-CUE"
    assert pointers[0] == cue_idx and pointers[4] == cue_idx and pointers[cue_idx] == -1


def test_windows_cut_from_one_tokenization_equal_tokenizing_each_window(tokenizer):
    from attribution.tag.encoder import load_inference_tokenizer

    text = ("Libya’s Haftar won’t sign — media. “We are ready,” the U.S. envoy told Al-Arabiya on e-mail 🙂. "
            + "x" * 90 + " naïve ÉLYSÉE \u00a0 said: 2,192 times. ") * 6
    words = [w.text for w in split_words(text)]
    cases = [case_class(w) for w in words]
    for tok in (tokenizer, load_inference_tokenizer()):
        pieces = word_pieces(words, tok)
        for max_length in (12, 40):  # 12: the 90-letter word alone overflows a window and is truncated
            windows = make_windows([len(p) for p in pieces], max_length, 0.5)
            assert len(windows) > 3
            for win in windows:
                want = tokenize_and_align_labels({"words": [words[win.start:win.end]]}, tok, max_length)
                got = window_inputs(pieces, cases, win, tok, max_length)
                assert got == {k: v[0] for k, v in want.items()}, win


def test_tokenize_and_align_labels(tokenizer):
    words = ["Haftar", "reportedly", "rejected", "it"]
    out = tokenize_and_align_labels({"words": [words], "labels": [[1, 2, 2, 0]], "pointers": [[2, -1, -1, -1]]}, tokenizer, 32)
    ids, labels, ptr, widx = out["input_ids"][0], out["labels"][0], out["pointer_labels"][0], out["word_index"][0]
    assert labels[0] == IGNORE and labels[-1] == IGNORE  # [CLS], [SEP]
    firsts = [i for i, w in enumerate(widx) if w >= 0]
    assert [labels[i] for i in firsts] == [1, 2, 2, 0]
    # later sub-tokens of a word are ignored
    assert all(labels[i] == IGNORE for i in range(1, len(ids) - 1) if widx[i] < 0)
    # the pointer of word 0 is the first sub-token position of word 2
    assert ptr[firsts[0]] == firsts[2]


def test_make_windows_cover_and_overlap():
    counts = [1] * 100
    wins = make_windows(counts, max_length=22, stride=0.5)
    assert wins[0] == Window(0, 20) and wins[-1].end == 100
    covered = set()
    for w in wins:
        covered.update(range(w.start, w.end))
        assert sum(counts[w.start:w.end]) <= 20
    assert covered == set(range(100))
    assert make_windows([500, 1], max_length=22) == [Window(0, 1), Window(1, 2)]


def _cue_and_source_parts(a_window: Window, b_window: Window) -> tuple[tuple, tuple]:
    """Two stitching parts of four words each (sub-token positions 1..4): A says B-CUE everywhere,
    B says B-SOURCE everywhere."""
    n_labels = len(LABELS)
    a = np.zeros((6, n_labels), dtype=np.float32)
    a[:, LABEL2ID["B-CUE"]] = 1
    b = np.zeros((6, n_labels), dtype=np.float32)
    b[:, LABEL2ID["B-SOURCE"]] = 1
    widx = np.array([-1, 0, 1, 2, 3, -1])
    top = (np.ones((6, 1)), np.zeros((6, 1), dtype=int))
    return (a_window, widx, a, top), (b_window, widx, b, top)


def test_stitch_takes_the_most_central_window():
    # window A covers words 0-3, window B words 2-5
    pred = _stitch(6, list(_cue_and_source_parts(Window(0, 4), Window(2, 6))))
    best = pred.probs.argmax(1)
    assert LABELS[best[1]] == "B-CUE"  # word 1: only window A sees it
    assert LABELS[best[3]] == "B-SOURCE"  # word 3: position 1 in B (central) beats position 3 in A (edge)


def test_a_tie_goes_to_the_earlier_window_whatever_order_the_windows_ran_in():
    # windows 0-3 and 1-4: word 2 is 1 from an edge in A (position 2 of 4) and in B (position 1 of 4)
    first, second = _cue_and_source_parts(Window(0, 4), Window(1, 5))
    in_order, reversed_ = _stitch(5, [first, second]), _stitch(5, [second, first])
    assert LABELS[in_order.probs[2].argmax()] == "B-CUE"
    assert np.array_equal(in_order.probs, reversed_.probs) and in_order.pointers == reversed_.pointers


def test_a_document_is_tagged_the_same_alone_or_after_others(tiny_model_dir):
    from attribution.tag.tagger import Tagger

    tagger = Tagger.load(tiny_model_dir, threads=1)  # 64-piece windows: many windows, some shorter
    texts = [" ".join(f"Sentence {i} of story {k}, said the minister on Monday." for i in range(3 + 5 * k))
             for k in range(5)]
    together = [t.predictions.probs for t in tagger.tag_many(texts)]
    for probs, text in zip(together, texts):
        assert np.array_equal(probs, tagger.tag(text).predictions.probs)


def test_viterbi_never_starts_with_inside():
    probs = np.full((3, len(LABELS)), 0.01, dtype=np.float32)
    probs[0, LABEL2ID["I-CUE"]] = 0.9
    probs[1, LABEL2ID["I-CUE"]] = 0.9
    path = [LABELS[i] for i in viterbi(probs)]
    assert path[0] != "I-CUE"
    spans = decode_spans(probs)
    assert all(s.end > s.start for s in spans)
