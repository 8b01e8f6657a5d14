"""The drafts' life cycle: made from the tagger's grouped spans, cleared of empty ones, put in text order."""
from __future__ import annotations

from attribution.assemble.group import RawAttribution, group_spans
from attribution.assemble.spans import clean_content, source_span
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import step
from attribution.schema import Span


def draft_from_raw(doc: str, raw: RawAttribution) -> Draft:
    """A draft from one cue's spans; its score is the geometric mean of cue, best source and mean content scores."""
    cue = Span.of(doc, raw.cue.start, raw.cue.end)
    src = raw.source
    source = source_span(doc, src.start, src.end) if src is not None else None
    content = [c for c in (clean_content(doc, span.start, span.end) for span, _ in raw.contents) if c]
    parts = [raw.cue.score] + ([max(raw.sources, key=lambda s: s[1])[0].score] if raw.sources else [])
    if raw.contents:
        parts.append(sum(s.score for s, _ in raw.contents) / len(raw.contents))
    score = 1.0
    for p in parts:
        score *= p
    score = score ** (1 / len(parts))
    return Draft(cue, source, content, score)


@step("group", required=True)
def group(state: Assembly) -> None:
    """One draft per tagged cue, with the sources and contents the pointer head attaches to it."""
    state.drafts = [draft_from_raw(state.text, r) for r in group_spans(state.tagged, state.sentence_starts)]


@step("drop_contentless", required=True)
def drop_contentless(state: Assembly) -> None:
    """A draft that still has no content after the structural rules is no attribution."""
    state.drafts = [d for d in state.drafts if d.content]


@step("order", required=True)
def order(state: Assembly) -> None:
    """Text order (cue, else first content), which the ids a1, a2, ... follow."""
    state.drafts.sort(key=lambda d: (d.anchor(), d.content[0].start))
