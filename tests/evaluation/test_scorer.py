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


def test_seed_gold_against_itself_scores_fields(seed_gold):
    from attribution.schema import report_from_dict

    doc = document_from_record(seed_gold)
    import copy

    pred = copy.deepcopy(seed_gold)
    pred["sentences"], pred["sources"], pred["path"] = [], [], None
    for a in pred["attributions"]:
        a.setdefault("confidence", 1.0)
    r = score([(doc, report_from_dict(pred))])
    assert r["summary"]["attribution_f1"] == 1.0
    assert r["fields"]["via"]["accuracy"] == 1.0 and r["fields"]["source_kind"]["accuracy"] == 1.0
    assert r["fields"]["coreference"]["accuracy"] == 1.0


def test_calibration_is_monotone_and_reduces_error():
    scores = [i / 100 for i in range(100)]
    correct = [s > 0.7 for s in scores]
    cal = {"model": fit_calibration(scores, correct, bins=5)}
    mapped = [apply_calibration(cal, s) for s in scores]
    assert mapped == sorted(mapped)
    assert reliability_table(mapped, correct)["ece"] <= reliability_table(scores, correct)["ece"]


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
