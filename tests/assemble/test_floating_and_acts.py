"""Floating quotations, content after "said:", and the act of each attribution, rule by rule.

The tagger is replaced by gold spans (the oracle), so each test checks the assembly alone.
"""
from __future__ import annotations

from gold_spans import assemble, by_cue, gold

from attribution.schema import report_from_dict
from attribution.validate import contract_errors

KIPRONO_ACHIENG = (
    "Senator Samuel Kiprono said the tax bill would punish the poor.\n\n"
    "\u201cBread, fuel and mobile money, all taxed again.\u201d\n\n"
    "Senator Mary Achieng said the bill closed loopholes used by large companies.\n\n"
    "\u201cMost of the new revenue comes from firms, not families.\u201d\n\n"
    "\u201cFamilies pay in the end, they always do.\u201d"
)


def _kiprono_achieng():
    return gold(KIPRONO_ACHIENG,
                {"source": "Senator Samuel Kiprono", "cue": ("said", 1), "content": ["the tax bill would punish the poor"]},
                {"source": "Senator Mary Achieng", "cue": ("said", 2),
                 "content": ["the bill closed loopholes used by large companies"]})


def floating(report):
    return [a for a in report.attributions if a.floating]


def test_each_standalone_quotation_goes_to_the_speaker_named_last_before_it():
    r = assemble(_kiprono_achieng())
    assert [(a.source.text, a.content[0].text[:20]) for a in floating(r)] == [
        ("Senator Samuel Kiprono", "Bread, fuel and mobi"),
        ("Senator Mary Achieng", "Most of the new reve"),
        ("Senator Mary Achieng", "Families pay in the "),
    ]
    assert [a.id for a in r.attributions] == [f"a{i}" for i in range(1, 6)]  # ids in text order
    assert [a.cue is None for a in r.attributions] == [False, True, False, True, True]


def test_two_people_quoted_in_turn_lower_the_confidence_not_silence():
    r = assemble(_kiprono_achieng())
    first, second, third = floating(r)
    assert third.confidence < min(first.confidence, second.confidence)
    assert third.confidence < 0.7


def test_floating_source_is_an_entity_mention_and_the_report_is_contract_valid():
    r = assemble(_kiprono_achieng())
    d = r.to_dict()
    assert contract_errors(d, r.text) == []
    achieng = next(s for s in r.sources if s.name == "Senator Mary Achieng" or s.name == "Mary Achieng")
    assert [a.source.entity for a in floating(r)][1:] == [achieng.id, achieng.id]
    again = report_from_dict(d)
    assert [(a.act, a.floating) for a in again.attributions] == [(a.act, a.floating) for a in r.attributions]
    assert all("floating" not in a for a in d["attributions"] if a["cue"] is not None)


def test_a_quotation_after_a_saying_verb_the_tagger_missed_is_left_alone():
    text = ("The company's statement said the plant would close.\n\n"
            "Chief executive Markus Klein said the cuts were painful but necessary.\n\n"
            "\u201cOur costs are a third higher than our competitors'.\u201d")
    r = assemble(gold(text, {"source": "The company's statement", "cue": "said",
                             "content": ["the plant would close"]}))
    assert floating(r) == []


def test_a_quotation_with_words_after_it_or_far_from_its_speaker_does_not_float():
    tail = ("The mayor said the budget was balanced.\n\n"
            "\u201cWe will not raise taxes,\u201d the mayor added at the meeting.")
    assert floating(assemble(gold(tail, {"source": "The mayor", "cue": "said",
                                         "content": ["the budget was balanced"]}))) == []
    far = ("The mayor said the budget was balanced. " + "The city has 40,000 people. " * 7
           + "\n\n\u201cWe will not raise taxes.\u201d")
    assert floating(assemble(gold(far, {"source": "The mayor", "cue": "said",
                                        "content": ["the budget was balanced"]}))) == []


def test_a_quotation_after_an_indirect_report_is_split_off_as_floating():
    text = ("Jonas Kessler said his lawyers' bills had tripled since the law passed. "
            "\u201cI hired two compliance officers before I hired my third engineer.\u201d")
    r = assemble(gold(text, {"source": "Jonas Kessler", "cue": "said",
                             "content": ["his lawyers' bills had tripled since the law passed",
                                         "I hired two compliance officers before I hired my third engineer."]}))
    said = by_cue(r, "said")
    assert [c.text for c in said.content] == ["his lawyers' bills had tripled since the law passed"]
    assert [a.content[0].text for a in floating(r)] == ["I hired two compliance officers before I hired my third engineer."]


