"""Tagged text → the full report, through a list of named assembly steps.

The tagger supplies source / cue / content spans and their grouping; the steps
add what PolNeAR does not teach: headline dashes ("— media"), citation chains
("says Al Arabiya citing anonymous sources"), claims whose only marker is a
hedge ("Haftar reportedly rejected ..."), recipients ("told Al Arabiya"), the
via links of later attributions from a cited source, source kinds and
coreference, hedges, quote types, certainty and calibrated confidence.

Each step is registered by name (``attribution/assemble/steps/``); ``disable``
leaves any step that is not required out, which is how ``attribution evaluate
--disable NAME`` measures what a rule is worth.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from attribution.assemble import steps as _steps  # noqa: F401  (registers the steps)
from attribution.assemble.state import Assembly
from attribution.assemble.step import STEPS, Step
from attribution.schema import Report, Sentence
from attribution.split import split_sentences
from attribution.tag.tagger import TaggedText

Retag = Callable[[list[tuple[int, int]]], list[TaggedText]]

DEFAULT_STEPS: tuple[str, ...] = (
    "group", "mend_sources", "hedge_cues", "content_fragments", "cited_in_content",
    "headline", "citing", "outer_report", "colon_content", "citation_clauses", "nested_reports", "drop_contentless",
    "shared_subject", "nested", "hedge_only", "recipients", "publisher", "order", "source_kinds", "coreference", "entities",
    "floating_quotes", "inherit_via", "cited_back_references", "hedges", "quote_type", "certainty", "calibration", "acts",
    "attributions", "registry", "voice",
)


class Assembler:
    """The steps of :data:`DEFAULT_STEPS` less ``disable``, run in order over one document's state.

    ``trace`` records on each draft the steps that changed it (off by default: comparing every
    draft before and after every step costs a few per cent of throughput).
    """

    def __init__(self, disable: Iterable[str] = (), names: Iterable[str] = DEFAULT_STEPS, trace: bool = False):
        names = tuple(names)
        disable = set(disable)
        unknown = sorted(disable - set(names))
        if unknown:
            raise ValueError(f"unknown assembly step(s): {', '.join(unknown)}; the steps are: {', '.join(names)}")
        required = sorted(n for n in disable if STEPS[n].required)
        if required:
            raise ValueError(f"assembly step(s) {', '.join(required)} cannot be disabled: later steps need them")
        self.steps: list[Step] = [STEPS[n] for n in names if n not in disable]
        self.trace = trace

    def run(self, doc_id: str, text: str, tagged: TaggedText, path: str | None = None,
            calibrate: Callable[[float, str], float] | None = None, retag: Retag | None = None) -> Assembly:
        """The state after every step; with ``trace``, each draft lists the steps that changed it.
        ``retag`` tags stretches of the text again (see :attr:`Assembly.retag`); without it no step tags."""
        spans = split_sentences(text)
        sentences = [Sentence(i, s.start, s.end, text[s.start:s.end]) for i, s in enumerate(spans)]
        state = Assembly(doc_id, text, tagged, sentences, path=path, calibrate=calibrate, retag=retag)
        for st in self.steps:
            if not self.trace:
                st(state)
                continue
            before = {id(d): d.fingerprint() for d in state.drafts}
            st(state)
            for d in state.drafts:
                if before.get(id(d)) != d.fingerprint():
                    d.steps.append(st.name)
        return state

    def __call__(self, doc_id: str, text: str, tagged: TaggedText, path: str | None = None,
                 calibrate: Callable[[float, str], float] | None = None, retag: Retag | None = None) -> Report:
        state = self.run(doc_id, text, tagged, path, calibrate, retag)
        return Report(doc_id=doc_id, path=path, publisher=state.publisher, sentences=state.sentences,
                      attributions=state.attributions, sources=state.sources, text=text)


_DEFAULT = Assembler()


def build_report(doc_id: str, text: str, tagged: TaggedText, path: str | None = None, calibrate=None,
                 disable: Iterable[str] = (), retag: Retag | None = None) -> Report:
    """Assemble the contract report of one tagged document (all steps, less ``disable``)."""
    assembler = Assembler(disable) if disable else _DEFAULT
    return assembler(doc_id, text, tagged, path, calibrate, retag)
