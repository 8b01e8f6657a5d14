"""Word segmentation with exact character offsets, and casing features.

The tagger labels words, not characters: a word is a run of letters/digits or a
single other non-space character, so every span the tagger emits starts and ends
on a word and maps back to an exact slice of the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+|[^\w\s]")

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
