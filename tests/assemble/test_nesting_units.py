"""Nested reports (issue 16): the exact attributions the nesting step adds, and where it adds none.

The first pass sees only the outer attribution, as the PolNeAR-trained tagger does; the retagger is the
oracle over the full gold, as the tagger is on the outer content read as a text of its own.
"""
from __future__ import annotations

import pytest

from attribution.assemble.build import DEFAULT_STEPS, Assembler
from attribution.assemble.steps.nesting import FRAGMENT_GAP, INNER_MIN, INNER_MIN_OUTLET, reported_span
from attribution.tag.oracle import oracle_retag, oracle_tagged
from gold_spans import gold, scaled_retag


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
    text = "Bloomberg reported that the budget of the finance minister would be cut. Aides said so."
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


def test_inner_cue_tagged_alone_in_the_first_pass_ends_up_in_one_nested_attribution():
    """The first pass tags the inner cue alone (no source, no content; the first pass folds it into the outer
    content, so no partial draft is left); the inner reading yields it once, whole."""
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


def _one_level_per_reading(text: str, *levels: list[dict]):
    """A retagger that finds one more level on each call, as a tagger trained on one attribution per token
    does: the first reading sees ``levels[0]``, the next ``levels[1]`` ..."""
    calls = iter(levels)

    def retag(stretches):
        return oracle_retag(gold(text, *next(calls)))(stretches)
    return retag


def test_second_level_found_by_reading_the_inner_report_again():
    text = "Bloomberg said the news agency Yonhap reported that officials said the budget would be cut."
    outer = {"source": "Bloomberg", "cue": "said",
             "content": ["the news agency Yonhap reported that officials said the budget would be cut"]}
    yonhap = {"source": "the news agency Yonhap", "cue": "reported",
              "content": ["officials said the budget would be cut"]}
    officials = {"source": "officials", "cue": ("said", 2), "content": ["the budget would be cut"]}
    state = Assembler().run("t", text, oracle_tagged(gold(text, outer)),
                            retag=_one_level_per_reading(text, [yonhap], [officials], []))
    got = [(d.source.text, d.cue.start, [c.text for c in d.content], d.via.source.text if d.via else None, d.rule)
           for d in sorted(state.drafts, key=lambda d: d.cue.start)]
    assert got == [
        ("Bloomberg", text.index("said"), ["the news agency Yonhap reported that officials said the budget would be cut"], None,
         "model"),
        ("the news agency Yonhap", text.index("reported"), ["officials said the budget would be cut"], "Bloomberg", "nested"),
        ("officials", text.rindex("said"), ["the budget would be cut"], "the news agency Yonhap", "nested"),
    ]


def test_a_document_relays_but_a_person_does_not():
    """Only attributions that pass on others' words are read again: an outlet's, a document's, or a
    reporting cue's, never a politician's own claim."""
    for source, nested in (("The audit", True), ("The minister", False)):
        text = f"{source} says that the police chief told staff the budget would be cut."
        outer = {"source": source, "cue": "says",
                 "content": ["the police chief told staff the budget would be cut"]}
        inner = {"source": "the police chief", "cue": "told", "content": ["the budget would be cut"]}
        got = _drafts(text, [outer], [outer, inner])
        assert [g[1] for g in got] == (["says", "told"] if nested else ["says"]), source
        if nested:
            assert got[1] == ("the police chief", "told", ["the budget would be cut"], "says", "nested")


def test_an_attribution_with_no_reported_span_does_not_stop_the_reading_of_the_next():
    text = "Officials declined to comment. Bloomberg reported that the finance minister said the budget would be cut."
    silent = {"source": "Officials", "cue": "declined to comment"}
    outer = {"source": "Bloomberg", "cue": "reported", "content": ["the finance minister said the budget would be cut"]}
    inner = {"source": "the finance minister", "cue": "said", "content": ["the budget would be cut"]}
    got = _drafts(text, [silent, outer], [outer, inner])
    assert ("the finance minister", "said", ["the budget would be cut"], "reported", "nested") in got


def test_two_reports_in_a_row_one_linked_from_the_first_pass_one_retagged():
    text = "According to Reuters, Ann Lee said prices rose sharply. Bloomberg reported that Bob Kim said rents fell."
    reuters = {"source": "Reuters", "cue": "According to"}
    ann = {"source": "Ann Lee", "cue": ("said", 1), "content": ["prices rose sharply"]}
    bloomberg = {"source": "Bloomberg", "cue": "reported", "content": ["Bob Kim said rents fell"]}
    bob = {"source": "Bob Kim", "cue": ("said", 2), "content": ["rents fell"]}
    state = Assembler().run("t", text, oracle_tagged(gold(text, reuters, ann, bloomberg)),
                            retag=oracle_retag(gold(text, reuters, ann, bloomberg, bob)))
    got = sorted((d.source.text, d.via.source.text if d.via else None, d.rule) for d in state.drafts)
    assert got == [("Ann Lee", "Reuters", "model"), ("Bloomberg", None, "model"),
                   ("Bob Kim", "Bloomberg", "nested"), ("Reuters", None, "model")]


