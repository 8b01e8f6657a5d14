"""The scorer case by case, each figure worked out by hand: matching one to one, cue-less
attributions, touching ranges, edge punctuation, the full-attribution test, recipients left
unmatched, entity grouping, hedges and the publisher, the name comparison for coreference.

These were written against the mutants ``scripts/mutation.py scorer`` left alive: each test
names the kind of slip it catches.
"""
from __future__ import annotations

import pytest

from attribution.data.annotations import AnnotatedDocument, GoldAttribution
from attribution.evaluation.scorer import Accuracy, Scores, _same_name, agreement, score, score_document, summarize
from attribution.schema import Attribution, Hedge, Report, Sentence, SourceSpan, Span


def _at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return (start, start + len(sub))


def _att(text: str, aid: str, cue, content, source=None, recipient=None, entity=None, resolves_to=None) -> Attribution:
    src = SourceSpan(*source, text[source[0]:source[1]], entity=entity, resolves_to=resolves_to) if source else None
    return Attribution(aid, src, Span(*cue, text[cue[0]:cue[1]]) if cue else None,
                       [Span(*content, text[content[0]:content[1]])], confidence=0.5,
                       recipient=Span(*recipient, text[recipient[0]:recipient[1]]) if recipient else None)


def _report(text: str, attributions: list[Attribution], sentences=(), publisher=None) -> Report:
    return Report("d", None, publisher, list(sentences), attributions, [], text=text)


def _counts(prf: dict) -> tuple[int, int, int]:
    return prf["tp"], prf["pred"], prf["gold"]


def test_strict_attribution_needs_the_same_cue_and_counts_every_document():
    text = "Prices will rise, the bank said on Monday."
    gold = AnnotatedDocument("d", text, [GoldAttribution(cue=[_at(text, "said")], source=[_at(text, "the bank")],
                                                         content=[_at(text, "Prices will rise")])])
    pred = _report(text, [_att(text, "a1", _at(text, "said on"), _at(text, "Prices will rise"), _at(text, "the bank"))])
    r = score([(gold, pred), (gold, pred)])
    assert r["documents"] == 2
    assert _counts(r["attribution"]) == (0, 2, 2)  # "said on" is not "said"
    assert _counts(r["attribution_overlap"]) == (2, 2, 2)
    assert _counts(r["attribution_full"]) == (2, 2, 2)
    assert r["summary"]["attribution_f1"] == 0.0 and r["attribution_overlap"]["f1"] == 1.0


def test_a_prediction_matches_one_gold_attribution_only():
    text = "Prices will rise and taxes fall, the bank said."
    said = _at(text, "said")
    gold = AnnotatedDocument("d", text, [GoldAttribution(cue=[said], content=[_at(text, "Prices will rise")]),
                                         GoldAttribution(cue=[said], content=[_at(text, "taxes fall")])])
    pred = _report(text, [_att(text, "a1", said, _at(text, "Prices will rise and taxes fall"))])
    r = score([(gold, pred)])
    assert _counts(r["attribution"]) == (1, 1, 2)
    assert _counts(r["attribution_overlap"]) == (1, 1, 2)


def test_full_attribution_needs_overlapping_sources_or_none_on_both_sides_and_overlapping_content():
    text = "One, Ann said. Two, Bob said. Three, Cy said. Four, it was said. Five, Dee said."
    said = [_at(text, "said", i) for i in range(5)]
    gold = AnnotatedDocument("d", text, [
        GoldAttribution(cue=[said[0]], content=[_at(text, "One")], source=[_at(text, "Ann")]),
        GoldAttribution(cue=[said[1]], content=[_at(text, "Two")]),
        GoldAttribution(cue=[said[2]], content=[_at(text, "Three")], source=[_at(text, "Cy")]),
        GoldAttribution(cue=[said[3]], content=[_at(text, "Four")]),
        GoldAttribution(cue=[said[4]], content=[_at(text, "Five")], source=[_at(text, "Dee")]),
    ])
    pred = _report(text, [
        _att(text, "a1", said[0], _at(text, "One"), source=_at(text, "One")),  # sources apart
        _att(text, "a2", said[1], _at(text, "Two"), source=_at(text, "Bob")),  # a source gold does not have
        _att(text, "a3", said[2], _at(text, "Three")),  # no source where gold has one
        _att(text, "a4", said[3], _at(text, "Four")),  # no source on either side: full
        _att(text, "a5", said[4], _at(text, "Dee"), source=_at(text, "Dee")),  # content apart
    ])
    r = score([(gold, pred)])
    assert _counts(r["attribution"]) == (5, 5, 5)
    assert _counts(r["attribution_full"]) == (1, 5, 5)
    assert _counts(r["spans"]["source_exact"]) == (1, 3, 3)  # Dee; gold Ann, Cy, Dee; predicted One, Bob, Dee
    assert _counts(r["spans"]["content_exact"]) == (4, 5, 5)


