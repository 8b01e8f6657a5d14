"""The outlet whose dateline or byline the article carries: ``/TASS/``, ``(Reuters)``, ``— AP``."""
from __future__ import annotations

import re

from attribution.schema import Span

_PATTERNS = (
    re.compile(r"[A-Z][A-Za-z .,'’-]{1,60}\d{0,4}\.?\s*/(?P<name>[A-Z][A-Za-z-]{1,20}(?: [A-Z][A-Za-z-]+){0,2})/"),
    re.compile(r"(?m)^[A-Z][A-Z .,'’-]{1,40}(?:,\s*[A-Za-z .]+)?\s*\((?P<name>[A-Z][A-Za-z&. -]{1,30})\)\s*[-—–]"),
    re.compile(r"(?m)^\s*[—–-]\s*(?P<name>AP|AFP|Reuters|TASS|Bloomberg|Xinhua|Interfax|UPI|PA|DPA|ANSA|EFE)\s*$"),
    re.compile(r"(?m)^\s*\((?P<name>AP|AFP|Reuters|TASS|Bloomberg|Xinhua|Interfax|UPI|CNN)\)\s*[-—–]"),
)
HEAD_CHARS = 1500


def find_publisher(text: str) -> Span | None:
    """The publisher named in the dateline/byline near the top (or a closing ``— AP`` line)."""
    head = text[:HEAD_CHARS]
    for pattern in _PATTERNS[:2] + _PATTERNS[3:]:
        m = pattern.search(head)
        if m:
            return Span(m.start("name"), m.end("name"), m.group("name"))
    tail_start = max(0, len(text) - 300)
    m = _PATTERNS[2].search(text, tail_start)
    if m:
        return Span(m.start("name"), m.end("name"), m.group("name"))
    return None