def test_inner_score_threshold_is_inclusive():
    """An inner attribution scoring exactly the floor is kept; just below it is dropped."""
    for source, floor in (("the finance ministry", INNER_MIN), ("Bloomberg", INNER_MIN_OUTLET)):
        text = f"According to {source}, the sovereign wealth fund intends to sell its stakes."
        outer = {"source": source, "cue": "According to",
                 "content": ["the sovereign wealth fund intends to sell its stakes"]}
        inner = {"source": "the sovereign wealth fund", "cue": "intends", "content": ["to sell its stakes"]}
        for score, kept in ((floor, True), (floor - 0.0001, False)):
            state = Assembler().run("t", text, oracle_tagged(gold(text, outer)),
                                    retag=scaled_retag(oracle_retag(gold(text, outer, inner)), score))
            assert [d.cue.text for d in state.drafts] == (["According to", "intends"] if kept else ["According to"]), \
                (source, score)


def test_outer_span_stops_before_a_dash_that_runs_into_the_outer_source():
    """'"X"—Sheriff told reporters—the AP reported': the reported span ends at the last letter before the dash."""
    for text, whole in (
            ('"No second shooter"—Sheriff Dale Morgan told reporters—the AP reported.',
             '"No second shooter"—Sheriff Dale Morgan told reporters'),
            ('"No second shooter," Sheriff Dale Morgan told reporters—the AP reported.',
             '"No second shooter," Sheriff Dale Morgan told reporters')):
        outer = {"source": "the AP", "cue": "reported", "content": ["No second shooter"]}
        inner = {"source": "Sheriff Dale Morgan", "cue": "told", "content": ["No second shooter"]}
        assert _drafts(text, [outer], [outer, inner]) == [
            ("the AP", "reported", [whole], None, "model"),
            ("Sheriff Dale Morgan", "told", ["No second shooter"], "reported", "nested")]


# -- the reported span on its own, over the first pass's drafts ---------------------------------------------------

_FIRST_PASS = Assembler(names=DEFAULT_STEPS[:DEFAULT_STEPS.index("nested_reports")])
_GAP = "x" * (FRAGMENT_GAP - 2)  # with a space either side: a gap of exactly FRAGMENT_GAP characters


@pytest.mark.parametrize("text,attribution,span", [
    # "<claim>, Yonhap reported": all before the outer source, when a comma sets it off, cue word or not
    ("Prices will rise, analysts said, Yonhap reported.", "Prices will rise", "Prices will rise, analysts said"),
    ("Prices will rise, for now, Yonhap reported.", "Prices will rise", "Prices will rise, for now"),
    # no comma: only words holding a cue word join, and the dash before the source is left out
    ("Prices will rise—analysts said—Yonhap reported.", "Prices will rise", "Prices will rise—analysts said"),
    ("Prices will rise (for now) Yonhap reported.", "Prices will rise", "Prices will rise"),
    ("Prices will rise and analysts said so, Yonhap reported.", "Prices will rise",
     "Prices will rise and analysts said so"),
    # leftwards to the start of the sentence, or of its body after a dateline, and past a leading "that"
    ("The army said it shot down a drone, Yonhap reported.", "it shot down a drone",
     "The army said it shot down a drone"),
    ("SEOUL, June 2 (Yonhap) -- The army said it shot down a drone, Yonhap reported.", "it shot down a drone",
     "The army said it shot down a drone"),
    ("Yonhap reported, that the army said it shot down a drone.", "it shot down a drone",
     "the army said it shot down a drone"),
])
def test_reported_span_of_an_outlet_report(text, attribution, span):
    tagged = oracle_tagged(gold(text, {"source": ("Yonhap", text.count("Yonhap")), "cue": "reported",
                                       "content": [attribution]}))
    state = _FIRST_PASS.run("t", text, tagged)
    (outer,) = [d for d in state.drafts if d.cue.text == "reported"]
    lo, hi = reported_span(state, outer)
    assert text[lo:hi] == span


@pytest.mark.parametrize("between,joined", [
    (" and ", True),
    (f" {_GAP} ", True),          # FRAGMENT_GAP characters apart: still one report
    (f" {_GAP}x ", False),        # one more: two
    ("\nand ", False),            # a line break parts them
])
def test_content_fragments_join_into_one_reported_span(between, joined):
    text = f"Bloomberg reported the talks failed{between}the deal is dead."
    tagged = oracle_tagged(gold(text, {"source": "Bloomberg", "cue": "reported",
                                       "content": ["the talks failed", "the deal is dead"]}))
    state = _FIRST_PASS.run("t", text, tagged)
    (outer,) = state.drafts
    lo, hi = reported_span(state, outer)
    assert text[lo:hi] == (f"the talks failed{between}the deal is dead" if joined else "the talks failed")


