"""What sort of body a description means, and what sort the text showed a candidate body to be.

"The union" in an article about a strike by pilots of a budget airline has two candidates the
kind rules cannot tell apart: both are organisations.  The text tells them apart by what it called
each where it named it: "Budget airline SkyLane", "the Irish Airline Pilots' Association".  This
module reads those words (the ``body_classes`` lexicon maps them to sorts of body: airline, union,
regulator, club, newspaper, ...) and gives the ranker (:mod:`attribution.link.rank`) two facts:
the description and the candidate share a sort ("the carrier" / "Aurelia Air"), or both have a
sort and share none ("the union" / "Budget airline SkyLane").  How much either counts is learned
with the ranker's other weights.

Where a body's sort shows:

* its name's head: the last word ("Kingsbridge Bank", "Aurelia Air"), or the word before "of"
  ("Ministry of Transport", "University of Tromso");
* the lower-case role words inside its mention ("Budget airline SkyLane", "Rival grocer
  Pennick's", "the news agency Baltic Press");
* a short apposition right after a name (", a budget airline,");
* an earlier description already linked to it ("the lender" … "the bank").

A word naming a family ("company", "firm") says every sort in it, so "the company" fits a bank or
an airline but not a union or a regulator.
"""
from __future__ import annotations

import functools
import re

from attribution import lexicons as lex
from attribution.assemble.sources import head_word
from attribution.link.entities import Entity, Mention

APPOSITION_WORDS = 4
"""How many words of an apposition after a name may say its sort (", a budget airline,")."""
_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_APPOSITION = re.compile(r"\s*,\s*(?:a|an|the)\s+([^,.;:()\n]+)")


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
    words = _WORD.findall(name)
    if not words:
        return ""
    lowered = [w.lower() for w in words]
    if "of" in lowered[1:]:
        return words[lowered.index("of") - 1]
    return words[-1]


@functools.lru_cache(maxsize=65536)
def _mention_words(text: str, start: int, end: int, form: str, name: str) -> frozenset[str]:
    span = text[start:end]
    if form == "description":
        return word_sorts(head_word(span))
    # a name's own capitalised words other than its head say nothing ("Irish Airline Pilots' Association"
    # is no airline); lower-case role words inside the mention do ("Budget airline SkyLane")
    words = [w for w in _WORD.findall(span) if w.islower()]
    words.append(_name_head(name))
    after = _APPOSITION.match(text, end, min(len(text), end + 120))
    if after:
        words += after.group(1).split()[:APPOSITION_WORDS]
    sorts: set[str] = set()
    for w in words:
        sorts |= word_sorts(w)
    return frozenset(sorts)


def entity_sorts(e: Entity, pos: int, text: str) -> frozenset[str]:
    """Every sort the text gave body ``e`` in its mentions before ``pos``; a capitalised word the kind
    rules took for a person with nothing else to show it ("Norair, a budget airline,") may be a body."""
    if e.kind not in ("organization", "government", "media") and not (e.kind == "person" and not e.person_evidence):
        return frozenset()
    sorts: set[str] = set()
    for x in e.mentions:
        if x.span.start < pos:
            sorts |= _mention_words(text, x.span.start, x.span.end, x.form, x.parts.name or "")
    return frozenset(sorts)


def sort_agreement(m: Mention, e: Entity, text: str) -> tuple[float, float]:
    """(match, clash) for description ``m`` and candidate ``e``: 1.0 when they share a sort of body,
    and 1.0 when both have one and share none; (0, 0) when either says nothing of its sort."""
    if m.form != "description":
        return 0.0, 0.0
    wanted = description_sorts(m.text)
    if not wanted:
        return 0.0, 0.0
    shown = entity_sorts(e, m.span.start, text)
    if not shown:
        return 0.0, 0.0
    return (1.0, 0.0) if wanted & shown else (0.0, 1.0)