def test_a_quotation_that_goes_on_after_she_said_stays_one_attribution():
    text = ("\u201cLast winter RSV put more people in hospital than flu did,\u201d Singh said. "
            "\u201cThis vaccine is safe, and it is free.\u201d")
    r = assemble(gold(text, {"source": "Singh", "cue": "said",
                             "content": ["Last winter RSV put more people in hospital than flu did",
                                         "This vaccine is safe, and it is free."]}))
    assert floating(r) == [] and len(by_cue(r, "said").content) == 2
    text = "Prices will rise next year, the minister said. \u201cWe must act now.\u201d"
    r = assemble(gold(text, {"source": "the minister", "cue": "said",
                             "content": ["Prices will rise next year", "We must act now."]}))
    assert floating(r) == [] and len(by_cue(r, "said").content) == 2


def test_said_colon_takes_the_quoted_paragraph_below_and_the_cue_loses_its_colon():
    text = "Party leader Owen Hughes said:\n\n\u201cWe have waited long enough.\u201d"
    r = assemble(gold(text, {"source": "Party leader Owen Hughes", "cue": "said:"}))
    (a,) = r.attributions
    assert (a.cue.text, [c.text for c in a.content], a.floating, a.quote) == (
        "said", ["We have waited long enough."], False, "direct")


def test_colon_with_words_after_it_on_the_line_is_the_taggers_to_read():
    text = "The minister said: talks will resume.\n\n- First point here today\n"
    r = assemble(gold(text, {"source": "The minister", "cue": "said", "content": ["talks will resume"]}))
    assert [c.text for c in by_cue(r, "said").content] == ["talks will resume"]


def _act(text: str, *atts: dict) -> list[str]:
    return [a.act for a in assemble(gold(text, *atts)).attributions]


def test_according_to_is_evidence_for_records_and_speech_for_people():
    assert _act("According to a survey of 5,000 pupils, a third feel anxious.",
                {"source": "a survey of 5,000 pupils", "cue": "According to", "content": ["a third feel anxious"]}) == ["evidence"]
    assert _act("According to a senior official, talks will resume.",
                {"source": "a senior official", "cue": "According to", "content": ["talks will resume"]}) == ["speech"]
    assert _act("According to the Office for Housing Statistics, builders completed 212,000 homes.",
                {"source": "the Office for Housing Statistics", "cue": "According to",
                 "content": ["builders completed 212,000 homes"]}) == ["evidence"]


def test_found_is_evidence_for_a_study_and_the_pronoun_that_refers_to_it_and_speech_for_a_judge():
    text = ("A study published on Monday found that bees were harmed. It also found that colonies shrank. "
            "The judge found that the firm lied.")
    acts = _act(text, {"source": "A study published on Monday", "cue": ("found", 1), "content": ["bees were harmed"]},
                {"source": "It", "cue": ("found", 2), "content": ["colonies shrank"]},
                {"source": "The judge", "cue": ("found", 3), "content": ["the firm lied"]})
    assert acts == ["evidence", "evidence", "speech"]


def test_hedge_only_claims_are_thought_for_belief_hedges_and_speech_for_reportedly():
    r = assemble(gold("The boat is thought to have carried up to 12 people. Haftar reportedly rejected the plan."))
    assert [(a.cue, a.act) for a in r.attributions] == [(None, "thought"), (None, "speech")]


def test_verbs_that_report_no_claim_are_other_and_unsure():
    text = "The senator spoke about legislative plans. The senator said taxes would rise."
    r = assemble(gold(text, {"source": ("The senator", 1), "cue": "spoke", "content": ["legislative plans"]},
                      {"source": ("The senator", 2), "cue": "said", "content": ["taxes would rise"]}))
    spoke, said = by_cue(r, "spoke"), by_cue(r, "said")
    assert (spoke.act, said.act) == ("other", "speech")
    assert spoke.confidence < 0.5 < said.confidence
    assert _act("Ms. Ortiz was diagnosed with cancer in May.",
                {"source": "Ms. Ortiz", "cue": "diagnosed", "content": ["cancer in May"]}) == ["other"]


def test_headings_excerpts_and_thoughts_do_not_make_floating_quotes():
    said = {"source": "The mayor", "cue": "said", "content": ["the budget was balanced"]}
    for heading in ("\u201cRead more\u201d", "\u201cWatch the full interview here:\u201d"):
        text = "The mayor said the budget was balanced.\n\n" + heading + "\n\nMore on the budget."
        assert floating(assemble(gold(text, said))) == [], heading
    excerpt = ("The mayor said the budget was balanced.\n\n\u201cThe city has never been in better shape.\n\n"
               "\u201cOur reserves are the largest in a decade.\u201d")
    assert floating(assemble(gold(excerpt, said))) == []  # a quotation over two paragraphs, opened twice, closed once
    thought = "Voters think the budget is a mess.\n\n\u201cLurking behind this argument is a dispute about the past.\u201d"
    assert floating(assemble(gold(thought, {"source": "Voters", "cue": "think",
                                           "content": ["the budget is a mess"]}))) == []
