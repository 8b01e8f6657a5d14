"""Every assembly step on its own: what it does, shown by running the pipeline with and without it.

The tagger is replaced by gold spans (the oracle), written here as substrings of a
short text, so each case checks the rule alone.  ``test_every_step_has_a_case``
keeps the table complete: a new step without a case here fails the suite.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from gold_spans import assemble, by_cue, gold

from attribution.assemble.build import DEFAULT_STEPS, Assembler
from attribution.assemble.step import STEPS
from attribution.data.annotations import AnnotatedDocument
from attribution.schema import Report
from attribution.tag.oracle import oracle_tagged


@dataclass
class Case:
    doc: AnnotatedDocument
    with_step: Callable[[Report], None]
    without_step: Callable[[Report], None]
    kwargs: dict = field(default_factory=dict)
    # steps that do the same job for this text in other words (left out too when the step is):
    # the citation-clause rules read the seed's "says X citing Y" as well as the older steps do
    also_disable: tuple[str, ...] = ()


def _seed_chain() -> AnnotatedDocument:
    text = "Haftar will not sign the deal, says Al Arabiya citing anonymous LNA sources."
    return gold(text, {"source": "Al Arabiya", "cue": "says", "content": ["Haftar will not sign the deal"]},
                {"source": "anonymous LNA sources", "cue": "citing"})


def _check_mend(r: Report) -> None:
    citing = by_cue(r, "citing")
    assert citing.source.text == "anonymous LNA sources" and by_cue(r, "says").source.text == "Al Arabiya"
    assert citing.via == by_cue(r, "says").id


def _check_outer(r: Report) -> None:
    said, demanded = by_cue(r, "said"), by_cue(r, "demanded")
    assert said.content[0].text == "Haftar also demanded that the talks resume"
    assert demanded.via == said.id


def _check_nested(r: Report) -> None:
    inner = by_cue(r, "demanded")
    assert (inner.source.text, inner.content[0].text, inner.via) == ("Haftar", "the talks resume", by_cue(r, "said").id)


def _check_inherit(r: Report) -> None:
    also = [a for a in r.attributions if a.content[0].text == "the deal was dead"][0]
    assert also.via == by_cue(r, "says").id


def _check_floating(r: Report) -> None:
    said, floating = r.attributions
    assert floating.cue is None and floating.floating and floating.act == "speech"
    assert floating.content[0].text == "All of them are alive. Two are in hospital."
    assert (floating.source.start, floating.source.end) == (said.source.start, said.source.end)
    assert floating.source.entity == said.source.entity is not None


def _check_acts(r: Report) -> None:
    assert [a.act for a in r.attributions] == ["evidence", "speech", "thought", "other", "other"]
    declined, plans = by_cue(r, "declined"), by_cue(r, "plans")
    assert declined.confidence < 0.5 < plans.confidence  # a verb that reports no claim: other, and unsure


CASES: dict[str, Case] = {
    "mend_sources": Case(
        gold("Haftar will not sign the deal, says Al Arabiya citing anonymous LNA sources.",
             {"source": "Al Arabiya citing anonymous LNA sources", "cue": "says",
              "content": ["Haftar will not sign the deal"]}),
        _check_mend,
        lambda r: [a.source.text for a in r.attributions] == ["Al Arabiya citing anonymous LNA sources"] or _fail(r),
        also_disable=("citation_clauses",)),
    "hedge_cues": Case(
        gold("Besides, Haftar reportedly rejected any Turkish role in the talks.",
             {"cue": "reportedly rejected", "content": ["any Turkish role in the talks"]}),
        lambda r: (by_cue(r, None).implicit_source and [h.text for h in by_cue(r, None).hedges] == ["reportedly"]
                   and by_cue(r, None).content[0].text == "Haftar reportedly rejected any Turkish role in the talks")
        or _fail(r),
        lambda r: by_cue(r, "reportedly rejected").hedges == [] or _fail(r)),
    "content_fragments": Case(
        gold("The minister said that the talks had failed.",
             {"source": "The minister", "cue": "said", "content": ["that the talks had failed"]}),
        lambda r: by_cue(r, "said").content[0].text == "the talks had failed" or _fail(r),
        lambda r: by_cue(r, "said").content[0].text == "that the talks had failed" or _fail(r)),
    "cited_in_content": Case(
        gold("The talks have failed, Al Arabiya reported, quoting a senior diplomat.",
             {"source": "Al Arabiya", "cue": "reported", "content": ["The talks have failed", "a senior diplomat"]}),
        lambda r: (by_cue(r, "quoting").source.text == "a senior diplomat"
                   and by_cue(r, "quoting").via == by_cue(r, "reported").id
                   and [c.text for c in by_cue(r, "reported").content] == ["The talks have failed"]) or _fail(r),
        lambda r: len(by_cue(r, "reported").content) == 2 or _fail(r),
        also_disable=("citation_clauses",)),
    "headline": Case(
        gold("Haftar won't sign peace deal — media\n\nCAIRO, January 14. The talks went on for hours."),
        lambda r: (by_cue(r, "—").source.text == "media"
                   and by_cue(r, "—").content[0].text == "Haftar won't sign peace deal") or _fail(r),
        lambda r: r.attributions == [] or _fail(r)),
    "citing": Case(
        _seed_chain(),
        lambda r: (by_cue(r, "citing").via == by_cue(r, "says").id
                   and by_cue(r, "citing").content[0].text == "Haftar will not sign the deal") or _fail(r),
        lambda r: [a.cue.text for a in r.attributions] == ["says"] or _fail(r),
        also_disable=("citation_clauses",)),
    "outer_report": Case(
        gold("Haftar also demanded that the talks resume, the sources said.",
             {"source": "Haftar", "cue": "demanded", "content": ["the talks resume"]},
             {"source": "the sources", "cue": "said"}),
        _check_outer,
        lambda r: [a.cue.text for a in r.attributions] == ["demanded"] or _fail(r)),
    "citation_clauses": Case(
        gold("Citing two diplomats, Al Arabiya reported that the talks had failed.",
             {"source": "Al Arabiya", "cue": "Citing", "content": ["two diplomats"]},
             {"source": "Al Arabiya", "cue": "reported", "content": ["the talks had failed"]}),
        lambda r: ((by_cue(r, "Citing").source.text, by_cue(r, "Citing").via, by_cue(r, "Citing").content[0].text)
                   == ("two diplomats", by_cue(r, "reported").id, "the talks had failed")) or _fail(r),
        lambda r: by_cue(r, "Citing").source.text == "Al Arabiya" or _fail(r)),
    "nested_reports": Case(
        gold("According to Al Jazeera, a Qatari official said both sides agreed.",
             {"source": "Al Jazeera", "cue": "According to", "content": ["a Qatari official said both sides agreed"]},
             {"source": "a Qatari official", "cue": "said", "content": ["both sides agreed"]}),
        lambda r: (by_cue(r, "said").via == by_cue(r, "According to").id
                   and by_cue(r, "According to").content[0].text == "a Qatari official said both sides agreed")
        or _fail(r),
        lambda r: by_cue(r, "said").via is None or _fail(r)),
    "cited_back_references": Case(
        gold("The Verge, citing two employees, reported that the maker had stopped work on its headphones. "
             "They said 60 engineers were moved.",
             {"source": "The Verge", "cue": "reported", "content": ["the maker had stopped work on its headphones"]},
             {"source": "two employees", "cue": "citing"},
             {"source": "They", "cue": "said", "content": ["60 engineers were moved"]}),
        lambda r: by_cue(r, "said").via == by_cue(r, "reported").id or _fail(r),
        lambda r: by_cue(r, "said").via is None or _fail(r),
        # when the linker resolves "They" to the cited employees, inherit_via links it through them as well
        also_disable=("inherit_via",)),
    "shared_subject": Case(
        gold("The ministry confirmed the deal, adding that talks would go on.",
             {"source": "The ministry", "cue": "confirmed", "content": ["the deal"]},
             {"cue": "adding", "content": ["talks would go on"]}),
        lambda r: by_cue(r, "adding").source.text == "The ministry" or _fail(r),
        lambda r: by_cue(r, "adding").source is None or _fail(r)),
    "nested": Case(
        gold("The sources said Haftar demanded that the talks resume.",
             {"source": "The sources", "cue": "said", "content": ["Haftar demanded that the talks resume"]}),
        _check_nested,
        lambda r: [a.cue.text for a in r.attributions] == ["said"] or _fail(r)),
    "hedge_only": Case(
        gold("Besides, Haftar reportedly rejected any Turkish role in the talks."),
        lambda r: (len(r.attributions) == 1 and r.attributions[0].source is None
                   and r.attributions[0].certainty == "hedged") or _fail(r),
        lambda r: r.attributions == [] or _fail(r)),
    "recipients": Case(
        gold("The sources told Al Arabiya that the talks had failed.",
             {"source": "The sources", "cue": "told", "content": ["the talks had failed"]}),
        lambda r: by_cue(r, "told").recipient.text == "Al Arabiya" or _fail(r),
        lambda r: by_cue(r, "told").recipient is None or _fail(r)),
    "publisher": Case(
        gold("CAIRO, January 14. /TASS/. The talks failed on Monday."),
        lambda r: r.publisher.text == "TASS" or _fail(r),
        lambda r: r.publisher is None or _fail(r)),
    "source_kinds": Case(
        gold("Anonymous LNA sources said the talks had failed.",
             {"source": "Anonymous LNA sources", "cue": "said", "content": ["the talks had failed"]}),
        lambda r: (by_cue(r, "said").source.kind, by_cue(r, "said").source.anonymous) == ("anonymous", True) or _fail(r),
        lambda r: (by_cue(r, "said").source.kind, by_cue(r, "said").source.anonymous) == ("other", False) or _fail(r)),
    "coreference": Case(
        gold("Satellite internet provider Orbitnet restored service on Thursday.\n\n"
             "The outage was caused by a software failure, the company said.",
             {"source": "the company", "cue": "said", "content": ["The outage was caused by a software failure"]}),
        lambda r: by_cue(r, "said").source.resolves_to == "Orbitnet" or _fail(r),
        lambda r: by_cue(r, "said").source.resolves_to is None or _fail(r),
        # the entity layer finds the provider on its own too (a body's name after its noun), so the rules'
        # part shows with it off
        also_disable=("entities",)),
    "entities": Case(
        gold("Surrey Mayor Doug McCallum said the budget was balanced. McCallum also said taxes would not rise.",
             {"source": "Surrey Mayor Doug McCallum", "cue": ("said", 1), "content": ["the budget was balanced"]},
             {"source": ("McCallum", 2), "cue": ("said", 2), "content": ["taxes would not rise"]}),
        lambda r: ([a.source.resolves_to for a in r.attributions] == ["Doug McCallum", "Doug McCallum"]
                   and len({a.source.entity for a in r.attributions}) == 1
                   and [(s.name, s.titles) for s in r.sources] == [("Doug McCallum", ["Surrey Mayor"])]) or _fail(r),
        lambda r: ([a.source.resolves_to for a in r.attributions] == [None, None]
                   and len({a.source.entity for a in r.attributions}) == 2) or _fail(r)),
    "inherit_via": Case(
        gold("Haftar will not sign the deal, says Al Arabiya citing anonymous LNA sources. "
             "Anonymous LNA sources also said the deal was dead.",
             {"source": "Al Arabiya", "cue": "says", "content": ["Haftar will not sign the deal"]},
             {"source": "anonymous LNA sources", "cue": "citing"},
             {"source": "Anonymous LNA sources", "cue": "said", "content": ["the deal was dead"]}),
        _check_inherit,
        lambda r: by_cue(r, "said").via is None or _fail(r)),
    "hedges": Case(
        gold("The minister said the talks could fail.",
             {"source": "The minister", "cue": "said", "content": ["the talks could fail"]}),
        lambda r: ([h.text for h in by_cue(r, "said").hedges] == ["could"]
                   and [h.cls for h in r.sentences[0].hedges] == ["speculative"]) or _fail(r),
        lambda r: (by_cue(r, "said").hedges == [] and r.sentences[0].hedges == []) or _fail(r)),
    "quote_type": Case(
        gold('The minister said the talks were "a failure". He added: "We will try again."',
             {"source": "The minister", "cue": "said", "content": ['the talks were "a failure"']},
             {"source": "He", "cue": "added", "content": ["We will try again."]}),
        lambda r: (by_cue(r, "said").quote, by_cue(r, "added").quote) == ("mixed", "direct") or _fail(r),
        lambda r: (by_cue(r, "said").quote, by_cue(r, "added").quote) == ("indirect", "indirect") or _fail(r)),
    "certainty": Case(
        gold("The ministry denied the talks had failed. The army confirmed the deal. "
             "Rebels claimed a victory. The envoy said the talks may resume. The mayor said it rained.",
             {"source": "The ministry", "cue": "denied", "content": ["the talks had failed"]},
             {"source": "The army", "cue": "confirmed", "content": ["the deal"]},
             {"source": "Rebels", "cue": "claimed", "content": ["a victory"]},
             {"source": "The envoy", "cue": ("said", 1), "content": ["the talks may resume"]},
             {"source": "The mayor", "cue": ("said", 2), "content": ["it rained"]}),
        lambda r: [a.certainty for a in r.attributions] == ["denied", "confirmed", "claimed", "hedged", "stated"]
        or _fail(r),
        lambda r: {a.certainty for a in r.attributions} == {"stated"} or _fail(r)),
    "colon_content": Case(
        gold("Coach Marek Kowalski said after the defeat:\n\n- His team had conceded too many set pieces\n"
             "- Nobody would be dropped for the derby\n",
             {"source": "Coach Marek Kowalski", "cue": "said"}),
        lambda r: [c.text for c in by_cue(r, "said").content] == ["His team had conceded too many set pieces",
                                                                  "Nobody would be dropped for the derby"] or _fail(r),
        lambda r: r.attributions == [] or _fail(r)),
    "floating_quotes": Case(
        gold("Police commissioner Chinedu Okeke said officers had rescued 17 students.\n\n"
             "\u201cAll of them are alive. Two are in hospital.\u201d",
             {"source": "Police commissioner Chinedu Okeke", "cue": "said",
              "content": ["officers had rescued 17 students"]}),
        _check_floating,
        lambda r: [a.cue.text for a in r.attributions] == ["said"] or _fail(r)),
    "acts": Case(
        gold("A study found that bees were harmed. The court found that the firm lied. "
             "The minister believes the talks will fail. The firm plans to cut jobs. The agency declined to comment.",
             {"source": "A study", "cue": ("found", 1), "content": ["bees were harmed"]},
             {"source": "The court", "cue": ("found", 2), "content": ["the firm lied"]},
             {"source": "The minister", "cue": "believes", "content": ["the talks will fail"]},
             {"source": "The firm", "cue": "plans", "content": ["to cut jobs"]},
             {"source": "The agency", "cue": "declined", "content": ["to comment"]}),
        _check_acts,
        lambda r: {a.act for a in r.attributions} == {"speech"} or _fail(r)),
    "calibration": Case(
        gold("The minister said the talks had failed.",
             {"source": "The minister", "cue": "said", "content": ["the talks had failed"]}),
        lambda r: by_cue(r, "said").confidence == 0.25 or _fail(r),
        lambda r: by_cue(r, "said").confidence == 1.0 or _fail(r),
        {"calibrate": lambda raw, rule: raw / 4 if rule == "model" else raw}),
}


def _fail(report: Report) -> None:
    raise AssertionError([a.to_dict() for a in report.attributions])


def test_every_step_has_a_case():
    optional = [n for n in DEFAULT_STEPS if not STEPS[n].required]
    assert sorted(optional) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_step_does_its_job_and_only_it(name):
    case = CASES[name]
    case.with_step(assemble(case.doc, **case.kwargs))
    case.without_step(assemble(case.doc, disable=(name, *case.also_disable), **case.kwargs))


def test_trace_records_the_steps_that_changed_each_draft():
    doc = _seed_chain()
    state = Assembler(trace=True).run(doc.doc_id, doc.text, oracle_tagged(doc))
    citing = next(d for d in state.drafts if d.cue.text == "citing")
    assert citing.steps[0] == "group" and "citing" in citing.steps and "source_kinds" in citing.steps
    assert "headline" not in citing.steps


def test_unknown_and_required_steps_cannot_be_disabled():
    with pytest.raises(ValueError, match="unknown assembly step"):
        Assembler(disable=["no_such_step"])
    with pytest.raises(ValueError, match="cannot be disabled"):
        Assembler(disable=["group"])


def test_no_span_is_shared_between_attributions_or_with_the_drafts():
    doc = _seed_chain()
    assembler = Assembler()
    state = assembler.run(doc.doc_id, doc.text, oracle_tagged(doc))
    draft_spans = {id(s) for d in state.drafts for s in [d.cue, d.source, *d.content] if s is not None}
    report_spans = [id(s) for a in state.attributions for s in [a.cue, a.source, *a.content] if s is not None]
    assert len(report_spans) == len(set(report_spans))
    assert not draft_spans & set(report_spans)
