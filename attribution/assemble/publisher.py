"""The outlet whose dateline, credit line or byline the article carries.

Wire copy names its publisher in a few closed forms, all matched here:

* the agency of a dateline opening a line (as :mod:`attribution.split.datelines` reads one):
  in slashes, ``MOSCOW, Dec 2. /TASS/.``, or in brackets then a dash,
  ``LONDON, March 3 (Reuters) -``, ``PARIS (AFP) —``, ``BEIJING, April 27 (Xinhua) --``,
  ``FRANKFURT (dpa) -``, ``ASTANA, Feb 3 (RIA Novosti) -`` (any bracketed name: the
  place in capitals before it makes it a dateline);
* a bracketed agency opening the text: ``(AP) —``;
* a byline ``By Helen Grant, Reuters`` on a line of its own near the top;
* a closing credit line ``— AP`` / ``— The Associated Press`` at the end.
"""
from __future__ import annotations

import re

from attribution.lexicons import phrases
from attribution.schema import Span
from attribution.split.datelines import match_dateline

_AGENCIES = "|".join(re.escape(a) for a in sorted(phrases("chains", "wire_agencies"), key=len, reverse=True))
# "(AP) —" opening the text
_BARE = re.compile(r"(?mi)^\s*\((?P<name>" + _AGENCIES + r"|CNN)\)\s*[-—–]")
# "By Helen Grant, Reuters" / "By Ann Lee and Tom Roe, The Associated Press"
_BYLINE = re.compile(r"(?m)^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s+and\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?"
                     r"\s*[,|—–-]\s*(?P<name>(?i:" + _AGENCIES + r"))\s*$")
# "— AP" / "— The Associated Press" closing the article
_CREDIT = re.compile(r"(?m)^\s*[—–-]{1,2}\s*(?P<name>(?i:" + _AGENCIES + r"))\s*$")
_LINE_START = re.compile(r"(?m)^")
HEAD_CHARS = 1500
TAIL_CHARS = 300


def _span(m: re.Match) -> Span:
    return Span(m.start("name"), m.end("name"), m.group("name"))


def _dateline_agency(head: str) -> tuple[int, Span] | None:
    """The first dateline opening a line of ``head`` that names an agency (``MOSCOW, Dec 2. /TASS/.``,
    ``LONDON, March 3 (Reuters) -``), as (where the dateline starts, the agency)."""
    for line in _LINE_START.finditer(head):
        dateline = match_dateline(head, line.start())
        if dateline is not None and dateline.agency is not None:
            return dateline.start, dateline.agency
    return None


def find_publisher(text: str) -> Span | None:
    """The publisher named in the dateline/byline near the top (or a closing credit line)."""
    head = text[:HEAD_CHARS]
    dateline = _dateline_agency(head)
    found = [dateline] if dateline is not None else []
    found += [(m.start(), _span(m)) for m in (p.search(head) for p in (_BARE, _BYLINE)) if m]
    if found:
        return min(found, key=lambda f: f[0])[1]
    m = _CREDIT.search(text, max(0, len(text) - TAIL_CHARS))
    return _span(m) if m else None
