"""What sort of body a description means, and what sort the text showed a candidate body to be.

"The union" in an article about a strike by pilots of a budget airline has two candidates the
kind rules cannot tell apart: both are organisations.  The text tells them apart by what it called
each where it named it: "Budget airline SkyLane", "the Irish Airline Pilots' Association".  This
module reads those words (the ``body_classes`` lexicon maps them to sorts of body: airline, union,
regulator, club, newspaper, ...) and gives the ranker (:mod:`attribution.link.rank`) two facts:
the description and the candidate share a sort ("the carrier" / "Aurelia Air"), or the text
plainly gave the candidate sorts that share none with the description's ("the union" / "Budget
airline SkyLane").  How much either counts is learned
with the ranker's other weights.

Where a body's sort shows:

* plainly: the lower-case role words inside its mention ("Budget airline SkyLane", "Rival grocer
  Pennick's", "the news agency Baltic Press"), the head of an apposition right after a name
  (", a budget airline,"; not ", the regulator said"), an earlier description already linked to it
  ("the lender" … "the bank");
* less surely: its name's head, the last word ("Kingsbridge Bank", "Aurelia Air") or the word
  before "of" ("Ministry of Transport"). "Manchester City" is a club and "International Monetary
  Fund" a lender, so a name's head may support a description but never rules one out.

A word naming a family ("company", "firm") says every sort in it, so "the company" fits a bank or
an airline but not a union or a regulator.
"""
from __future__ import annotations

import functools
import re

from attribution import lexicons as lex
from attribution.assemble.sources import head_word
from attribution.link.entities import Entity, Mention

WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
"""A word (letters, inner apostrophes and hyphens): what names and descriptions are read by."""
# ", a budget airline," / ", the city's oldest title.": an apposition closed by a comma, bracket or sentence end
_APPOSITION = re.compile(r"\s*,\s*(?:a|an|the)\s+(?P<np>[^,.;:()\n]+?)\s*(?=[,.;)\n]|$)")
_SAYS = frozenset(lex.words("reporting", "say_verbs"))
"""Reporting verbs: ", the regulator said." is a clause, not an apposition."""


@functools.cache
def _sorts_of() -> dict[str, frozenset[str]]:
    table = lex.load("body_classes")
    out: dict[str, set[str]] = {}
    for sort, words in table["classes"].items():
        for w in words:
            out.setdefault(w, set()).add(sort)
    for family, words in table["family_words"].items():
        for w in words:
            out.setdefault(w, set()).update(table["families"][family])
    return {w: frozenset(s) for w, s in out.items()}


def word_sorts(word: str) -> frozenset[str]:
    """The sorts of body one word says ("carrier" → airline, telecom; "company" → every business sort)."""
    low = word.lower().replace("’", "'")
    low = re.sub(r"'s?$", "", low)
    return _sorts_of().get(low, frozenset())


def description_sorts(text: str) -> frozenset[str]:
    """The sorts a description's head names: "the budget carrier" → airline, telecom."""
    return word_sorts(head_word(text))


def _name_head(name: str) -> str:
    words = WORD.findall(name)
    if not words:
        return ""
    lowered = [w.lower() for w in words]
    if "of" in lowered[1:]:
        return words[lowered.index("of") - 1]
    return words[-1]


@functools.lru_cache(maxsize=4096)
def _mention_words(text: str, start: int, end: int, form: str, name: str) -> tuple[frozenset[str], frozenset[str]]:
    """(what the mention says of its sort, what of that it says in so many words): a description's head,
    the lower-case role words inside a name's mention ("Budget airline SkyLane") and the head of an
    apposition after it (", a budget airline,") say it plainly; the last word of a name says it less
    surely ("Manchester City" is a club, not a city council; "International Monetary Fund" a lender), so
    it may support a description but never rule one out."""
    span = text[start:end]
    if form == "description":
        plain = word_sorts(head_word(span))
        return plain, plain
    # a name's own capitalised words other than its head say nothing ("Irish Airline Pilots' Association"
    # is no airline); lower-case role words inside the mention do
    words = [w for w in WORD.findall(span) if w.islower()]
    after = _APPOSITION.match(text, end, min(len(text), end + 120))
    if after:
        phrase = after.group("np")
        if not any(w.lower() in _SAYS for w in phrase.split()):
            words.append(head_word(phrase))
    plain: set[str] = set()
    for w in words:
        plain |= word_sorts(w)
    return frozenset(plain | word_sorts(_name_head(name))), frozenset(plain)


def entity_sorts(e: Entity, pos: int, text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Every sort the text gave body ``e`` in its mentions before ``pos``, and those it gave plainly (see
    :func:`_mention_words`); a capitalised word the kind rules took for a person with nothing else to show
    it ("Norair, a budget airline,") may be a body."""
    if e.kind not in ("organization", "government", "media") and not (e.kind == "person" and not e.person_evidence):
        return frozenset(), frozenset()
    every: set[str] = set()
    plain: set[str] = set()
    for x in e.mentions:
        if x.span.start < pos:
            some, sure = _mention_words(text, x.span.start, x.span.end, x.form, x.parts.name or "")
            every |= some
            plain |= sure
    return frozenset(every), frozenset(plain)


def sort_agreement(m: Mention, e: Entity, text: str) -> tuple[float, float]:
    """(match, clash) for description ``m`` and candidate ``e``: 1.0 when they share a sort of body, and
    1.0 when the text plainly gave the candidate sorts that share none with the description's; (0, 0)
    when the description names no sort or the candidate was given none."""
    if m.form != "description":
        return 0.0, 0.0
    wanted = description_sorts(m.text)
    if not wanted:
        return 0.0, 0.0
    every, plain = entity_sorts(e, m.span.start, text)
    if wanted & every:
        return 1.0, 0.0
    return (0.0, 1.0) if plain else (0.0, 0.0)
