"""Span helpers the assembly steps share: overlap tests and the trimming of content spans."""
from __future__ import annotations

from collections.abc import Iterable

from attribution.schema import SourceSpan, Span

QUOTES_OPEN = "\"“«‘'"
QUOTES_CLOSE = "\"”»’'"
QUOTE_CHARS = set("\"“”«»")


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


def source_span(doc: str, start: int, end: int) -> SourceSpan:
    """A source mention over ``doc[start:end]``, whitespace trimmed; kind and resolution come later."""
    span = Span.of(doc, start, end)
    return SourceSpan(span.start, span.end, span.text)