@pytest.mark.parametrize("gold_source,pred_source,pred_content,full", [
    ("Ann", "Ann", "Rain", True),
    (None, None, "Rain", True),  # no source on either side
    ("Ann", None, "Rain", False),  # the prediction lost the source
    (None, "Ann", "Rain", False),  # the prediction made one up
    ("Ann", "Rain", "Rain", False),  # sources apart
    ("Ann", "Ann", "Ann", False),  # contents apart
])
def test_each_kind_of_full_attribution_alone(gold_source, pred_source, pred_content, full):
    text = "Rain, Ann said."
    said = _at(text, "said")
    gold = AnnotatedDocument("d", text, [GoldAttribution(cue=[said], content=[_at(text, "Rain")],
                                                         source=[_at(text, gold_source)] if gold_source else [])])
    pred = _report(text, [_att(text, "a1", said, _at(text, pred_content),
                               source=_at(text, pred_source) if pred_source else None)])
    assert _counts(score([(gold, pred)])["attribution_full"]) == (int(full), 1, 1)


def test_attributions_without_a_cue_match_only_each_other_by_content():
    text = "Rain is likely, reportedly. Snow fell."
    rain = _at(text, "Rain is likely")
    cueless = GoldAttribution(cue=[], content=[rain])
    with_cue = _report(text, [_att(text, "a1", _at(text, "reportedly"), rain)])
    assert _counts(score([(AnnotatedDocument("d", text, [cueless]), with_cue)])["attribution_overlap"]) == (0, 1, 1)
    same = _report(text, [_att(text, "a1", None, _at(text, "Rain"))])
    r = score([(AnnotatedDocument("d", text, [cueless]), same)])
    assert _counts(r["attribution"]) == (1, 1, 1) and _counts(r["attribution_overlap"]) == (1, 1, 1)
    apart = _report(text, [_att(text, "a1", None, _at(text, "Snow fell"))])
    assert _counts(score([(AnnotatedDocument("d", text, [cueless]), apart)])["attribution_overlap"]) == (0, 1, 1)


@pytest.mark.parametrize("gold_name,pred_name", [("Ann", "Lee"), ("Lee", "Ann")])
def test_ranges_that_only_touch_do_not_overlap(gold_name, pred_name):
    text = "AnnLee said it rained."
    said, content = _at(text, "said"), _at(text, "it rained")
    gold = AnnotatedDocument("d", text, [GoldAttribution(cue=[said], content=[content], source=[_at(text, gold_name)])])
    pred = _report(text, [_att(text, "a1", said, content, source=_at(text, pred_name))])
    r = score([(gold, pred)])
    assert _counts(r["spans"]["source_overlap"]) == (0, 1, 1)
    assert _counts(r["attribution_full"]) == (0, 1, 1)


