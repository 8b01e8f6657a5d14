"""The precise pairwise check that an embedding match must also pass.

Sentence embeddings put "12 killed in landslide" next to "21 killed in landslide" and
"the quarry caused the slide" next to "the quarry did not cause the slide": the wording
is nearly the same, the claim is not.  So two texts are one claim only if

* their **numbers** agree: when both give numbers, they share at least one
  ("3,000 dockworkers" / "3,000 of its members"; not "3,000" / "1,200"), with
  "40 million", "40m", "40M", "40,000,000" read as one value, and so
  "two million" and "2 million";
* their **entities** agree: when both name proper nouns (capitalised words not opening a
  sentence), they share at least one, compared by their first five letters so that a demonym
  meets its country ("Tarsovian" / "Tarsovia", "Norvanian" / "Norvane"); but only when each text
  gives at least two such five-letter stems (:data:`MIN_NAMES`; "Norvane" and "Norvanian" are
  one): one is too little to rule a pair out, as a headline names the country ("Tiny frog found
  in Norvane's forests") where the report names the university and the mountains;
* **negation** does not flip: both or neither are negated ("not", "never", "no", "n't").

Each is a set comparison over a few words, so the check costs microseconds a pair.
Grouping refuses a pair on :func:`conflict` (numbers, names) only; a negation flip is
weighed by :mod:`attribution.claims.pairs`, since a denial belongs with what it denies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(million|billion|thousand|bn|m|k|%|percent|per cent)?(?![\w])",
    re.I)
_SCALE = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3, "k": 1e3}
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "eleven": 11, "twelve": 12, "dozen": 12, "fifteen": 15, "twenty": 20, "hundred": 100}
_NEGATION = re.compile(r"\b(not|never|no|none|nobody|nothing|neither|nor|cannot)\b|n['’]t\b", re.I)
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*")
# Capitalised words that are no names: weekdays, months, sentence words and titles.
_NOT_NAMES = frozenset("""
the a an and but or if in on at of for to by with from as it its he she they we i you this that these those
there their his her our my your no not new
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
mr mrs ms dr sir president minister mayor chief prime premier
""".split())


# Quantity phrases that read as negation but bound a number ("no more than 9 millimetres").
_BOUND = re.compile(r"\b(?:no|not)\s+(?:more|less|fewer|longer|later|earlier)\s+than\b|\bdo(?:es)?\s+not\s+exceed\b"
                    r"|\bnot\s+only\b", re.I)
_STOP = frozenset("""
that this with from have has had been were would will could which their there they them about after before into
over than then also said says such more most some what when where while other only just very
""".split())


@dataclass(frozen=True)
class Facts:
    """What the check compares: the numbers, the names and whether the text is negated."""

    numbers: frozenset[float]
    names: frozenset[str]
    negated: bool
    stems: frozenset[str]
    name_stems: frozenset[str] = frozenset()
    """The names' first five letters: what two texts' names are compared by."""


def _numbers(text: str) -> set[float]:
    values: set[float] = set()
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", ""))
        unit = (match.group(2) or "").lower()
        values.add(value * _SCALE.get(unit, 1.0))
    for word, scale in _NUMBER_WORD.findall(text.lower()):
        values.add(float(_NUMBER_WORDS[word]) * _SCALE.get(scale, 1.0))
    return values


# A number word and the scale that may follow it: "two million" is 2,000,000, as "2 million" is (read
# as 2 and 2 million apart, a denial "the figure of two million is wrong" could never meet the claim).
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b(?:\s+(million|billion|thousand)\b)?")


def _names(text: str) -> set[str]:
    """Proper-noun words: capitalised, not the text's first word, not a stop word.  In a text
    written mostly in capitals (a tabloid headline) case says nothing, so it gives none."""
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text)]
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return set()
    names = set()
    for i, (start, token) in enumerate(tokens):
        if i == 0 or not token[0].isupper():
            continue
        before = text[:start].rstrip()
        if before.endswith((".", "!", "?", '"', "“", ":")):  # a sentence or quotation opens here
            continue
        word = token.lower().rstrip("'’s").rstrip("'’")
        if word and word not in _NOT_NAMES:
            names.add(word)
    return names


@lru_cache(maxsize=200_000)
def facts(text: str) -> Facts:
    """The facts of one text (cached: a text is compared with many neighbours)."""
    stems = frozenset(w[:5] for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in _STOP)
    names = frozenset(_names(text))
    return Facts(frozenset(_numbers(text)), names, bool(_NEGATION.search(_BOUND.sub(" ", text))), stems,
                 frozenset(name[:NAME_STEM] for name in names))


NAME_STEM = 5
MIN_NAMES = 2
"""Names each text must give before disjoint names rule a pair out (with one, leave-one-story-out F1 on
claims train 0.663, with two 0.677, with three 0.674; ideal statements 0.797 / 0.810 / 0.810)."""


def conflict(a: str, b: str) -> str | None:
    """Why ``a`` and ``b`` cannot be the same claim whatever else they share ("numbers", "names"), or None."""
    fa, fb = facts(a), facts(b)
    if fa.numbers and fb.numbers and not fa.numbers & fb.numbers:
        return "numbers"
    if min(len(fa.name_stems), len(fb.name_stems)) >= MIN_NAMES and not fa.name_stems & fb.name_stems:
        return "names"
    return None


def disagreement(a: str, b: str) -> str | None:
    """Why ``a`` and ``b`` cannot be the same claim ("numbers", "names", "negation"), or None if they may be."""
    why = conflict(a, b)
    if why is None and facts(a).negated != facts(b).negated:
        return "negation"
    return why
