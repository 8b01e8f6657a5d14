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


def test_curly_quotes_and_guillemets_hold_their_full_stops_and_close_where_they_close():
    assert _texts("She said “We lost. It hurts.” and left the room. Next.") == [
        "She said “We lost. It hurts.” and left the room.", "Next."]
    assert _texts("Fans chanted «We want more. Give us more.» and stayed. Next.") == [
        "Fans chanted «We want more. Give us more.» and stayed.", "Next."]
    # a quotation closed before the full stop ends nothing: the next one opens fresh
    assert _texts("“Go.” He left. “Stay. Please.” she said. Next.") == [
        "“Go.”", "He left.", "“Stay. Please.” she said.", "Next."]


def test_a_dateline_piece_joins_the_sentence_after_it_only_below_sixty_characters():
    from attribution.split.sentences import DATELINE_PIECE_MAX

    from attribution.split.datelines import is_dateline

    short = "SANTO DOMINGO ESTE, Dominican Republic, September 30, 2025."
    long = "SAN PEDRO DE MACORIS, Dominican Republic, September 3, 2025."
    assert (len(short), len(long)) == (DATELINE_PIECE_MAX - 1, DATELINE_PIECE_MAX)
    assert is_dateline(short) and is_dateline(long)
    assert _texts(short + " The talks resumed.") == [short + " The talks resumed."]
    assert _texts(long + " The talks resumed.") == [long, "The talks resumed."]
