"""The assembler's frame: the step registry, the one state the steps share, and what ``build_report`` hands back."""
from __future__ import annotations

import pytest

from gold_spans import gold

from attribution.assemble import step as step_module
from attribution.assemble.build import Assembler, build_report
from attribution.assemble.state import Assembly, Draft
from attribution.assemble.step import STEPS, Step, step
from attribution.schema import Hedge, Sentence, SourceSpan, Span
from attribution.tag.oracle import oracle_tagged


def _doc():
    text = "Haftar will not sign the deal, says Al Arabiya citing anonymous LNA sources."
    return gold(text, {"source": "Al Arabiya", "cue": "says", "content": ["Haftar will not sign the deal"]},
                {"source": "anonymous LNA sources", "cue": "citing"})


# -- the registry -----------------------------------------------------------------------------------------

def test_a_registered_step_is_found_by_name_and_runs_its_function(monkeypatch):
    monkeypatch.setattr(step_module, "STEPS", {})
    seen: list[str] = []

    def mark(state) -> None:
        seen.append(state)

    returned = step("mark")(mark)
    assert returned is mark  # the function itself stays callable as before
    registered = step_module.STEPS["mark"]
    assert (registered.name, registered.run, registered.required) == ("mark", mark, False)
    registered("a state")
    assert seen == ["a state"]
    step("glue", required=True)(mark)
    assert step_module.STEPS["glue"].required is True


def test_a_step_name_cannot_be_registered_twice(monkeypatch):
    monkeypatch.setattr(step_module, "STEPS", {})
    step("once")(lambda state: None)
    with pytest.raises(ValueError, match=r"^assembly step 'once' registered twice$"):
        step("once")(lambda state: None)


def test_the_default_steps_are_registered_and_group_is_required():
    assert STEPS["group"].required and not STEPS["headline"].required
    assert isinstance(STEPS["headline"], Step) and STEPS["headline"].name == "headline"


# -- the assembler ------------------------------------------------------------------------------------------

def test_unknown_steps_are_named_with_the_list_of_known_ones():
    with pytest.raises(ValueError) as error:
        Assembler(disable=["nope", "zilch"], names=("group", "headline"))
    assert str(error.value) == "unknown assembly step(s): nope, zilch; the steps are: group, headline"


def test_required_steps_are_named_when_refused():
    with pytest.raises(ValueError) as error:
        Assembler(disable=["group", "attributions", "headline"])
    assert str(error.value) == "assembly step(s) attributions, group cannot be disabled: later steps need them"


def test_only_the_named_steps_run_in_their_order():
    assembler = Assembler(disable=["headline"], names=("group", "headline", "publisher"))
    assert [s.name for s in assembler.steps] == ["group", "publisher"]
    assert assembler.trace is False


def test_without_trace_no_draft_records_steps():
    doc = _doc()
    state = Assembler().run(doc.doc_id, doc.text, oracle_tagged(doc))
    assert state.drafts and all(d.steps == [] for d in state.drafts)


def test_build_report_passes_the_document_through():
    doc = _doc()
    report = build_report("doc-7", doc.text, oracle_tagged(doc), path="news/doc-7.txt")
    assert (report.doc_id, report.path, report.text) == ("doc-7", "news/doc-7.txt", doc.text)
    assert [s.text for s in report.sentences] == [doc.text]
    assert {a.cue.text for a in report.attributions} == {"says", "citing"}
    assert {s.name for s in report.sources} >= {"Al Arabiya", "anonymous LNA sources"}


def test_the_state_carries_the_document():
    doc = _doc()
    retag = lambda stretches: []  # noqa: E731
    state = Assembler().run("doc-7", doc.text, oracle_tagged(doc), path="news/doc-7.txt", retag=retag)
    assert (state.doc_id, state.path, state.text, state.retag) == ("doc-7", "news/doc-7.txt", doc.text, retag)


def test_build_report_leaves_out_the_disabled_steps():
    text = "A 10% rise was reportedly planned, said Reuters."
    doc = gold(text, {"source": "Reuters", "cue": "said", "content": ["A 10% rise was reportedly planned"]})
    with_hedges = build_report("t", text, oracle_tagged(doc))
    without = build_report("t", text, oracle_tagged(doc), disable=("hedges",))
    assert [h.text for a in with_hedges.attributions for h in a.hedges] == ["reportedly"]
    assert [h.text for a in without.attributions for h in a.hedges] == []


# -- the state ----------------------------------------------------------------------------------------------

def test_a_draft_is_anchored_on_its_cue_else_its_first_content():
    cue = Span(20, 24, "said")
    content = [Span(3, 9, "rained"), Span(30, 35, "again")]
    assert Draft(cue=cue, source=None, content=content, score=1.0).anchor() == 20
    assert Draft(cue=None, source=None, content=content, score=1.0).anchor() == 3


@pytest.mark.parametrize("change", [
    lambda d: setattr(d, "cue", Span(20, 23, "sai")),
    lambda d: setattr(d, "source", SourceSpan(0, 5, "Alice", "person")),
    lambda d: d.content.append(Span(40, 45, "again")),
    lambda d: setattr(d.content[0], "end", 8),
    lambda d: setattr(d, "score", 0.5),
    lambda d: setattr(d, "via", Draft(cue=None, source=None, content=[Span(0, 1, "x")], score=1.0)),
    lambda d: setattr(d, "recipient", Span(50, 55, "Bobby")),
    lambda d: setattr(d.recipient, "text", "Bobby"),
    lambda d: d.hedges.append(Hedge(3, 9, "rained", "speculative")),
    lambda d: setattr(d.hedges[0], "cls", "belief"),
    lambda d: setattr(d, "implicit", True),
    lambda d: setattr(d, "rule", "headline"),
    lambda d: setattr(d, "quote", "direct"),
    lambda d: setattr(d, "certainty", "confirmed"),
    lambda d: setattr(d, "confidence", 0.9),
    lambda d: setattr(d, "entity", object()),
    lambda d: setattr(d, "act", "thought"),
    lambda d: setattr(d, "floating", True),
])
def test_the_fingerprint_sees_every_change_a_step_can_make(change):
    draft = Draft(cue=Span(20, 24, "said"), source=SourceSpan(0, 5, "Alice"), content=[Span(3, 9, "rained")],
                  score=1.0, recipient=Span(50, 55, "Bob  "), hedges=[Hedge(10, 12, "may", "speculative")])
    before = draft.fingerprint()
    assert draft.fingerprint() == before
    change(draft)
    assert draft.fingerprint() != before


def test_sentence_of_a_position():
    text = "One. Two two. Three."
    sentences = [Sentence(0, 0, 4, "One."), Sentence(1, 5, 13, "Two two."), Sentence(2, 14, 20, "Three.")]
    state = Assembly("t", text, None, sentences)
    assert state.sentence_starts == [0, 5, 14]
    assert [state.sentence_of(p) for p in (0, 3, 4, 5, 13, 14, 19)] == [0, 0, 0, 1, 1, 2, 2]
    late = Assembly("t", text, None, [Sentence(0, 5, 13, "Two two.")])
    assert late.sentence_of(2) == -1  # before the first sentence
