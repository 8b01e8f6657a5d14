"""Keep only some kinds of act in a report: ``--acts speech`` makes the tool a quote tracker.

The filtered report is still a contract report: sentence lists name only the kept
attributions, a ``via`` to an attribution that left becomes null (the chain is cut
where the reader asked to look away), and ``sources`` keeps only the entities that
are still some attribution's source. Sentence voice is left as the text has it: a
sentence that reports a belief is not the writer's own voice because beliefs were
filtered out.
"""
from __future__ import annotations

from dataclasses import replace

from attribution.schema import ACTS, Report


def parse_acts(value: str | None) -> frozenset[str] | None:
    """``"speech,thought"`` → the set of kinds; None or empty keeps every kind. An unknown kind
    raises ValueError naming the kinds there are."""
    if value is None or not value.strip():
        return None
    kinds = [v.strip().lower() for v in value.split(",") if v.strip()]
    unknown = sorted(set(kinds) - set(ACTS))
    if unknown:
        raise ValueError(f"unknown act(s) {', '.join(unknown)}: choose from {', '.join(ACTS)}")
    return frozenset(kinds)


def keep_acts(report: Report, acts: frozenset[str] | None) -> Report:
    """A copy of ``report`` with only the attributions whose act is in ``acts`` (all when None)."""
    if acts is None:
        return report
    kept = [replace(a) for a in report.attributions if a.act in acts]
    ids = {a.id for a in kept}
    for a in kept:
        if a.via is not None and a.via not in ids:
            a.via = None
    sentences = [replace(s, attributions=[x for x in s.attributions if x in ids]) for s in report.sentences]
    entities = {a.source.entity for a in kept if a.source is not None}
    sources = [s for s in report.sources if s.id in entities]
    return replace(report, attributions=kept, sentences=sentences, sources=sources)
