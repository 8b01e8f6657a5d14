"""The edges of four steps, case by case: hedge-only claims, headlines, recipients, mended sources.

Written against the mutants ``scripts/mutation.py steps`` left alive: each case pins one
boundary of a rule (where a clause starts and ends, which words after a reportative adverb
stop it, how long a headline may be, which recipient is no recipient).  The tagger is the
oracle over gold spans (``tests/gold_spans.py``), so only the rules are under test.
"""
from __future__ import annotations

import pytest

from gold_spans import assemble, gold

from attribution.schema import Report

RULE_CONFIDENCE = {"hedge": 0.11, "headline": 0.22, "model": 0.33}


def _by_rule(raw: float, rule: str) -> float:
    """A calibration that shows which rule made each attribution (the model's own pass through)."""
    return RULE_CONFIDENCE.get(rule, raw)


# the wire-copy chain steps read citations, nested and back-referring reports again over the older steps;
# cases of the older steps leave them out, so each still shows what its own step does
CHAIN_STEPS = ("citation_clauses", "nested_reports", "cited_back_references")


def _run(text: str, *attributions: dict, disable: tuple[str, ...] = ()) -> Report:
    report = assemble(gold(text, *attributions), calibrate=_by_rule, disable=disable)
    for a in report.attributions:  # offsets are sacred
        for span in a.spans():
            assert text[span.start:span.end] == span.text
    return report


def _claims(report: Report) -> list[tuple[str | None, str | None, list[str], float]]:
    return [(a.cue.text if a.cue else None, a.source.text if a.source else None, [c.text for c in a.content],
             a.confidence) for a in report.attributions]


# --- hedge_only ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,content", [
    ("Haftar reportedly rejected any Turkish interference.", "Haftar reportedly rejected any Turkish interference"),
    # the clause starts after the last ", ", "; " or ": " before the adverb, and stops at ", pointing"
    ("In Tripoli, on Monday, Haftar reportedly rejected the deal, pointing out gaps.", "Haftar reportedly rejected the deal"),
    ("Talks failed, aides left; Haftar reportedly rejected the deal.", "Haftar reportedly rejected the deal"),
    ("Update: Libya: Haftar reportedly rejected the deal.", "Haftar reportedly rejected the deal"),
    ("Haftar is believed to have rejected the deal.", "Haftar is believed to have rejected the deal"),  # belief
    # a speculative hedge before it is passed over, not the end of the sentence's hedges
    ("Talks may fail and Haftar reportedly rejected the deal.", "Talks may fail and Haftar reportedly rejected the deal"),
    ("Aides reportedly quit.", "Aides reportedly quit"),  # three words are enough
])
def test_a_reportative_or_belief_hedge_makes_a_claim_without_source(text, content):
    assert _claims(_run(text)) == [(None, None, [content], RULE_CONFIDENCE["hedge"])]


@pytest.mark.parametrize("text", [
    "He took time out allegedly to study the terms.",  # a purpose, not a claim
    "He was held reportedly by the police for days.",
    "He left reportedly because of the talks.",
    "He served reportedly as an adviser to the army.",
    "Allegedly true.",  # two words are no claim
])
def test_no_claim_where_the_adverb_qualifies_something_else_or_too_little(text):
    assert _claims(_run(text)) == []


def test_a_skipped_adverb_does_not_end_the_sentence_and_each_sentence_has_its_own_hedges():
    assert _claims(_run("He left allegedly to rest, and aides reportedly quit the talks.")) == [
        (None, None, ["and aides reportedly quit the talks"], RULE_CONFIDENCE["hedge"])]
    assert [c[2] for c in _claims(_run("Haftar reportedly rejected the deal. Aides allegedly quit the talks."))] == [
        ["Haftar reportedly rejected the deal"], ["Aides allegedly quit the talks"]]


