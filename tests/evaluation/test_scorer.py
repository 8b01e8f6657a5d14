"""The scorer: exact vs overlap matching, attribution matching by cue, fields beyond spans."""
from __future__ import annotations

from attribution.data.annotations import AnnotatedDocument, GoldAttribution
from attribution.data.jsonl import document_from_record
from attribution.evaluation.calibration import fit_calibration, reliability_table, apply_calibration
from attribution.evaluation.scorer import agreement, score
from attribution.schema import Attribution, Report, SourceSpan, Span

TEXT = "Prices will rise, the bank said on Monday."


def _report(cue=(27, 31), source=(18, 26), content=(0, 16)) -> Report:
    a = Attribution("a1", SourceSpan(*source, TEXT[source[0]:source[1]]), Span(*cue, TEXT[cue[0]:cue[1]]),
                    [Span(*content, TEXT[content[0]:content[1]])], confidence=0.9)
    return Report("d", None, None, [], [a], [], text=TEXT)


def _gold() -> AnnotatedDocument:
    return AnnotatedDocument("d", TEXT, [GoldAttribution(cue=[(27, 31)], source=[(18, 26)], content=[(0, 16)])])


def test_perfect_prediction_scores_one():
    r = score([(_gold(), _report())])
    assert r["summary"]["attribution_f1"] == 1.0
    assert r["spans"]["content_exact"]["f1"] == 1.0


def test_partial_content_is_overlap_not_exact():
    r = score([(_gold(), _report(content=(0, 6)))])
    assert r["spans"]["content_exact"]["f1"] == 0.0 and r["spans"]["content_overlap"]["f1"] == 1.0
    assert r["attribution"]["f1"] == 1.0


def test_wrong_cue_misses_the_attribution():
    r = score([(_gold(), _report(cue=(35, 37)))])
    assert r["attribution"]["f1"] == 0.0


def test_edge_punctuation_is_ignored_for_exact():
    r = score([(_gold(), _report(content=(0, 17)))])  # includes the comma
    assert r["spans"]["content_exact"]["f1"] == 1.0


def test_seed_gold_with_planted_errors_scores_each_field(seed_gold):
    """The seed gold as a prediction, with one or two errors per field: each accuracy drops by exactly those."""
    import copy

    from attribution.schema import report_from_dict

    pred = copy.deepcopy(seed_gold)
    pred["sentences"], pred["sources"], pred["path"] = [], [], None
    by_id = {a["id"]: a for a in pred["attributions"]}
    for a in pred["attributions"]:
        a.setdefault("confidence", 1.0)
    by_id["a4"]["via"] = None  # Al Arabiya's citing of the LNA sources lost
    by_id["a11"]["via"] = "a3"  # Haftar's demand through Al Arabiya instead of through the sources
    by_id["a2"]["source"]["kind"] = "media"  # "the report" is a document
    by_id["a6"]["source"]["anonymous"] = False  # "The LNA's sources" are anonymous
    by_id["a7"]["source"]["resolves_to"] = "Al Arabiya"  # "they" are the LNA's sources
    r = score([(document_from_record(seed_gold), report_from_dict(pred))])
    assert r["summary"]["attribution_f1"] == 1.0  # every attribution found: the fields alone are wrong
    fields = r["fields"]
    # via on all 15; kind and anonymity on the 14 with a source; coreference on the 4 gold resolutions
    assert (fields["via"]["correct"], fields["via"]["total"]) == (13, 15)
    assert (fields["source_kind"]["correct"], fields["source_kind"]["total"]) == (13, 14)
    assert (fields["anonymous"]["correct"], fields["anonymous"]["total"]) == (13, 14)
    assert (fields["coreference"]["correct"], fields["coreference"]["total"]) == (3, 4)
    assert fields["via"]["accuracy"] == round(13 / 15, 4) and fields["coreference"]["accuracy"] == 0.75