def test_reported_span_stops_at_the_outer_cue_between_fragments_and_is_none_without_content_or_cue():
    text = "The talks failed, Bloomberg reported, and the deal is dead."
    state = _FIRST_PASS.run("t", text, oracle_tagged(gold(text, {"source": "Bloomberg", "cue": "reported",
                                                                 "content": ["The talks failed", "the deal is dead"]})))
    (outer,) = state.drafts
    lo, hi = reported_span(state, outer)
    assert text[lo:hi] == "The talks failed"
    text = "Bloomberg reported. Prices rose."
    state = _FIRST_PASS.run("t", text, oracle_tagged(gold(text, {"source": "Bloomberg", "cue": "reported"})))
    assert [reported_span(state, d) for d in state.drafts] == [None]


@pytest.mark.parametrize("text,outer,span", [
    ("According to Reuters, finance chief Anna Berg told investors that margins would improve!  Shares rose.",
     {"source": "Reuters", "cue": "According to"}, "finance chief Anna Berg told investors that margins would improve"),
    ("According to AP, that Bob said so. It rained.", {"source": "AP", "cue": "According to"}, "Bob said so"),
    ("According to AP, Bo said so. It rained.", {"source": "AP", "cue": "According to"}, None),  # ten characters
    ("As reported by Reuters, finance chief Anna Berg told investors that margins would improve.",
     {"source": "Reuters", "cue": "reported"}, None),  # only "according to" reaches past its source
])
def test_reported_span_of_a_contentless_according_to(text, outer, span):
    inner = {"source": ("Bob" if "Bob" in text else "Bo" if "Bo " in text else "finance chief Anna Berg"),
             "cue": ("told" if "told" in text else "said"),
             "content": ["so" if "so." in text else "margins would improve"]}
    state = _FIRST_PASS.run("t", text, oracle_tagged(gold(text, outer, inner)))
    (d,) = [d for d in state.drafts if d.cue.text == outer["cue"]]
    assert not d.content
    got = reported_span(state, d)
    assert (text[got[0]:got[1]] if got else None) == span


def test_a_partial_draft_outside_the_inner_reading_stays():
    """A cue without a source elsewhere in the document is left alone by the nested reading."""
    text = "Bloomberg reported that the finance minister said the budget would be cut. Taxes will rise, it was said."
    outer = {"source": "Bloomberg", "cue": "reported", "content": ["the finance minister said the budget would be cut"]}
    redone = {"cue": ("said", 1)}
    elsewhere = {"cue": ("said", 2), "content": ["Taxes will rise"]}
    inner = {"source": "the finance minister", "cue": ("said", 1), "content": ["the budget would be cut"]}
    upto_nesting = Assembler(names=DEFAULT_STEPS[:DEFAULT_STEPS.index("nested_reports") + 1])
    state = upto_nesting.run("t", text, oracle_tagged(gold(text, outer, redone, elsewhere)),
                             retag=oracle_retag(gold(text, outer, inner)))
    got = sorted((d.cue.start, d.source.text if d.source else None, [c.text for c in d.content], d.rule)
                 for d in state.drafts)
    assert got == [
        (text.index("reported"), "Bloomberg", ["the finance minister said the budget would be cut"], "model"),
        (text.index("said"), "the finance minister", ["the budget would be cut"], "nested"),
        (text.rindex("said"), None, ["Taxes will rise"], "model"),
    ]


def test_a_quotation_inside_the_span_does_not_pull_in_the_character_before_it():
    """Only an opening quotation mark right before the span joins it, not a dash (though the span holds quotes)."""
    text = 'Bloomberg reported—the minister said "no cuts" would be made.'
    outer = {"source": "Bloomberg", "cue": "reported", "content": ['the minister said "no cuts" would be made']}
    inner = {"source": "the minister", "cue": "said", "content": ['"no cuts" would be made']}
    assert _drafts(text, [outer], [outer, inner]) == [
        ("Bloomberg", "reported", ['the minister said "no cuts" would be made'], None, "model"),
        ("the minister", "said", ['"no cuts" would be made'], "reported", "nested")]


def test_first_pass_inner_attribution_whose_cue_touches_either_end_of_the_span_is_linked():
    for text, inner in (
            ("According to Reuters, prices will rise sharply, Ann Lee said.",
             {"source": "Ann Lee", "cue": "said", "content": ["prices will rise sharply"]}),
            ("According to Reuters, said Ann Lee, prices will rise sharply.",
             {"source": "Ann Lee", "cue": "said", "content": ["prices will rise sharply"]})):
        outer = {"source": "Reuters", "cue": "According to"}
        whole = text[len("According to Reuters, "):-1]
        assert _drafts(text, [outer, inner], None) == [
            ("Reuters", "According to", [whole], None, "model"),
            ("Ann Lee", "said", ["prices will rise sharply"], "According to", "model")], text