def test_edge_punctuation_is_trimmed_and_a_dash_cue_still_matches_itself():
    text = '"Prices will rise," the bank said. Talks fail — media'
    gold = AnnotatedDocument("d", text, [
        GoldAttribution(cue=[_at(text, "said")], content=[_at(text, "Prices will rise")]),
        GoldAttribution(cue=[_at(text, "—")], content=[_at(text, "Talks fail")], source=[_at(text, "media")]),
    ])
    pred = _report(text, [_att(text, "a1", _at(text, "said"), _at(text, '"Prices will rise,"')),
                          _att(text, "a2", _at(text, "—"), _at(text, "Talks fail"), source=_at(text, "media"))])
    r = score([(gold, pred)])
    assert _counts(r["spans"]["content_exact"]) == (2, 2, 2)
    assert _counts(r["spans"]["cue_exact"]) == (2, 2, 2)
    assert _counts(r["spans"]["cue_overlap"]) == (2, 2, 2)  # a span of punctuation alone is kept as it is


def test_recipients_of_unmatched_attributions_count_on_their_side():
    text = "Rain, Ann told Bob. Snow, Cy told Dee. Hail, Eve told Fay. Fog, Gus told Hal. Ice, Ike told Jo."
    told = [_at(text, "told", i) for i in range(5)]
    contents = ["Rain", "Snow", "Hail", "Fog", "Ice"]
    gold = AnnotatedDocument("d", text, [
        GoldAttribution(cue=[told[i]], content=[_at(text, contents[i])], recipient=_at(text, name))
        for i, name in ((0, "Bob"), (1, "Dee"), (2, "Fay"))])
    pred = _report(text, [_att(text, f"a{i}", told[i], _at(text, contents[i]), recipient=_at(text, name))
                          for i, name in ((0, "Bob"), (3, "Hal"), (4, "Jo"))])
    r = score([(gold, pred)])
    # Bob found; Dee and Fay missed (gold only); Hal and Jo spurious (predicted only)
    assert _counts(r["fields"]["recipient"]) == (1, 3, 3)
    assert r["summary"]["recipient_f1"] == 0.3333
    assert (r["fields"]["recipient"]["precision"], r["fields"]["recipient"]["recall"]) == (0.3333, 0.3333)


def test_recipients_of_matched_attributions_count_when_either_side_has_one():
    text = "Rain, Ann told Bob. Snow, Cy told Dee. Hail, Eve told Fay."
    told = [_at(text, "told", i) for i in range(3)]
    gold = AnnotatedDocument("d", text, [
        GoldAttribution(cue=[told[0]], content=[_at(text, "Rain")], recipient=_at(text, "Bob")),  # predicted: none
        GoldAttribution(cue=[told[1]], content=[_at(text, "Snow")], recipient=_at(text, "Dee")),  # predicted: another
        GoldAttribution(cue=[told[2]], content=[_at(text, "Hail")]),  # predicted where gold has none
    ])
    pred = _report(text, [_att(text, "a1", told[0], _at(text, "Rain")),
                          _att(text, "a2", told[1], _at(text, "Snow"), recipient=_at(text, "Cy")),
                          _att(text, "a3", told[2], _at(text, "Hail"), recipient=_at(text, "Fay"))])
    assert _counts(score([(gold, pred)])["fields"]["recipient"]) == (0, 2, 2)


