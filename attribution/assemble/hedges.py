"""Hedges: the words that say how sure the text sounds, in four classes.

Classes follow the contract: reportative (the writer passes on what others say),
speculative (possibility), belief (attributed conviction) and certain
(confirmation).  Matching is on lower-case word boundaries; "May" the month and
modal "may" are told apart by case and by what follows.
"""
from __future__ import annotations

import re

from attribution.lexicons import load, words
from attribution.schema import Hedge

HEDGE_LEXICON: dict[str, tuple[str, ...]] = {cls: tuple(p) for cls, p in load("hedges")["classes"].items()}

_ENTRIES = sorted(((phrase, cls) for cls, phrases in HEDGE_LEXICON.items() for phrase in phrases),
                  key=lambda e: -len(e[0]))
_PATTERN = re.compile(r"(?<![\w'’-])(" + "|".join(re.escape(p) for p, _ in _ENTRIES) + r")(?![\w'’-])", re.IGNORECASE)
_CLASS = {p: c for p, c in _ENTRIES}
_MONTH_AFTER = re.compile(r"\s+\d")


def find_hedges(text: str, start: int = 0, end: int | None = None) -> list[Hedge]:
    """Hedge spans in ``text[start:end]``, longest phrase first, non-overlapping."""
    end = len(text) if end is None else end
    out: list[Hedge] = []
    for m in _PATTERN.finditer(text, start, end):
        word = m.group(1)
        lower = word.lower()
        if lower == "may" and (word[0].isupper() and (m.start() > 0 and text[m.start() - 1] not in "\n\"“'‘")
                               or _MONTH_AFTER.match(text, m.end())):
            continue  # "in May", "May 3"
        out.append(Hedge(m.start(1), m.end(1), text[m.start(1):m.end(1)], _CLASS[lower]))
    return out


REPORTATIVE_ADVERBS = words("hedges", "reportative_adverbs")
