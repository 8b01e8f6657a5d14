"""Soft hyphens and zero-width characters inside a name do not split it.

They stay in the text (offsets count every character); the word splitter and the
sentence splitter treat them as part of the word they sit in.
"""
from __future__ import annotations

import pytest

from attribution.split.sentences import split_sentences
from attribution.tag.words import split_words

NAMES = ["Mis\u00admari", "Al\u200bArabiya", "Jo\u200chan\u200dnes", "Wein\u2060berger", "Ha\ufefffter", "Jose\u0301"]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_with_invisible_characters_is_one_word(name):
    text = f"Minister {name} said."
    words = split_words(text)
    assert [w.text for w in words] == ["Minister", name, "said", "."]
    assert all(text[w.start:w.end] == w.text for w in words)


def test_invisible_characters_between_words_still_separate_nothing_more():
    text = "a \u200b b\u00ad"
    assert [w.text for w in split_words(text)] == ["a", "\u200b", "b", "\u00ad"]


def test_a_sentence_may_start_with_a_zero_width_space():
    text = "The talks failed. \u200bHaftar left Moscow."
    assert [text[s.start:s.end] for s in split_sentences(text)] == ["The talks failed.", "\u200bHaftar left Moscow."]


def test_an_abbreviation_with_a_soft_hyphen_is_still_one():
    text = "Gen\u00ad. Haftar left. He said so."
    assert [text[s.start:s.end] for s in split_sentences(text)] == ["Gen\u00ad. Haftar left.", "He said so."]


@pytest.mark.slow
@pytest.mark.parametrize("text, source", [
    ("Defence minister Ahmed Mis\u00admari said on Tuesday that the talks had failed.", "Defence minister Ahmed Mis\u00admari"),
    ("The spokes\u00adman Jo\u200bhann\u200bes Wein\u00adberger told reporters the plan was dead.",
     "The spokes\u00adman Jo\u200bhann\u200bes Wein\u00adberger"),
])
def test_the_released_model_keeps_the_whole_name_as_the_source(released_attributor, text, source):
    report = released_attributor.extract(text, doc_id="x")
    sources = [a.source.text for a in report.attributions if a.source]
    assert sources == [source]
    for a in report.attributions:
        for span in a.spans():
            assert text[span.start:span.end] == span.text