def test_the_hedged_clause_stops_where_another_attribution_begins():
    text = "Haftar reportedly rejected the deal and Al Arabiya said talks would resume."
    report = _run(text, {"source": "Al Arabiya", "cue": "said", "content": ["talks would resume"]})
    assert [(a.cue and a.cue.text, [c.text for c in a.content]) for a in report.attributions] == [
        (None, ["Haftar reportedly rejected the deal and"]), ("said", ["talks would resume"])]


# --- headline ------------------------------------------------------------------------------------

BODY = "\n\nThe talks in Moscow ended on Tuesday without a deal."


def _headline(line: str) -> list[tuple]:
    """Attributions of a headline given as the second line (after a kicker), so offsets do not start at 0."""
    report = _run("Libya live\n" + line + BODY)
    return [(a.cue.text, a.cue.start, a.source.text, a.content[0].text, a.content[0].start, a.confidence)
            for a in report.attributions]


def test_a_headline_dash_or_colon_is_a_cue():
    assert _headline("Haftar won't sign deal — media") == [
        ("—", 34, "media", "Haftar won't sign deal", 11, RULE_CONFIDENCE["headline"])]
    assert _headline("Haftar rejects deal: sources") == [
        (":", 30, "sources", "Haftar rejects deal", 11, RULE_CONFIDENCE["headline"])]


def test_a_headline_source_has_at_most_four_words_and_the_line_no_full_stop():
    assert [h[2] for h in _headline("Deal fails — one two three four")] == ["one two three four"]
    assert _headline("Deal fails — one two three four five") == []
    assert _headline("Deal fails — media.") == []


def test_a_headline_line_has_at_most_200_characters():
    tail = " Deal fails — media"
    assert len(_headline("x" * (200 - len(tail)) + tail)) == 1
    assert _headline("x" * (201 - len(tail)) + tail) == []


def test_every_headline_line_near_the_top_counts():
    report = _run("Deal fails — media\nTalks end — sources" + BODY)
    assert [(a.source.text, a.content[0].text) for a in report.attributions] == [
        ("media", "Deal fails"), ("sources", "Talks end")]


# --- recipients ----------------------------------------------------------------------------------

def _recipient(text: str, cue: str, content: str) -> tuple[str, int, int] | None:
    report = _run(text, {"source": "Ann", "cue": cue, "content": [content]})
    rec = report.attributions[0].recipient
    return (rec.text, rec.start, rec.end) if rec else None


def test_recipients_after_a_telling_verb_or_to_a_cue_with_their_offsets():
    assert _recipient("Prices will rise, Ann told Reuters on Monday.", "told", "Prices will rise") == ("Reuters", 27, 34)
    assert _recipient("Prices will rise, Ann said to reporters.", "said", "Prices will rise") == ("reporters", 30, 39)


def test_no_recipient_after_a_plain_cue_or_inside_the_content():
    assert _recipient("Ann said Monday that prices will rise.", "said", "prices will rise") is None
    assert _recipient("Ann told Reuters Haftar left.", "told", "Haftar left") is None  # "Reuters Haftar" runs into it


@pytest.mark.parametrize("word", ["The", "A", "That"])
def test_an_article_or_that_alone_is_no_recipient(word):
    assert _recipient(f"Prices will rise, Ann told {word} on Monday.", "told", "Prices will rise") is None


# --- mend_sources: document nouns and "citing" inside a source ----------------------------------

CLAIM = "Haftar will not sign the deal"


def _mended(text: str, source: str, cue: str, *content: str) -> list[tuple]:
    report = _run(text, {"source": source, "cue": cue, "content": [CLAIM, *content]})
    return [(a.source.text, a.cue.text, [c.text for c in a.content], a.confidence,
             a.via and next(b.cue.text for b in report.attributions if b.id == a.via)) for a in report.attributions]


@pytest.mark.parametrize("cue", ["statement saying", "saying"])
def test_a_document_noun_between_source_and_cue_or_opening_the_cue_completes_the_source(cue):
    text = CLAIM + ", an LNA statement saying he would return."
    assert _mended(text, "an LNA", cue) == [("an LNA statement", "saying", [CLAIM], RULE_CONFIDENCE["model"], None)]


