"""The one state every assembly step reads and writes.

A step gets the :class:`Assembly` of one document and changes it: it adds,
drops or edits :class:`Draft` attributions, or fills the publisher, the
sentences' hedges and, at the end, the report's records.  Nothing else is
shared between steps: a draft owns its spans (a step that gives a draft
another draft's source gives it a copy), so what a step changes is visible in
the state and nowhere behind it.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from attribution.schema import Attribution, Hedge, Sentence, Source, SourceSpan, Span
from attribution.tag.tagger import TaggedText

if TYPE_CHECKING:
    from attribution.link.entities import Entity


@dataclass(eq=False)
class Draft:
    """An attribution while the steps work on it (identity matters: ``via`` points at another draft)."""

    cue: Span | None
    source: SourceSpan | None
    content: list[Span]
    score: float
    via: Draft | None = None
    recipient: Span | None = None
    hedges: list[Hedge] = field(default_factory=list)
    implicit: bool = False
    rule: str = "model"
    quote: str = "indirect"
    certainty: str = "stated"
    confidence: float | None = None  # set by the calibration step
    entity: Entity | None = None  # set by the entity layer (attribution/link)
    act: str = "speech"  # speech / thought / evidence / other, set by the acts step
    floating: bool = False  # a quotation without a cue, given to the speaker named before it
    steps: list[str] = field(default_factory=list)

    def anchor(self) -> int:
        """Where the attribution sits: its cue, else its first content fragment."""
        return self.cue.start if self.cue else self.content[0].start

    def fingerprint(self) -> tuple:
        """Everything a step may change, to record which steps touched the draft."""
        def key(s: Span | None) -> tuple | None:
            return None if s is None else (type(s).__name__, *vars(s).values())

        return (key(self.cue), key(self.source), tuple(key(c) for c in self.content), self.score, id(self.via),
                key(self.recipient), tuple(key(h) for h in self.hedges), self.implicit, self.rule, self.quote,
                self.certainty, self.confidence, id(self.entity), self.act, self.floating)


@dataclass
class Assembly:
    """One document on its way from tagged spans to a report."""

    doc_id: str
    text: str
    tagged: TaggedText
    sentences: list[Sentence]
    path: str | None = None
    calibrate: Callable[[float, str], float] | None = None
    # tags stretches of this document as texts of their own, [(start, end)] -> one TaggedText each (local offsets):
    # how the nesting step finds the reports inside a report, which the tagger (one attribution per token) misses
    retag: Callable[[list[tuple[int, int]]], list[TaggedText]] | None = None
    drafts: list[Draft] = field(default_factory=list)
    publisher: Span | None = None
    entities: list[Entity] = field(default_factory=list)
    # filled by the final steps
    attributions: list[Attribution] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    @property
    def sentence_starts(self) -> list[int]:
        return self._starts

    def sentence_of(self, pos: int) -> int:
        """The index of the sentence holding character ``pos`` (-1 before the first)."""
        return bisect.bisect_right(self._starts, pos) - 1
