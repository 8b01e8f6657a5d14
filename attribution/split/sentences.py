"""A news-aware sentence splitter with exact offsets.

News text breaks the usual rules: datelines (``CAIRO, January 14. /TASS/.``)
end in full stops but start the first sentence; titles and initials (``Gen.``,
``U.S.``, ``J. Smith``) are not ends; a quotation may run over several full stops
before its ``he said``; headlines have no final punctuation at all.  Paragraph
breaks always end a sentence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from attribution.split.datelines import is_dateline

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "cmdr", "sgt",
    "adm", "pres", "supt", "insp", "rev", "hon", "st", "mt", "ft", "jr", "sr", "inc", "corp", "ltd", "co", "plc",
    "bros", "vs", "v", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m", "e.g", "i.e", "etc", "approx", "dept", "est", "fig",
    "al", "op", "ph.d", "calif", "fla", "ill", "mass", "mich", "minn", "penn", "tenn", "tex", "va", "wash", "wis",
}
# soft hyphens and zero-width characters are part of the words they sit in (see
# attribution.tag.words): a sentence may begin with one, and an abbreviation may hold one
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_CANDIDATE = re.compile(rf"[.!?…]+[\"'”’»)\]]*(?=\s+[{_INVISIBLE}]*[\"'“‘«(\[]?[{_INVISIBLE}]*[A-Z0-9À-Ý])")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*|\n(?=\s*[^\s])")
# a piece this short that is only a dateline ("CAIRO, January 14. /TASS/.") opens the sentence after it
DATELINE_PIECE_MAX = 60
_QUOTE_CHARS = re.compile(r"[\"“”«»]")


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int


def _quote_intervals(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Matched quotation intervals in ``text[start:end]``; an unmatched quote is ignored."""
    intervals: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_CHARS.finditer(text, start, end):
        ch = m.group()
        if ch in "“«":
            open_at = m.start()
        elif ch in "”»":
            if open_at is not None:
                intervals.append((open_at, m.start()))
                open_at = None
        else:  # straight quote: toggles
            if open_at is None:
                open_at = m.start()
            else:
                intervals.append((open_at, m.start()))
                open_at = None
    return intervals


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the full stop at ``dot`` part of an abbreviation or an initial?"""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "." or text[j - 1] in _INVISIBLE):
        j -= 1
    word = "".join(ch for ch in text[j:dot].lower() if ch not in _INVISIBLE)
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith", "U. S."
        return True
    return "." in word and len(word) <= 6  # "u.s", "a.m", "ph.d"


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    intervals = _quote_intervals(text, start, end)
    opens = [a for a, _ in intervals]
    pieces: list[tuple[int, int]] = []
    cur = start
    for m in _CANDIDATE.finditer(text, start, end):
        stop = m.end()
        punct = m.group()
        if punct.startswith(".") and len(punct.rstrip("\"'”’»)]")) == 1 and _is_abbreviation(text, m.start()):
            continue
        i = bisect.bisect_right(opens, m.start()) - 1
        if i >= 0 and intervals[i][0] < m.start() < intervals[i][1] and intervals[i][1] > stop:
            continue  # inside a quotation that closes later in the paragraph
        pieces.append((cur, stop))
        cur = stop
    pieces.append((cur, end))
    # a dateline alone is not a sentence: glue it to what follows
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        seg = text[a:b].strip()
        if not seg:
            continue
        if merged and merged[-1][1] - merged[-1][0] < DATELINE_PIECE_MAX and is_dateline(text, *merged[-1]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def split_sentences(text: str) -> list[SentenceSpan]:
    """Sentences of ``text`` as offsets; each span is trimmed of surrounding whitespace."""
    spans: list[SentenceSpan] = []
    pos = 0
    bounds: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    for a, b in bounds:
        for s, e in _split_paragraph(text, a, b):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                spans.append(SentenceSpan(s, e))
    return spans