def test_entity_grouping_is_scored_over_pairs_of_matched_attributions():
    text = "A, Ann said. B, Ann said. C, Bob said. D, Bob said. E, it was said."
    said = [_at(text, "said", i) for i in range(5)]
    letters = ["A", "B", "C", "D", "E"]

    def gold_att(i, entity, source=True):
        src = [_at(text, "Ann" if i < 2 else "Bob", i % 2)] if source else []
        return GoldAttribution(cue=[said[i]], content=[_at(text, letters[i])], source=src, entity=entity)

    gold = AnnotatedDocument("d", text, [gold_att(0, "ann"), gold_att(1, "ann"), gold_att(2, "bob"), gold_att(3, "bob"),
                                         gold_att(4, "ann", source=False)])  # no gold source: left out
    pred = _report(text, [
        _att(text, "a1", said[0], _at(text, "A"), _at(text, "Ann", 0), entity="e1"),
        _att(text, "a2", said[1], _at(text, "B"), _at(text, "Ann", 1), entity="e1"),
        _att(text, "a3", said[2], _at(text, "C"), _at(text, "Bob", 0), entity="e1"),
        _att(text, "a4", said[3], _at(text, "D"), None),  # no predicted source: in no group
        _att(text, "a5", said[4], _at(text, "E"), _at(text, "it"), entity="e1"),
    ])
    r = score([(gold, pred)])
    # pairs over A, B, C, D: (A,B) same and same: tp; (A,C), (B,C) apart in gold, together predicted: fp;
    # (C,D) together in gold, D in no predicted group: fn; (A,D), (B,D) apart on both sides
    assert _counts(r["fields"]["entity_grouping"]) == (1, 3, 2)
    # one gold entity for three attributions, predicted as one group of two and one left out:
    # (A,B) found; (A,C) and (B,C) missed
    gold_one = AnnotatedDocument("d", text, [gold_att(i, "ann") for i in range(3)])
    pred_one = _report(text, [_att(text, "a1", said[0], _at(text, "A"), _at(text, "Ann", 0), entity="e1"),
                              _att(text, "a2", said[1], _at(text, "B"), _at(text, "Ann", 1), entity="e1"),
                              _att(text, "a3", said[2], _at(text, "C"), _at(text, "Bob", 0))])
    assert _counts(score([(gold_one, pred_one)])["fields"]["entity_grouping"]) == (1, 1, 3)


def test_hedges_hedge_classes_and_publisher_are_scored_on_our_own_corpus_only():
    text = "TASS. Rain is reportedly likely and may possibly fall."
    reportedly, may, possibly = _at(text, "reportedly"), _at(text, "may"), _at(text, "possibly")
    gold = AnnotatedDocument("d", text, [], publisher=_at(text, "TASS"), meta={"corpus": "jsonl"},
                             hedges=[(*reportedly, "reportative"), (*may, "speculative")])
    sentence = Sentence(0, 0, len(text), text, hedges=[Hedge(*reportedly, "reportedly", cls="reportative"),
                                                        Hedge(*may, "may", cls="belief"),
                                                        Hedge(*possibly, "possibly", cls="speculative")])
    pred = _report(text, [], [sentence], publisher=Span(*_at(text, "TASS"), "TASS"))
    fields = score([(gold, pred)])["fields"]
    assert _counts(fields["hedges"]) == (2, 3, 2)
    assert _counts(fields["hedge_class"]) == (1, 3, 2)  # "may" found with the wrong class
    assert (fields["publisher"]["correct"], fields["publisher"]["total"]) == (1, 1)
    no_publisher = _report(text, [], [sentence])
    assert score([(gold, no_publisher)])["fields"]["publisher"]["correct"] == 0
    unclassed = AnnotatedDocument("d", text, [], meta={"corpus": "jsonl"}, hedges=[(*reportedly, None)])
    fields = score([(unclassed, pred)])["fields"]
    assert _counts(fields["hedges"]) == (1, 3, 1) and "hedge_class" not in fields
    assert (fields["publisher"]["correct"], fields["publisher"]["total"]) == (0, 1)  # TASS where gold has none
    other = AnnotatedDocument("d", text, [], meta={"corpus": "polnear"}, hedges=[(*reportedly, "reportative")])
    assert "hedges" not in score([(other, pred)])["fields"]


