"""Nested reports (issue 16): the exact attributions the nesting step adds, and where it adds none.

The first pass sees only the outer attribution, as the PolNeAR-trained tagger does; the retagger is the
oracle over the full gold, as the tagger is on the outer content read as a text of its own.
"""
from __future__ import annotations

from attribution.assemble.build import Assembler, build_report
from attribution.tag.oracle import oracle_retag, oracle_tagged
from gold_spans import by_cue, gold


def _drafts(text: str, first: list[dict], full: list[dict] | None):
    """The assembled drafts (which keep ``rule``) as (source, cue, contents, via cue, rule) tuples."""
    retag = oracle_retag(gold(text, *full)) if full is not None else None
    state = Assembler().run("t", text, oracle_tagged(gold(text, *first)), retag=retag)
    for d in state.drafts:
        for s in (d.source, d.cue, *d.content):
            if s is not None:
                assert text[s.start:s.end] == s.text
    return sorted(((d.source.text if d.source else None, d.cue.text, [c.text for c in d.content],
                    d.via.cue.text if d.via else None, d.rule) for d in state.drafts), key=lambda t: t[1])


OUTLET = "Bloomberg reported that the finance minister said the budget would be cut."


def test_retagged_inner_report_is_its_own_attribution_via_the_outer_one_with_rule_nested():
    outer = {"source": "Bloomberg", "cue": "reported", "content": ["the finance minister said the budget would be cut"]}
    inner = {"source": "the finance minister", "cue": "said", "content": ["the budget would be cut"]}
    assert _drafts(OUTLET, [outer], [outer, inner]) == [
        ("Bloomberg", "reported", ["the finance minister said the budget would be cut"], None, "model"),
        ("the finance minister", "said", ["the budget would be cut"], "reported", "nested"),
    ]


def test_without_a_retagger_or_a_cue_word_nothing_is_nested():
    outer = {"source": "Bloomberg", "cue": "reported", "content": ["the finance minister said the budget would be cut"]}
    inner = {"source": "the finance minister", "cue": "said", "content": ["the budget would be cut"]}
    only_outer = [("Bloomberg", "reported", ["the finance minister said the budget would be cut"], None, "model")]
    assert _drafts(OUTLET, [outer], None) == only_outer
    text = "Bloomberg reported that the budget of the finance minister would be cut."
    outer2 = {"source": "Bloomberg", "cue": "reported", "content": ["the budget of the finance minister would be cut"]}
    asked: list = []

    def retag(stretches):
        asked.append(stretches)
        return oracle_retag(gold(text, outer2))(stretches)
    Assembler().run("t", text, oracle_tagged(gold(text, outer2)), retag=retag)
    assert asked == []  # no cue word in the reported span: the tagger is not asked


def test_the_retagger_is_asked_for_exactly_the_reported_span():
    outer = {"source": "Bloomberg", "cue": "reported", "content": ["the finance minister said the budget would be cut"]}
    asked: list = []

    def retag(stretches):
        asked.extend(stretches)
        return oracle_retag(gold(OUTLET, outer))(stretches)
    Assembler().run("t", OUTLET, oracle_tagged(gold(OUTLET, outer)), retag=retag)
    assert [OUTLET[a:b] for a, b in asked] == ["the finance minister said the budget would be cut"]


def test_partial_first_pass_attribution_gives_way_to_the_inner_one_that_redoes_it():
    """The first pass tagged the inner cue without a source; the inner reading redoes it whole."""
    outer = {"source": "Bloomberg", "cue": "reported", "content": ["the finance minister said the budget would be cut"]}
    partial = {"cue": "said"}
    inner = {"source": "the finance minister", "cue": "said", "content": ["the budget would be cut"]}
    got = _drafts(OUTLET, [outer, partial], [outer, inner])
    assert got == [
        ("Bloomberg", "reported", ["the finance minister said the budget would be cut"], None, "model"),
        ("the finance minister", "said", ["the budget would be cut"], "reported", "nested"),
    ]


def test_according_to_with_no_content_reports_the_rest_of_its_sentence():
    """The tagger gave the whole clause to the inner cue: the outer 'According to' reports the rest."""
    text = "According to Reuters, finance chief Anna Berg told investors that margins would improve. Shares rose."
    outer = {"source": "Reuters", "cue": "According to"}
    inner = {"source": "finance chief Anna Berg", "cue": "told", "content": ["margins would improve"]}
    assert _drafts(text, [outer, inner], None) == [
        ("Reuters", "According to", ["finance chief Anna Berg told investors that margins would improve"], None,
         "model"),
        ("finance chief Anna Berg", "told", ["margins would improve"], "According to", "model"),
    ]


def test_according_to_with_a_span_of_ten_characters_or_fewer_reports_nothing():
    text = "According to AP, Bo said so. Then it rained."
    outer = {"source": "AP", "cue": "According to"}
    inner = {"source": "Bo", "cue": "said", "content": ["so"]}
    assert _drafts(text, [outer, inner], None) == [("Bo", "said", ["so"], None, "model")]
    text = "According to AP, Bob said so. Then it rained."  # eleven characters: reported
    outer = {"source": "AP", "cue": "According to"}
    inner = {"source": "Bob", "cue": "said", "content": ["so"]}
    assert _drafts(text, [outer, inner], None) == [
        ("AP", "According to", ["Bob said so"], None, "model"),
        ("Bob", "said", ["so"], "According to", "model"),
    ]


def test_a_cue_other_than_according_to_with_no_content_reports_nothing():
    text = "Reuters reported, finance chief Anna Berg told investors that margins would improve."
    outer = {"source": "Reuters", "cue": "reported"}
    inner = {"source": "finance chief Anna Berg", "cue": "told", "content": ["margins would improve"]}
    assert _drafts(text, [outer, inner], None) == [
        ("finance chief Anna Berg", "told", ["margins would improve"], None, "model")]


def test_quotation_opening_the_span_belongs_to_the_outer_content():
    text = '"There is no second shooter," Sheriff Dale Morgan told reporters, the AP reported.'
    outer = {"source": "the AP", "cue": "reported", "content": ["There is no second shooter,"]}
    inner = {"source": "Sheriff Dale Morgan", "cue": "told", "content": ["There is no second shooter,"]}
    got = _drafts(text, [outer], [outer, inner])
    assert got[0][:2] == ("the AP", "reported")
    assert got[0][2] == ['"There is no second shooter," Sheriff Dale Morgan told reporters']
    assert got[1][1:] == ("told", ["There is no second shooter"], "reported", "nested")