@pytest.mark.parametrize("text,cue", [
    (CLAIM + ", an LNA  statement saying he would return.", "statement saying"),  # not adjacent
    (CLAIM + ", an LNA statement saying he would return.", "statement"),  # the noun is the whole cue
    (CLAIM + ", an LNA   statement  saying he would return.", "saying"),  # 14 characters between: too far
    (CLAIM + ", an LNA statement\nsaying he would return.", "saying"),  # across a line break
])
def test_a_document_noun_stays_where_it_is_when_it_is_not_right_there(text, cue):
    assert [(a[0], a[1]) for a in _mended(text, "an LNA", cue)] == [("an LNA", cue)]


@pytest.mark.parametrize("source,content", [
    ("Al Arabiya citing", ("anonymous LNA sources",)),  # the cited source tagged as content
    ("Al Arabiya citing anonymous LNA sources", ()),  # tagged as one source
])
def test_citing_inside_a_source_is_split_into_a_chain(source, content):
    text = CLAIM + ", says Al Arabiya citing anonymous LNA sources."
    assert _mended(text, source, "says", *content) == [
        ("Al Arabiya", "says", [CLAIM], RULE_CONFIDENCE["model"], None),
        ("anonymous LNA sources", "citing", [CLAIM], RULE_CONFIDENCE["model"], "says")]


# --- citing and inherit_via: who a claim came through ---------------------------------------------

def _vias(text: str, *attributions: dict) -> list[tuple[str, str | None]]:
    report = _run(text, *attributions)
    cue_of = {a.id: a.cue.text for a in report.attributions}
    return [(a.cue.text, cue_of.get(a.via)) for a in report.attributions]


def test_a_source_that_spoke_to_an_outlet_reaches_us_via_that_outlet():
    text = "Talks failed, Al Arabiya reported. The LNA sources told Al Arabiya that Haftar left."
    assert _vias(text, {"source": "Al Arabiya", "cue": "reported", "content": ["Talks failed"]},
                 {"source": "The LNA sources", "cue": "told", "content": ["Haftar left"]}) == [
        ("reported", None), ("told", "reported")]


def test_speaking_to_the_publisher_itself_is_no_chain():
    text = "MOSCOW, January 14. /TASS/. Talks failed, TASS said. Haftar left, the ministry told TASS on Tuesday."
    assert _vias(text, {"source": "TASS", "cue": "said", "content": ["Talks failed"]},
                 {"source": "the ministry", "cue": "told", "content": ["Haftar left"]}) == [("said", None), ("told", None)]


@pytest.mark.parametrize("later", ["The sources", "They"])
def test_a_cited_source_named_again_in_any_case_or_by_a_pronoun_keeps_its_outlet(later):
    text = f"Haftar left, says Al Arabiya citing the sources. {later} said talks failed."
    assert _vias(text, {"source": "Al Arabiya", "cue": "says", "content": ["Haftar left"]},
                 {"source": "the sources", "cue": "citing"},
                 {"source": later, "cue": "said", "content": ["talks failed"]}) == [
        ("says", None), ("citing", "says"), ("said", "says")]


def test_citing_across_a_line_break_has_no_parent_and_so_no_claim():
    text = "Haftar left, says Al Arabiya\nciting the sources of the army."
    assert _vias(text, {"source": "Al Arabiya", "cue": "says", "content": ["Haftar left"]},
                 {"source": "the sources of the army", "cue": "citing"}) == [("says", None)]


# --- hedge_cues: a cue that is really a hedge ------------------------------------------------------

