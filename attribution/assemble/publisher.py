"""The outlet whose dateline, credit line or byline the article carries.

Wire copy names its publisher in a few closed forms, all matched here:

* the TASS dateline ``MOSCOW, Dec 2. /TASS/.``;
* the agency in brackets after the place and an optional date, then a dash:
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

_AGENCIES = "|".join(re.escape(a) for a in sorted(phrases("chains", "wire_agencies"), key=len, reverse=True))
_PLACE = r"[A-Z][A-Z .'’-]{1,40}"
_DATE = r"(?:,\s*[A-Za-z0-9][A-Za-z0-9 .]{0,29}?)?"  # ", March 3", ", 4 March", ", Ohio", ", N.J."
# the TASS dateline: "MOSCOW, Dec 2. /TASS/."
_SLASHED = re.compile(r"[A-Z][A-Za-z .,'’-]{1,60}\d{0,4}\.?\s*/(?P<name>[A-Z][A-Za-z-]{1,20}(?: [A-Z][A-Za-z-]+){0,2})/")
# "LONDON, March 3 (Reuters) -", "PARIS (AFP) —", "BEIJING, April 27 (Xinhua) --", "FRANKFURT (dpa) -"
_BRACKETED = re.compile(r"(?m)^" + _PLACE + _DATE + r"\s*\((?P<name>[A-Za-z][A-Za-z&. -]{1,30})\)\s*(?:[-—–]{1,2})")
# "(AP) —" opening the text
_BARE = re.compile(r"(?mi)^\s*\((?P<name>" + _AGENCIES + r"|CNN)\)\s*[-—–]")
# "By Helen Grant, Reuters" / "By Ann Lee and Tom Roe, The Associated Press"
_BYLINE = re.compile(r"(?m)^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s+and\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?"
                     r"\s*[,|—–-]\s*(?P<name>(?i:" + _AGENCIES + r"))\s*$")
# "— AP" / "— The Associated Press" closing the article
_CREDIT = re.compile(r"(?m)^\s*[—–-]{1,2}\s*(?P<name>(?i:" + _AGENCIES + r"))\s*$")
HEAD_CHARS = 1500
TAIL_CHARS = 300

# A dateline opening a sentence, to be skipped where a rule reads the sentence's first clause
# (use ``DATELINE.match(text, pos)``: the pattern has no "^", which would pin it to the start of the text).
DATELINE = re.compile(r"\s*(?:" + _PLACE + _DATE + r"\s*(?:\([^()\n]{1,30}\)\s*)?(?:[-—–]{1,2})\s*"
                      r"|[A-Z][A-Za-z .,'’-]{1,60}\d{0,4}\.?\s*/[A-Z][A-Za-z -]{1,30}/\.?\s*)")


def _span(m: re.Match) -> Span:
    return Span(m.start("name"), m.end("name"), m.group("name"))


def find_publisher(text: str) -> Span | None:
    """The publisher named in the dateline/byline near the top (or a closing credit line)."""
    head = text[:HEAD_CHARS]
    found = [m for m in (p.search(head) for p in (_SLASHED, _BRACKETED, _BARE, _BYLINE)) if m]
    if found:
        return _span(min(found, key=lambda m: m.start()))
    m = _CREDIT.search(text, max(0, len(text) - TAIL_CHARS))
    return _span(m) if m else None