def test_the_summary_has_one_figure_per_field_scored():
    text = "Prices will rise, the bank told Reuters."
    gold = AnnotatedDocument("d", text, [GoldAttribution(
        cue=[_at(text, "told")], source=[_at(text, "the bank")], content=[_at(text, "Prices will rise")], id="g1",
        source_kind="organization", anonymous=False, recipient=_at(text, "Reuters"), resolves_to="the bank")])
    src = SourceSpan(*_at(text, "the bank"), "the bank", kind="organization")
    pred = _report(text, [Attribution("a1", src, Span(*_at(text, "told"), "told"), [Span(0, 16, "Prices will rise")],
                                      recipient=Span(*_at(text, "Reuters"), "Reuters"), confidence=0.75)])
    r = score([(gold, pred)])
    assert r["summary"] == {"attribution_f1": 1.0, "cue_exact_f1": 1.0, "source_exact_f1": 1.0,
                            "source_overlap_f1": 1.0, "content_exact_f1": 1.0, "content_overlap_f1": 1.0,
                            "source_kind_accuracy": 1.0, "anonymous_accuracy": 1.0, "via_accuracy": 1.0,
                            "coreference_accuracy": 1.0, "recipient_f1": 1.0}
    assert set(r["fields"]) == {"source_kind", "anonymous", "via", "coreference", "recipient"}
    assert r["fields"]["via"] == {"accuracy": 1.0, "correct": 1, "total": 1}
    assert r["spans"]["cue_exact"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "pred": 1, "gold": 1}
    # the one prediction, at 0.75, was right
    assert r["calibration"] == {"rows": [{"bin": "0.7-0.8", "n": 1, "mean_confidence": 0.75, "accuracy": 1.0}],
                                "ece": 0.25, "n": 1}
    scores = Scores()
    score_document(gold, pred, scores)  # the fields beyond spans are scored unless asked not to
    assert summarize(scores)["fields"] == r["fields"]
    spans_only = score([(gold, pred)], extended=False)
    assert spans_only["fields"] == {} and set(spans_only["summary"]) == {
        "attribution_f1", "cue_exact_f1", "source_exact_f1", "source_overlap_f1", "content_exact_f1",
        "content_overlap_f1"}
    empty = score([])
    assert empty["documents"] == 0 and "calibration" not in empty
    assert (empty["attribution"]["precision"], empty["attribution"]["recall"], empty["attribution"]["f1"]) == (0, 0, 0)
    assert Accuracy().as_dict() == {"accuracy": None, "correct": 0, "total": 0}


def test_agreement_counts_documents_and_refuses_different_texts():
    a = AnnotatedDocument("x", "Rain, Ann said.", [GoldAttribution(cue=[(10, 14)], content=[(0, 4)])])
    b = AnnotatedDocument("y", "Snow, Ann said.", [])
    assert agreement([(a, a), (a, a), (a, a)])["documents"] == 3
    with pytest.raises(ValueError, match="x / y: not annotations of the same text"):
        agreement([(a, b)])


@pytest.mark.parametrize("gold,pred,same", [
    ("A bank", "the bank", True),  # articles are dropped, whatever the case
    ("THE Bank", "bank", True),
    ("LNA’s sources", "LNA's sources", True),  # either apostrophe
    ("Passly", "ticketing firm Passly", True),  # named more or less fully, either way round
    ("ticketing firm Passly", "Passly", True),
    ("Passly", "Passlyx", False),
    ("firm", "Passly firm ltd", False),
    ("Passly", "", False),
    (None, "Passly", False),
    ("", "  ", False),  # nothing is no name, even against blanks
])
def test_names_compare_for_coreference_without_articles_case_or_apostrophe_style(gold, pred, same):
    assert _same_name(gold, pred) is same


def test_fields_are_scored_only_where_the_prediction_has_a_source_and_vias_must_resolve():
    text = "Rain, Ann said. Snow, Bob said."
    said = [_at(text, "said", i) for i in range(2)]
    gold = AnnotatedDocument("d", text, [
        GoldAttribution(cue=[said[0]], content=[_at(text, "Rain")], source=[_at(text, "Ann")], id="g1",
                        source_kind="person", anonymous=False),
        GoldAttribution(cue=[said[1]], content=[_at(text, "Snow")], source=[_at(text, "Bob")], id="g2",
                        via="missing"),  # a via to no attribution: nothing can match it
    ])
    pred = _report(text, [_att(text, "a1", said[0], _at(text, "Rain")),  # no source: kind and anonymity unscored
                          _att(text, "a2", said[1], _at(text, "Snow"), _at(text, "Bob"))])
    pred.attributions[1].via = "a2"
    fields = score([(gold, pred)])["fields"]
    assert "source_kind" not in fields and "anonymous" not in fields
    assert (fields["via"]["correct"], fields["via"]["total"]) == (1, 2)  # g1 right (none); g2 wrong
