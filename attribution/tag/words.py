"""Word segmentation with exact character offsets, and casing features.

The tagger labels words, not characters: a word is a run of letters/digits (with
any soft hyphens, zero-width characters and combining accents inside it) or a
single other non-space character, so every span the tagger emits starts and ends
on a word and maps back to an exact slice of the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Invisible characters that sit inside words without breaking them: the soft hyphen (a
# hyphenation hint, U+00AD), zero-width space, non-joiner and joiner, the word joiner and
# the zero-width no-break space.  Between two word characters they belong to the word, so
# "Mis\u00admari" is one word (tagged as one, and a span never ends in its middle); the
# text itself keeps them, so offsets still count every character.
INVISIBLE_IN_WORDS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Combining marks (decomposed accents: "Jose\u0301") are not \w either, and belong to the
# letter before them.
COMBINING_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = re.compile(rf"\w[\w{COMBINING_MARKS}]*(?:[{INVISIBLE_IN_WORDS}]+\w[\w{COMBINING_MARKS}]*)*|[^\w\s]")

# Casing classes fed to the model: the encoder is uncased, and capitalisation is
# what tells a name ("Al Arabiya") from a common noun.
CASE_PAD, CASE_LOWER, CASE_TITLE, CASE_UPPER, CASE_MIXED, CASE_OTHER = range(6)
NUM_CASES = 6

# A word longer than this is cut into pieces, so one pathological token (a base64
# blob, a URL with no breaks) cannot blow up a window.
MAX_WORD_CHARS = 50


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str


def split_words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Words of ``text[start:end]`` with offsets into ``text``."""
    words: list[Word] = []
    for m in _WORD.finditer(text, start, len(text) if end is None else end):
        s, e = m.start(), m.end()
        while e - s > MAX_WORD_CHARS:
            words.append(Word(s, s + MAX_WORD_CHARS, text[s : s + MAX_WORD_CHARS]))
            s += MAX_WORD_CHARS
        words.append(Word(s, e, text[s:e]))
    return words


def case_class(word: str) -> int:
    """The casing class of one word."""
    if not any(ch.isalpha() for ch in word):
        return CASE_OTHER
    if word.islower():
        return CASE_LOWER
    if word.isupper():
        return CASE_UPPER if len(word) > 1 else CASE_TITLE
    if word[0].isupper() and word[1:].islower():
        return CASE_TITLE
    return CASE_MIXED
