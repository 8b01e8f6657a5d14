"""Gold spans written as substrings of a short text, assembled by the oracle tagger: rules under test alone."""
from __future__ import annotations

from attribution.assemble.build import build_report
from attribution.data.annotations import AnnotatedDocument, GoldAttribution
from attribution.schema import Report
from attribution.tag.oracle import oracle_tagged


def _range(text: str, phrase: str | tuple[str, int]) -> tuple[int, int]:
    """The character range of ``phrase`` (or of its n-th occurrence, counting from 1)."""
    phrase, nth = (phrase, 1) if isinstance(phrase, str) else phrase
    pos = -1
    for _ in range(nth):
        pos = text.index(phrase, pos + 1)
    return pos, pos + len(phrase)


def gold(text: str, *attributions: dict) -> AnnotatedDocument:
    """Gold attributions given as substrings: ``{"source": ..., "cue": ..., "content": [...]}``."""
    atts = [GoldAttribution(cue=[_range(text, a["cue"])], content=[_range(text, c) for c in a.get("content", [])],
                            source=[_range(text, a["source"])] if "source" in a else [])
            for a in attributions]
    return AnnotatedDocument("t", text, atts)


def assemble(doc: AnnotatedDocument, disable: tuple[str, ...] = (), calibrate=None) -> Report:
    return build_report(doc.doc_id, doc.text, oracle_tagged(doc), calibrate=calibrate, disable=disable)


def by_cue(report: Report, cue: str | None):
    found = [a for a in report.attributions if (a.cue.text if a.cue else None) == cue]
    assert len(found) == 1, [(a.cue and a.cue.text, a.source and a.source.text) for a in report.attributions]
    return found[0]


def scaled_retag(retag, factor: float):
    """A retagger whose every span scores ``factor`` and every link ``factor`` times the oracle's pointer:
    how the rules that read the tagger's confidence are tried at any confidence."""
    def scaled(stretches):
        out = retag(stretches)
        for tagged in out:
            for span in tagged.spans:
                span.score = factor
            tagged.predictions.pointers = [[(w, p * factor) for w, p in ptr] for ptr in tagged.predictions.pointers]
        return out
    return scaled


def ranker_decisions(doc: AnnotatedDocument, on_decision=None) -> list:
    """Assemble ``doc``, recording every decision the entity ranker is asked for as (mention, candidates,
    context); ``on_decision(mention, candidates, context)`` runs at the moment of the decision, while the
    entities hold only what came before (what a feature test needs)."""
    import attribution.link.rank as rank

    asked = []
    choose = rank.Ranker.choose

    def recording(self, m, cands, ctx):
        asked.append((m, cands, ctx))
        if on_decision is not None:
            on_decision(m, cands, ctx)
        return choose(self, m, cands, ctx)

    rank.Ranker.choose = recording
    try:
        assemble(doc)
    finally:
        rank.Ranker.choose = choose
    return asked
