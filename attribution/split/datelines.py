"""The dateline that opens a news story, recognised in one place.

Wire copy and newspapers open a story with where (and often when, and through which agency) it
was filed, before its first sentence proper::

    KINGSPORT, July 30 (Reuters) -          place, date, agency in brackets, dash
    DES MOINES, Iowa (AP) —                 place, region, agency, dash
    MOSCOW, March 3. /TASS/.                place, date, agency in slashes (the Russian state wires)
    LISBON —   HARTFORD, Conn. --           place (and region), dash
    WARSAW, June 9 —   DOHA, 9 Feb (AFP) -  a date either way round
    MOSCOW, March 3. The ministry said ...  place and date closed by a full stop

Several parts of the pipeline need to know where such a dateline ends: the sentence splitter
(a dateline that the full stops of ``/TASS/.`` cut off is glued to the sentence it opens), the
publisher (the agency it names), the lead-subject rule of the sources (which reads the body's
first words) and the claims (a stretch that is only a dateline states nothing).  They all call
:func:`match_dateline` (or :func:`is_dateline`), so they agree on what a dateline is.

What counts, and why:

* the place is in capitals (one to four words: ``THE HAGUE``, ``RIO DE JANEIRO``,
  ``ST. LOUIS``, ``N'DJAMENA``); a title-case place (``Moscow, Dec 2. /TASS/.``) is taken only
  before an agency in slashes, which nothing else in running text looks like;
* a region may follow the place after a comma (``PARIS, France``, ``FAIRHAVEN, N.J.``,
  ``KALDERA, Velland``), then a date (a month name or abbreviation from the ``datelines``
  lexicon with a day, either order, perhaps a year; or a weekday);
* the dateline must be *closed*: by a dash (``-``, ``--``, ``–``, ``—``; a hyphen only with a
  space or the end after it, so ``EXCLUSIVE-Firm ...`` and ``WINSTON-SALEM`` are no
  datelines), by an agency in brackets and then a dash, by an agency in slashes, or, when it
  has a date, by a full stop.  Capitals alone are no dateline: a headline or a shouted
  sentence (``BREAKING NEWS``, ``CITY COUNCIL VOTES``, ``WASHINGTON.``) is not one, and
  neither is a name before a bracket without a dash (``UNICEF (the UN children's fund) said``).
  What is *not* told apart: a headline in capitals followed by a dash
  (``CITY COUNCIL VOTES — residents ...``) reads as a dateline, as it has the dateline's form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from attribution.lexicons import phrases
from attribution.schema import Span

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"


def _alternation(*keys: str) -> str:
    """The ``datelines`` lexicon's words of ``keys`` as one case-blind alternation of whole words (the
    closing ``\\b`` makes the order of the words immaterial: "sep" failing on "Sept 3" gives way to "sept")."""
    options = sorted({w for key in keys for w in phrases("datelines", key)})
    return r"(?i:" + "|".join(re.escape(w) for w in options) + r")\b"


_MONTH = r"(?:" + _alternation("months") + r"|" + _alternation("month_abbreviations") + r"\.?)"
_WEEKDAY = _alternation("weekdays")
# "ROME", "ST.", "N'DJAMENA", "WINSTON-SALEM": two characters or more, not ending in a hyphen; lazy, so that
# the full stop of "MOSCOW. Jan 14 (Interfax) -" is left to separate the place from the date
_CAPS_WORD = rf"[{_UPPER}][{_UPPER}'’.-]*?[{_UPPER}.]"
_CAPS_PLACE = rf"{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}"
_TITLE_PLACE = rf"[{_UPPER}][{_LOWER}'’.-]+(?: [{_UPPER}][{_LOWER}'’.-]+){{0,2}}"
# "France", "Iowa", "N.J.", "Ivory Coast", but not the month or weekday that opens the date
_REGION = rf"(?!{_MONTH}|{_WEEKDAY})[{_UPPER}][\w'’.-]*(?: [{_UPPER}][\w'’.-]*){{0,2}}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = rf"(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?:,?\s+\d{{4}})?|{_WEEKDAY}"
# a hyphen closes a dateline only with a space (or the end) after it; a dash of any width may touch the body
_DASH = r"(?:--?(?=\s|$)|[—–])"
_BRACKETED = r"\((?P<agency>[A-Za-z][A-Za-z&.'’ /-]{0,29}[A-Za-z.])\)"
_SLASHED = r"/(?P<slashed>[A-Z][A-Za-z-]{1,20}(?: [A-Z][A-Za-z-]+){0,2})/"


def _compile(place: str, closers: str) -> re.Pattern[str]:
    return re.compile(
        rf"\s*(?P<place>{place})(?:,\s*(?P<region>{_REGION}))?(?:(?:[,.]\s*|\s+)(?P<date>{_DATE}))?"
        rf"(?:{closers})"
    )


_WITH_SLASHES = rf"\.?\s*{_SLASHED}\.?(?:\s*{_DASH})?"
_CAPITALS = _compile(_CAPS_PLACE, rf"\s*{_BRACKETED}\s*{_DASH}|{_WITH_SLASHES}|\s*{_DASH}|(?(date)\.(?=\s|$)|(?!))")
_TITLE_CASE = _compile(_TITLE_PLACE, _WITH_SLASHES)


@dataclass(frozen=True)
class Dateline:
    """A dateline found in a text, with document offsets.

    ``start``/``end`` cover the dateline itself, through its closing dash, agency or full stop;
    ``body`` is where the text it opens begins (after the whitespace that follows it)."""

    start: int
    end: int
    body: int
    place: Span
    region: Span | None
    date: Span | None
    agency: Span | None


def _part(m: re.Match[str], group: str) -> Span | None:
    """The span of ``group`` where the pattern has that group and it took part in the match."""
    text = m.groupdict().get(group)
    return None if text is None else Span(m.start(group), m.end(group), text)


def match_dateline(text: str, pos: int = 0, endpos: int | None = None) -> Dateline | None:
    """The dateline opening ``text[pos:endpos]`` (after any whitespace), or None.

    The stretch is read as if it ended at ``endpos``: a dateline must close before it."""
    end_at = len(text) if endpos is None else endpos
    for pattern in (_CAPITALS, _TITLE_CASE):
        m = pattern.match(text, pos, end_at)
        if m is None:
            continue
        body = m.end()
        while body < end_at and text[body].isspace():
            body += 1
        return Dateline(start=m.start("place"), end=m.end(), body=body, place=_part(m, "place"),
                        region=_part(m, "region"), date=_part(m, "date"),
                        agency=_part(m, "slashed") or _part(m, "agency"))
    return None


def is_dateline(text: str, start: int = 0, end: int | None = None) -> bool:
    """Is ``text[start:end]`` a dateline and nothing more (bar surrounding whitespace)?
    ("MOSCOW, March 3. /TASS/." is; "LONDON (Reuters) - Prices rose." is not.)"""
    stop = len(text) if end is None else end
    found = match_dateline(text, start, stop)
    return found is not None and found.body == stop