@pytest.mark.parametrize("text,cue,content,claim,hedge", [
    ("Besides, Haftar reportedly rejected any Turkish interference.", "reportedly rejected", "any Turkish interference",
     "Haftar reportedly rejected any Turkish interference", ("reportedly", "reportative")),
    ("In Tripoli, on Monday, Haftar reportedly rejected the deal.", "reportedly rejected", "the deal",
     "Haftar reportedly rejected the deal", ("reportedly", "reportative")),  # from the last ", "
    ("Talks failed; Haftar reportedly rejected the deal.", "reportedly rejected", "the deal",
     "Haftar reportedly rejected the deal", ("reportedly", "reportative")),
    ("Six men of the army command reportedly rejected the deal.", "reportedly rejected", "the deal",
     "Six men of the army command reportedly rejected the deal", ("reportedly", "reportative")),  # six words
    ("The seven men of the army command reportedly rejected the deal.", "reportedly rejected", "the deal",
     "reportedly rejected the deal", ("reportedly", "reportative")),  # seven words are no subject
    ("Haftar is believed to have rejected the deal.", "is believed to", "have rejected the deal",
     "Haftar is believed to have rejected the deal", ("is believed to", "belief")),
])
def test_a_hedge_tagged_as_cue_becomes_a_claim_without_source(text, cue, content, claim, hedge):
    report = _run(text, {"cue": cue, "content": [content]})
    assert _claims(report) == [(None, None, [claim], RULE_CONFIDENCE["hedge"])]
    (h,) = report.attributions[0].hedges
    assert (h.text, h.cls, text[h.start:h.end]) == (*hedge, hedge[0])


# --- content_fragments -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,content,kept", [
    ("Ann said that Haftar left.", "that Haftar left", "Haftar left"),
    ('Ann said "that Haftar left" was false.', 'that Haftar left" was false', 'that Haftar left" was false'),  # quoted
    ("That Haftar left is true, Ann said.", "That Haftar left is true", "That Haftar left is true"),  # at the start
])
def test_a_leading_that_is_dropped_unless_quoted_or_at_the_start(text, content, kept):
    assert _claims(_run(text, {"source": "Ann", "cue": "said", "content": [content]}))[0][2] == [kept]


@pytest.mark.parametrize("text,content,kept", [
    ("Haftar will not sign the deal, Ann said, however.", [CLAIM, "however"], [CLAIM]),  # a stray word
    ("Haftar will not sign the deal, Ann said, in short.", [CLAIM, "in short"], [CLAIM, "in short"]),
    ("Ann said: Talks.", ["Talks"], ["Talks"]),  # one word alone is a content
    ("Ann said talks failed. Haftar left.", ["talks failed", "Haftar left"], ["talks failed", "Haftar left"]),
    ("Ann said talks failed. Rain fell. Haftar left.", ["talks failed", "Haftar left"], ["talks failed"]),  # far
    # a content running over consecutive sentences reaches as far as its fragments do
    ("Ann said talks failed. Rain fell. Haftar left.", ["talks failed", "Rain fell", "Haftar left"],
     ["talks failed", "Rain fell", "Haftar left"]),
    ("Haftar left. Rain fell. Ann said talks failed.", ["Haftar left", "Rain fell", "talks failed"],
     ["Haftar left", "Rain fell", "talks failed"]),  # before the cue, listed in any order
    ("Ann said talks failed. Rain fell. Haftar left. Snow came.", ["Snow came", "Haftar left", "talks failed"],
     ["talks failed"]),  # no fragment covers the second sentence: the chain stops there
    ("Ann said talks failed.\n\nHaftar left.", ["talks failed", "Haftar left"], ["talks failed"]),  # another paragraph
])
def test_stray_and_far_fragments_are_dropped(text, content, kept):
    assert _claims(_run(text, {"source": "Ann", "cue": "said", "content": content}))[0][2] == kept


def test_a_stop_word_alone_is_no_content():
    assert _claims(_run("Ann said: the.", {"source": "Ann", "cue": "said", "content": ["the"]})) == []


# --- cited_in_content ------------------------------------------------------------------------------

