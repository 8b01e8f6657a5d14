"""Hedges: the words that say how sure the text sounds, in four classes.

Classes follow the contract: reportative (the writer passes on what others say),
speculative (possibility), belief (attributed conviction) and certain
(confirmation).  Matching is on lower-case word boundaries; "May" the month and
modal "may" are told apart by case and by what follows.
"""
from __future__ import annotations

import re

from attribution.schema import Hedge

HEDGE_LEXICON: dict[str, tuple[str, ...]] = {
    "reportative": ("reportedly", "allegedly", "purportedly", "reputedly", "supposedly", "ostensibly",
                    "is said to", "are said to", "was said to", "were said to", "is reported to",
                    "are reported to", "was reported to", "were reported to", "is alleged to", "are alleged to",
                    "was alleged to", "were alleged to", "according to reports", "rumored", "rumoured"),
    "speculative": ("may", "might", "could", "possibly", "perhaps", "probably", "likely", "unlikely",
                    "appears to", "appear to", "appeared to", "seems to", "seem to", "seemed to",
                    "apparently", "potentially", "presumably", "it is possible"),
    "belief": ("is believed to", "are believed to", "was believed to", "were believed to", "is thought to",
               "are thought to", "was thought to", "were thought to", "is expected to", "are expected to",
               "was expected to", "were expected to", "is understood to", "are understood to",
               "is considered", "are considered", "is presumed to", "are presumed to"),
    "certain": ("confirmed", "officially", "clearly", "definitely", "certainly", "undoubtedly",
                "without doubt", "indisputably", "in fact", "has confirmed", "have confirmed"),
}

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
        if lower == "may" and word == "May" and _MONTH_AFTER.match(text, m.end()):
            continue
        out.append(Hedge(m.start(1), m.end(1), text[m.start(1):m.end(1)], _CLASS[lower]))
    return out


REPORTATIVE_ADVERBS = {"reportedly", "allegedly", "purportedly", "reputedly", "supposedly"}
