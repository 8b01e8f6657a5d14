"""The annotation model shared by every training corpus.

An annotated document is its text plus a list of attributions, each a set of
character ranges for source, cue and content (several fragments each, since
PolNeAR and our own corpus both allow discontinuous spans).
"""
from __future__ import annotations

from dataclasses import dataclass, field

Range = tuple[int, int]


@dataclass
class GoldAttribution:
    """One act of attribution as annotated: character ranges into the text."""

    cue: list[Range]
    content: list[Range]
    source: list[Range] = field(default_factory=list)
    # Optional fields only our own corpus carries (PolNeAR leaves them empty).
    id: str | None = None
    via: str | None = None
    recipient: Range | None = None
    source_kind: str | None = None
    anonymous: bool | None = None
    resolves_to: str | None = None
    entity: str | None = None
    """The key of the entity the source names (same key = same entity; the name of the key does not matter)."""
    quote: str | None = None
    hedges: list[Range] = field(default_factory=list)
    act: str | None = None
    """speech / thought / evidence / other, where the corpus labels it (PolNeAR and the older authored corpus do not)."""
    floating: bool = False
    """A quotation without a cue, given to the speaker named before it."""


@dataclass
class AnnotatedDocument:
    """A document with its gold attributions."""

    doc_id: str
    text: str
    attributions: list[GoldAttribution]
    publisher: Range | None = None
    hedges: list[tuple[int, int, str | None]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