@pytest.mark.parametrize("extra", [(), ({"cue": "quoting"},)])
def test_a_short_content_right_after_quoting_is_the_cited_source(extra):
    text = "Talks failed, Al Arabiya reported, quoting a senior diplomat."
    report = _run(text, {"source": "Al Arabiya", "cue": "reported", "content": ["Talks failed", "a senior diplomat"]},
                  *extra)
    cue_of = {a.id: a.cue.text for a in report.attributions}
    assert [(a.cue.text, a.source.text, [c.text for c in a.content], a.confidence, cue_of.get(a.via))
            for a in report.attributions] == [
        ("reported", "Al Arabiya", ["Talks failed"], RULE_CONFIDENCE["model"], None),
        ("quoting", "a senior diplomat", ["Talks failed"], RULE_CONFIDENCE["model"], "reported")]


def test_a_long_content_after_quoting_stays_content():
    eight = "one of the senior diplomats in the city"
    nine = "one of the senior diplomats in the old city"
    for phrase, cited in ((eight, True), (nine, False)):
        text = f"Talks failed, Al Arabiya reported, quoting {phrase}."
        report = _run(text, {"source": "Al Arabiya", "cue": "reported", "content": ["Talks failed", phrase]},
                      disable=CHAIN_STEPS)
        assert (len(report.attributions) == 2) is cited, phrase


# --- finish: raw confidence, its rounding, voice; mend_sources: relative clauses ---------------------

def test_without_calibration_a_rule_keeps_its_raw_confidence_and_values_are_rounded_to_four_places():
    text = "Libya live\nDeal fails — media\n\nPrices rose, Ann said. Deals are nice."
    raw = assemble(gold(text, {"source": "Ann", "cue": "said", "content": ["Prices rose"]}))
    assert [(a.cue.text, a.confidence) for a in raw.attributions] == [("—", 0.9), ("said", 1.0)]
    hedged = assemble(gold("Haftar reportedly rejected the deal."))
    assert [a.confidence for a in hedged.attributions] == [0.8]
    third = assemble(gold("Haftar reportedly rejected the deal."), calibrate=lambda raw, rule: 1 / 3)
    assert [a.confidence for a in third.attributions] == [0.3333]
    assert [a.id for a in raw.attributions] == ["a1", "a2"]  # numbered from 1 in text order
    assert [s.attributions for s in raw.sentences] == [[], ["a1"], ["a2"], []]
    assert [(s.text, s.voice) for s in raw.sentences] == [
        ("Libya live", "author"), ("Deal fails — media", "attributed"), ("Prices rose, Ann said.", "attributed"),
        ("Deals are nice.", "author")]


@pytest.mark.parametrize("text,source,mended", [
    ("An engineer who asked not to be named told Reuters prices will rise.", "An engineer who",
     "An engineer who asked not to be named"),
    ("Prices will rise, an engineer who, asked not to be named, told Reuters.", "an engineer who",
     "an engineer who, asked not to be named"),  # the comma before the cue is not the source's
])
def test_a_source_cut_after_who_runs_on_to_its_cue(text, source, mended):
    content = "prices will rise" if text.startswith("An") else "Prices will rise"
    report = _run(text, {"source": source, "cue": "told", "content": [content]})
    assert [a.source.text for a in report.attributions] == [mended]


# --- nested, citing, inherit_via, outer_report: more chains ----------------------------------------

def _chain(text: str, *attributions: dict, calibrate=None, disable: tuple[str, ...] = ()) -> list[tuple]:
    report = assemble(gold(text, *attributions), calibrate=calibrate, disable=disable)
    cue_of = {a.id: a.cue.text for a in report.attributions}
    return [(a.cue.text, a.source.text if a.source else None, [c.text for c in a.content], a.confidence,
             cue_of.get(a.via)) for a in report.attributions]


@pytest.mark.parametrize("contents", [
    ["talks failed and Haftar demanded that the army withdraw"],  # the speaker inside the content
    ["talks failed", "Haftar demanded that the army withdraw"],  # in the second content fragment
])
def test_a_speech_act_reported_inside_a_content_is_its_own_attribution(contents):
    text = "The sources said that talks failed and Haftar demanded that the army withdraw."
    if len(contents) == 2:
        text = "The sources said talks failed, and Haftar demanded that the army withdraw."
    chain = _chain(text, {"source": "The sources", "cue": "said", "content": contents})
    assert chain == [("said", "The sources", contents, 1.0, None),
                     ("demanded", "Haftar", ["the army withdraw"], 0.9, "said")]  # 0.9 of the reporting one
    calibrated = _chain(text, {"source": "The sources", "cue": "said", "content": contents},
                        calibrate=lambda raw, rule: {"nested": 0.44}.get(rule, raw))
    assert [c[3] for c in calibrated] == [1.0, 0.44]


