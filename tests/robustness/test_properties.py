"""Properties over arbitrary text (hypothesis), with the tiny random model.

For any text the pipeline never raises, every span is the exact, trimmed slice of
the document it claims to be, sentence hedges lie in their sentences, and two runs
give byte-identical JSON.  ``scripts/fuzz.py`` runs the same properties for longer.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import attribution.pipeline as pipeline
from attribution.batch import report_json
from attribution.split.sentences import split_sentences
from attribution.tag.words import MAX_WORD_CHARS, split_words
from attribution.validate import contract_errors
from tests.budget import examples

NEWS_WORDS = ["said", "says", "told", "according to", "reportedly", "allegedly", "may", "could", "confirmed",
              "is believed to", "Reuters", "TASS", "the minister", "officials", "sources", "he", "they", "Gen.",
              "U.S.", "Mr.", "J.", "CAIRO, January 14. /TASS/.", "(Reuters) -", "— AP", "citing", "Al Arabiya",
              "the report", "on Monday", "No.", "3.5", "e.g.", "...", "1,000", "@user", "https://x.y/z?q=1"]
PUNCT = list("\"'“”‘’«»„‹›「」()[]{}.,;:!?…—–-/\\*#&%$") + ["''", "``", '."', ".\u201d", "?\u2019"]
SEPARATORS = [" ", " ", " ", "", "\n", "\r\n", "\n\n", "\r\n\r\n", "\t", "\u00a0", "\u2028", "\u2029", "\x85",
              "\u3000", "\u200b", "\ufeff", "\x0b", "\x0c", "\r", "  \n \n  "]
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧", "🇺🇦", "❤️", "\U0001F9D1\u200D\U0001F4BB"]
COMBINING = ["e\u0301", "\u0301", "a\u0308\u0323", "\u0915\u094d\u0937", "\u05d0\u05b8", "\u0645\u064e", "Z\u0336\u0337"]
CONTROL = [chr(c) for c in list(range(1, 32)) + list(range(127, 160))]  # NUL-free control characters
SCRIPTS = ["Москва", "北京", "東京", "서울", "القاهرة", "ירושלים", "Ελλάδα", "İstanbul", "straße", "ǅ", "ﬁ", "Ⅻ", "½"]

token = st.one_of(
    st.sampled_from(NEWS_WORDS), st.sampled_from(PUNCT), st.sampled_from(EMOJI), st.sampled_from(COMBINING),
    st.sampled_from(CONTROL), st.sampled_from(SCRIPTS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8),
    st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True),
)
news_like = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=60).map(
    lambda pairs: "".join(t + s for t, s in pairs))
any_text = st.one_of(st.text(max_size=300), news_like)


def check_report(text: str, report: dict) -> None:
    assert report["text"] == text
    errors = contract_errors(report, text)  # schema, every span == slice, trimmed, hedges inside sentences
    assert errors == [], errors
    last_end = 0
    for s in report["sentences"]:
        assert s["start"] >= last_end and s["start"] < s["end"]
        last_end = s["end"]
        for h in s["hedges"]:
            assert s["start"] <= h["start"] <= h["end"] <= s["end"]
    for a in report["attributions"]:
        for c in a["content"]:
            assert c["start"] < c["end"]


def run_twice(attributor, text: str) -> str:
    first = report_json(attributor.extract(text, doc_id="prop"))
    second = report_json(attributor.extract(text, doc_id="prop"))
    assert first == second, "two runs differ"
    return first


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_pipeline_never_raises_and_spans_are_exact(tiny_attributor, text):
    check_report(text, json.loads(run_twice(tiny_attributor, text)))


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_pipeline_never_raises_and_spans_are_exact_quick(tiny_attributor, text):
    """The same property on a twentieth of the examples, for the default (quick) run."""
    check_report(text, json.loads(run_twice(tiny_attributor, text)))


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, limit=st.integers(min_value=1, max_value=80))
def test_long_documents_processed_in_sections_keep_exact_offsets(tiny_attributor, text, limit):
    """The sectioned path (used above ``SECTION_CHARS``) with a tiny limit: the merged report is still exact."""
    saved = pipeline.SECTION_CHARS
    pipeline.SECTION_CHARS = limit
    try:
        report = json.loads(run_twice(tiny_attributor, text))
    finally:
        pipeline.SECTION_CHARS = saved
    check_report(text, report)
    ids = [a["id"] for a in report["attributions"]]
    assert ids == [f"a{i + 1}" for i in range(len(ids))]
    assert [s["index"] for s in report["sentences"]] == list(range(len(report["sentences"])))
    source_ids = {s["id"] for s in report["sources"]}
    assert all(a["source_id"] in source_ids for a in report["attributions"] if a["source"])


@settings(max_examples=examples(500), deadline=None)
@given(text=any_text, limit=st.integers(min_value=1, max_value=50))
def test_sections_cover_the_text_in_order(text, limit):
    cuts = pipeline.sections(text, limit)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    for (a, b), (c, _) in zip(cuts, cuts[1:]):
        assert b == c
    assert all(0 < b - a <= limit for a, b in cuts) or text == ""


@settings(max_examples=examples(1000), deadline=None)
@given(text=any_text)
def test_split_sentences_spans_are_sorted_disjoint_trimmed(text):
    spans = split_sentences(text)
    prev = 0
    for s in spans:
        assert prev <= s.start < s.end <= len(text)
        piece = text[s.start:s.end]
        assert piece == piece.strip() and piece
        prev = s.end
    # nothing but whitespace is left out
    covered = set()
    for s in spans:
        covered.update(range(s.start, s.end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@settings(max_examples=examples(1000), deadline=None)
@given(text=any_text, data=st.data())
def test_split_words_offsets_are_exact(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    words = split_words(text, start, end)
    prev = start
    for w in words:
        assert prev <= w.start < w.end <= end
        assert text[w.start:w.end] == w.text and not any(ch.isspace() for ch in w.text)
        assert w.end - w.start <= MAX_WORD_CHARS
        prev = w.end
    # every non-space character of the range is in a word
    in_words = sum(w.end - w.start for w in words)
    assert in_words == sum(1 for ch in text[start:end] if not ch.isspace())


@pytest.mark.parametrize("text", ["", " ", "\r\n", "\x00", "\ufeff", "\u2028", "a", "“", "”said”", "He said “yes."])
def test_edge_texts(tiny_attributor, text):
    check_report(text, json.loads(run_twice(tiny_attributor, text)))
