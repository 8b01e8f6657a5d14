"""Stage 2: news-aware sentence splitting with exact offsets."""
from __future__ import annotations

from attribution.split import split_sentences


def _texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_dateline_starts_the_first_sentence(seed_text):
    sents = _texts(seed_text)
    assert sents[3].startswith("CAIRO, January 14. /TASS/. Commander")
    assert sents[3].endswith("citing anonymous LNA sources.")
    assert sents[1] == "Libya’s Haftar won’t sign peace deal until amendments are made — media"


def test_abbreviations_and_initials():
    assert _texts("Gen. J. Smith met Mr. Jones in the U.S. capital. They talked.") == [
        "Gen. J. Smith met Mr. Jones in the U.S. capital.", "They talked."]


def test_quote_running_past_full_stops():
    assert _texts('"We will win. They will lose," he said. Next.') == ['"We will win. They will lose," he said.', "Next."]


def test_unbalanced_quote_does_not_swallow_the_paragraph():
    assert _texts('He said "this. It goes on. And on.') == ['He said "this.', "It goes on.", "And on."]


def test_reuters_dateline_and_paragraphs():
    text = "LONDON (Reuters) - Prices rose. Analysts were surprised.\n\nHeadline without stop\nBody."
    assert _texts(text) == ["LONDON (Reuters) - Prices rose.", "Analysts were surprised.", "Headline without stop", "Body."]


def test_offsets_are_exact_with_crlf():
    text = "First one.\r\n\r\nSecond one."
    for s in split_sentences(text):
        assert text[s.start:s.end].strip() == text[s.start:s.end]
    assert _texts(text) == ["First one.", "Second one."]