def test_citing_shares_the_content_one_way_or_the_other_and_keeps_its_own_apart():
    text = "Haftar will not sign the deal, says Al Arabiya citing anonymous LNA sources."
    # the citer without content gets the cited source's
    assert _chain(text, {"source": "Al Arabiya", "cue": "says"},
                  {"source": "anonymous LNA sources", "cue": "citing", "content": [CLAIM]}, disable=CHAIN_STEPS) == [
        ("says", "Al Arabiya", [CLAIM], 1.0, None), ("citing", "anonymous LNA sources", [CLAIM], 1.0, "says")]
    # a content of the cited source's own, apart from the citer's, stays its own
    text = "Haftar will not sign the deal, says Al Arabiya citing anonymous LNA sources on the army."
    assert _chain(text, {"source": "Al Arabiya", "cue": "says", "content": [CLAIM]},
                  {"source": "anonymous LNA sources", "cue": "citing", "content": ["on the army"]},
                  disable=CHAIN_STEPS) == [
        ("says", "Al Arabiya", [CLAIM], 1.0, None), ("citing", "anonymous LNA sources", ["on the army"], 1.0, "says")]


def test_every_later_claim_of_a_cited_source_comes_through_the_citer():
    text = "Haftar left, says Al Arabiya citing Ann Lee. Ann Lee said talks failed. Ann Lee added that prices rose."
    vias = _vias(text, {"source": "Al Arabiya", "cue": "says", "content": ["Haftar left"]},
                 {"source": "Ann Lee", "cue": "citing"},
                 {"source": ("Ann Lee", 2), "cue": "said", "content": ["talks failed"]},
                 {"source": ("Ann Lee", 3), "cue": "added", "content": ["prices rose"]})
    assert vias == [("says", None), ("citing", "says"), ("said", "says"), ("added", "says")]


def test_the_outlet_spoken_to_is_found_by_name_among_other_sources():
    text = "Rain fell, Bob said. Talks failed, Al Arabiya reported. The LNA sources told Al Arabiya that Haftar left."
    assert _vias(text, {"source": "Bob", "cue": "said", "content": ["Rain fell"]},
                 {"source": "Al Arabiya", "cue": "reported", "content": ["Talks failed"]},
                 {"source": "The LNA sources", "cue": "told", "content": ["Haftar left"]}) == [
        ("said", None), ("reported", None), ("told", "reported")]


def test_an_outer_report_takes_the_claim_before_it_in_its_own_sentence_only():
    text = "Rain fell, Bob said. Haftar also demanded that talks resume, the sources said. Snow fell, Cy said."
    chain = _chain(text, {"source": "Bob", "cue": "said", "content": ["Rain fell"]},
                   {"source": "Haftar", "cue": "demanded", "content": ["talks resume"]},
                   {"source": "the sources", "cue": ("said", 2)},
                   {"source": "Cy", "cue": ("said", 3), "content": ["Snow fell"]})
    assert [(c[1], c[2], c[4]) for c in chain] == [
        ("Bob", ["Rain fell"], None), ("Haftar", ["talks resume"], "said"),
        ("the sources", ["Haftar also demanded that talks resume"], None), ("Cy", ["Snow fell"], None)]
    two = _chain("Talks failed, Ann said, and prices rose, Bob said.",
                 {"source": "Ann", "cue": "said", "content": ["Talks failed"]},
                 {"source": "Bob", "cue": ("said", 2), "content": ["prices rose"]})
    assert [(c[1], c[2], c[4]) for c in two] == [("Ann", ["Talks failed"], None), ("Bob", ["prices rose"], None)]