def _at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """The ``nth`` occurrence of ``sub`` in ``text`` as a (start, end) range."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return (start, start + len(sub))


def test_imperfect_prediction_fields_by_hand():
    """Four gold attributions, five predicted (one spurious); each field wrong on a known share."""
    text = ("Talks failed, Al Arabiya said, citing a diplomat. They said the deal was dead. "
            "Prices rose, the ministry said. Shares fell sharply.")
    said = [_at(text, "said", i) for i in range(3)]
    gold = AnnotatedDocument("d", text, [
        GoldAttribution(cue=[said[0]], source=[_at(text, "Al Arabiya")], content=[_at(text, "Talks failed")],
                        id="a1", source_kind="media", anonymous=False),
        GoldAttribution(cue=[_at(text, "citing")], source=[_at(text, "a diplomat")], content=[_at(text, "Talks failed")],
                        id="a2", via="a1", source_kind="anonymous", anonymous=True),
        GoldAttribution(cue=[said[1]], source=[_at(text, "They")], content=[_at(text, "the deal was dead")],
                        id="a3", via="a1", source_kind="pronoun", anonymous=True, resolves_to="a diplomat"),
        GoldAttribution(cue=[said[2]], source=[_at(text, "the ministry")], content=[_at(text, "Prices rose")],
                        id="a4", source_kind="government", anonymous=False, resolves_to="the ministry"),
    ])

    def att(aid, cue, source, content, kind, anonymous, via=None, resolves_to=None) -> Attribution:
        src = SourceSpan(*source, text[source[0]:source[1]], kind=kind, anonymous=anonymous, resolves_to=resolves_to)
        return Attribution(aid, src, Span(*cue, text[cue[0]:cue[1]]), [Span(*content, text[content[0]:content[1]])],
                           via=via, confidence=0.5)

    pred = Report("d", None, None, [], [
        att("p1", said[0], _at(text, "Al Arabiya"), _at(text, "Talks failed"), "media", False),  # all right
        att("p2", _at(text, "citing"), _at(text, "a diplomat"), _at(text, "Talks failed"), "person", False,
            via="p1"),  # kind and anonymity wrong, via right
        att("p3", said[1], _at(text, "They"), _at(text, "the deal was dead"), "pronoun", True, via="p2",
            resolves_to="Al Arabiya"),  # via to the wrong attribution, coreference wrong
        att("p4", said[2], _at(text, "the ministry"), _at(text, "Prices rose"), "government", True, via="p1",
            resolves_to="ministry"),  # anonymity wrong, a via where there is none; "ministry" names "the ministry"
        att("p5", _at(text, "fell"), _at(text, "Shares"), _at(text, "sharply"), "other", False),  # spurious
    ], [], text=text)
    r = score([(gold, pred)])
    assert (r["attribution"]["tp"], r["attribution"]["pred"], r["attribution"]["gold"]) == (4, 5, 4)
    assert r["attribution"]["precision"] == 0.8 and r["attribution"]["f1"] == round(2 * 0.8 / 1.8, 4)
    fields = r["fields"]
    assert (fields["source_kind"]["correct"], fields["source_kind"]["total"]) == (3, 4)
    assert (fields["anonymous"]["correct"], fields["anonymous"]["total"]) == (2, 4)
    assert (fields["via"]["correct"], fields["via"]["total"]) == (2, 4)
    assert (fields["coreference"]["correct"], fields["coreference"]["total"]) == (1, 2)
    # chain links end to end: gold a2->a1 and a3->a1; predicted p2->p1 (right), p3->p2 (wrong target),
    # p4->p1 (a link the gold does not have)
    assert (fields["chain"]["tp"], fields["chain"]["pred"], fields["chain"]["gold"]) == (1, 3, 2)


def test_calibration_fit_by_hand():
    """100 scores 0.00 .. 0.99, right above 0.7, in 5 bins of 20: the first three bins (all wrong) pool."""
    scores = [i / 100 for i in range(100)]
    correct = [s > 0.7 for s in scores]
    cal = {"model": fit_calibration(scores, correct, bins=5)}
    # pooled bins 0-59: mean 0.295, none right; 60-79: mean 0.695, 9 of 20 right (71..79); 80-99: mean 0.895, all right
    assert cal["model"]["points"] == [[0.295, 0.0], [0.695, 0.45], [0.895, 1.0]]
    assert [round(apply_calibration(cal, s), 4) for s in (0.1, 0.495, 0.795, 0.99)] == [0.0, 0.225, 0.725, 1.0]
    mapped = [apply_calibration(cal, s) for s in scores]
    assert reliability_table(mapped, correct)["ece"] < reliability_table(scores, correct)["ece"]


def test_calibration_is_continuous_and_reads_old_step_tables():
    import random

    rng = random.Random(3)
    scores = [rng.random() for _ in range(2000)]
    correct = [rng.random() < s ** 2 for s in scores]  # overconfident raw scores
    cal = {"model": fit_calibration(scores, correct)}
    points = cal["model"]["points"]
    assert [p[0] for p in points] == sorted(p[0] for p in points) and [p[1] for p in points] == sorted(p[1] for p in points)
    grid = [i / 1000 for i in range(1001)]
    mapped = [apply_calibration(cal, g) for g in grid]
    steepest = max((b - a) / ((p2[0] - p1[0]) or 1) for p1, p2 in zip(points, points[1:]) for a, b in [(p1[1], p2[1])])
    # a raw change of 0.001 moves the result by at most the steepest slope times 0.001: no jumps
    assert max(abs(b - a) for a, b in zip(mapped, mapped[1:])) <= steepest * 0.001 + 1e-9
    assert reliability_table([apply_calibration(cal, s) for s in scores], correct)["ece"] < \
        reliability_table(scores, correct)["ece"]
    old = {"model": {"edges": [0.5], "values": [0.2, 0.9]}}  # what earlier releases wrote
    assert apply_calibration(old, 0.4) == 0.2 and apply_calibration(old, 0.6) == 0.9


def test_annotator_agreement_uses_the_same_measures_and_is_symmetric():
    text = "Prices will rise, the bank said on Monday. Rates fell, analysts noted."
    said, noted = text.index("said"), text.index("noted")
    one = AnnotatedDocument("d", text, [
        GoldAttribution(cue=[(said, said + 4)], source=[(18, 26)], content=[(0, 16)]),
        GoldAttribution(cue=[(noted, noted + 5)], source=[(noted - 9, noted - 1)], content=[(43, 53)])])
    other = AnnotatedDocument("d", text, [  # a longer cue for the first, the second left out
        GoldAttribution(cue=[(said, said + 17)], source=[(18, 26)], content=[(0, 16)])])
    ab, ba = agreement([(one, other)]), agreement([(other, one)])
    assert ab["summary"]["cue_exact_f1"] == ba["summary"]["cue_exact_f1"] == 0.0
    assert ab["attribution_overlap"]["f1"] == ba["attribution_overlap"]["f1"] == round(2 / 3, 4)
    assert ab["spans"]["source_exact"]["recall"] == 0.5 and ba["spans"]["source_exact"]["precision"] == 0.5
    assert agreement([(one, one)])["summary"]["attribution_f1"] == 1.0
