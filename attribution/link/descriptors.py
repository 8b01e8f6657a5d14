"""What a description says about its referent, and what the text said about an entity where it named it.

News introduces a person or a body with a few words that a later description picks up:
"Uruguayan midfielder Matias Ferreyra" … "the Uruguayan"; "Daniel Kiprono, 24," … "the
24-year-old"; "Lumora, an Estonian start-up" … "the start-up"; "Halden Insurance" … "the
insurer".  The ranker (:mod:`attribution.link.rank`) gets one feature from this module: the
share of a description's words that the text put next to the candidate's earlier mentions.
Which words matter and how much is left to the learned weights; this module only says where
an introduction's words are (a few words before a mention in its sentence, and the apposition,
bracket or "of" phrase right after it) and how two forms of a word are compared:

* numbers by value ("24-year-old" / ", 24,");
* nationality words by country, from the ``nationalities`` lexicon ("Swede" / "Swedish" /
  "Sweden"), and otherwise by their first four letters ("Kenyan" / "Kenya");
* other words by their first five letters ("insurer" / "Insurance", "utilities" / "utility").
"""
from __future__ import annotations

import functools
import re

from attribution import lexicons as lex

WORDS_BEFORE = 5
"""How many words before a mention, in its sentence, may introduce it ("Uruguayan midfielder")."""
WORDS_AFTER = 10
"""How many words of an apposition after a mention count (", an Estonian start-up that ...")."""
STEM = 5
"""Common words compare by this many first letters ("insurer" / "insurance")."""
NAME_STEM = 4
"""Capitalised words outside the nationality table compare by this many ("Kenyan" / "Kenya")."""
_NOT_DESCRIPTIVE = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their",
                              "our", "of", "and", "year", "old", "year-old", "s", "he", "she", "they", "it", "we"})
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?;\n“”\"]")


@functools.cache
def _country_of() -> dict[str, str]:
    table = lex.load("nationalities")["countries"]
    return {form: country for country, forms in table.items() for form in forms}


def country_of(word: str) -> str | None:
    """The country a nationality word or a country's name belongs to ("Swedish", "Swede", "Sweden" →
    sweden), from the ``nationalities`` lexicon; None for words it does not list."""
    return _country_of().get(word.lower().replace("’", "'"))


def word_key(token: str) -> str | None:
    """The form two mentions of one attribute share: the number, the country, or a prefix."""
    if token[0].isdigit():
        return "#" + token.replace(",", "")
    low = token.lower().replace("’", "'")
    if low in _NOT_DESCRIPTIVE or len(low) < 3:
        return None
    country = country_of(low) or (country_of(low[:-1]) if low.endswith("s") else None)
    if country:
        return "@" + country
    if token[0].isupper():
        return "@" + low[:NAME_STEM]
    return low[:STEM]


def _keys(text: str) -> set[str]:
    out: set[str] = set()
    for token in _TOKEN.findall(text):
        key = word_key(token)
        if key:
            out.add(key)
            if token[0].isupper() and not key.startswith("#"):
                out.add(token.lower()[:STEM])  # "Insurance" in a name still says "insurer"
    return out


@functools.lru_cache(maxsize=8192)
def description_keys(text: str) -> frozenset[str]:
    """The attributes a description names: "The 24-year-old" → the number 24; "the Swede" → Sweden;
    "The Rotterdam-based company" → Rotterdam, based, company."""
    return frozenset(key for token in _TOKEN.findall(text) if (key := word_key(token)))


@functools.lru_cache(maxsize=4096)  # keyed by the whole text: a long batch keeps only recent documents alive
def introduction_keys(text: str, start: int, end: int) -> frozenset[str]:
    """What the text says of the mention at ``text[start:end]``: its own words, up to
    :data:`WORDS_BEFORE` words before it in its sentence, an apposition, bracket or "of" phrase
    right after it (up to the next comma or sentence end, at most :data:`WORDS_AFTER` words), and
    the numbers in the rest of its sentence (an age is given in many ways: ", 31,", "retired at 31")."""
    before = text[max(0, start - 120):start]
    cut = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    lead = " ".join(before[cut:].split()[-WORDS_BEFORE:])
    after = text[end:end + 160]
    tail = ""
    opener = re.match(r"\s*(?:,|\(|of\s)", after)
    if opener:
        rest = after[opener.end():]
        stop = re.search(r"[,.;)\n!?“”\"]", rest)
        tail = " ".join((rest[:stop.start()] if stop else rest).split()[:WORDS_AFTER])
    # a number anywhere after the mention in its sentence: an age given as "retired at 31", "who turned 58"
    sentence_end = _SENTENCE_END.search(after)
    rest = after[:sentence_end.start()] if sentence_end else after
    numbers = {"#" + n.replace(",", "") for n in re.findall(r"\b\d+(?:,\d+)?\b", rest)}
    return frozenset(_keys(lead) | _keys(text[start:end]) | _keys(tail) | numbers)


def described_share(description: str, introductions: frozenset[str]) -> float:
    """The share of a description's attributes found in what the text said of a candidate."""
    wanted = description_keys(description)
    return len(wanted & introductions) / len(wanted) if wanted else 0.0
