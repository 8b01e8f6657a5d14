"""Span helpers the assembly steps share: overlap tests and the trimming of content spans."""
from __future__ import annotations

import re
from collections.abc import Iterable

from attribution import lexicons
from attribution.schema import SourceSpan, Span

QUOTES_OPEN = "\"“«‘'"
QUOTES_CLOSE = "\"”»’'"
QUOTE_CHARS = set("\"“”«»")
# words whose dot is their own, not the sentence's: "Sen.", "Dr.", "Jr.", "Corp."
_DOTTED_WORDS = lexicons.words("sources", "honorifics") | lexicons.words("sources", "name_abbreviations")
_INITIAL_END = re.compile(r"(?:^|[\s.])[A-Z]\.$")


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def covered(span: Span, drafts: Iterable) -> bool:
    """Does any part (cue, source, content) of any draft overlap ``span``?"""
    for d in drafts:
        for s in [d.cue, d.source, *d.content]:
            if s is not None and overlaps(s, span):
                return True
    return False


def clean_content(doc: str, start: int, end: int) -> Span | None:
    """Trim a content span: whitespace, enclosing quotation marks of a pure quote, final punctuation.

    The project's gold leaves out the quotation marks around a direct quote and
    the sentence's full stop, so contents are cut the same way wherever they are made.
    """
    span = Span.of(doc, start, end)
    s, e = span.start, span.end
    if e - s >= 2 and doc[s] in QUOTES_OPEN and doc[e - 1] in QUOTES_CLOSE and not (QUOTE_CHARS & set(doc[s + 1:e - 1])):
        s, e = s + 1, e - 1
    elif e - s >= 3 and doc[s] in QUOTES_OPEN and doc[e - 2] in QUOTES_CLOSE and doc[e - 1] in ".,;" and not (QUOTE_CHARS & set(doc[s + 1:e - 2])):
        s, e = s + 1, e - 2
    else:
        if e - s >= 2 and doc[e - 1] in "\"”»" and not (QUOTE_CHARS & set(doc[s:e - 1])):
            e -= 1  # the closing mark of a quotation that opened before the span
        while e > s and doc[e - 1] in ".,;:" and not (e >= 2 and doc[e - 2] == "."):
            e -= 1
        if s < e and doc[s] in QUOTES_OPEN and not (QUOTE_CHARS & set(doc[s + 1:e])):
            s += 1  # an opening quote whose closing mark fell outside the span
    if s >= e:
        return None
    out = Span.of(doc, s, e)
    return out if out.text else None


def without_full_stop(name: str) -> str:
    """A name matched up to the end of its sentence, less the sentence's full stop ("says Kovac." → "Kovac").

    Name patterns admit "." for initials and abbreviations ("J. Smith", "U.S.", "Sen.", "Acme Corp."),
    so a name that closes its sentence is matched with the stop.  A final initial or abbreviation keeps
    its dot: English writes one dot where the sentence ends on it.
    """
    if not name.endswith(".") or _INITIAL_END.search(name):
        return name
    last = name.split()[-1][:-1] if name.split() else ""
    if last.lower() in _DOTTED_WORDS:
        return name
    return name[:-1]


def source_span(doc: str, start: int, end: int) -> SourceSpan:
    """A source mention over ``doc[start:end]``, whitespace trimmed; kind and resolution come later."""
    span = Span.of(doc, start, end)
    return SourceSpan(span.start, span.end, span.text)
