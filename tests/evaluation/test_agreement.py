"""Annotator agreement on multiply-annotated PolNeAR documents, and the model on the same scale."""
from __future__ import annotations

from attribution.evaluation.agreement import agreement_table, polnear_agreement

TEXT = "Officials said the vote was fair. It was not, critics argued."
FULL = """T1\tSource 0 9\tOfficials
T2\tCue 10 14\tsaid
T3\tContent 15 32\tthe vote was fair
T4\tAttribution 10 14\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 34 44\tIt was not
T6\tCue 54 60\targued
T7\tSource 46 53\tcritics
T8\tAttribution 54 60\targued
E2\tAttribution:T8 Cue:T6 Content:T5 Source:T7
"""
FIRST_ONLY = FULL.split("T5\t")[0]


def _corpus(root, split="annotator-training"):
    for sub in ("text", "attributions"):
        (root / split / sub).mkdir(parents=True)
    (root / split / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (root / split / "attributions" / "doc_a.ann").write_text(FULL, encoding="utf-8")
    (root / split / "attributions" / "doc_b.ann").write_text(FULL, encoding="utf-8")
    (root / split / "attributions" / "doc_c.ann").write_text(FIRST_ONLY, encoding="utf-8")


def test_annotators_are_scored_pair_by_pair(tmp_path):
    _corpus(tmp_path)
    (result,) = polnear_agreement(tmp_path)  # the splits that are not there are skipped
    assert result["split"] == "annotator-training" and result["annotator_pairs"] == 3 and "model" not in result
    # a-b agree fully; a-c and b-c share one of two attributions: 4 matched of 5 + 5 gold/predicted
    assert result["humans"]["attribution_f1"] == round(2 * 4 / (5 + 5), 4)


class FirstAttributionOnly:
    """A stand-in model that finds "Officials said the vote was fair" and nothing else in every document."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract_documents(self, documents):
        from attribution.schema import Attribution, Report, SourceSpan, Span

        for doc in documents:
            self.seen.append(doc.text)
            a = Attribution("a1", SourceSpan(0, 9, doc.text[0:9]), Span(10, 14, doc.text[10:14]),
                            [Span(15, 32, doc.text[15:32])])
            yield Report(doc.doc_id, None, None, [], [a], [], text=doc.text)


def test_the_model_is_scored_against_every_annotation(tmp_path):
    _corpus(tmp_path)
    model = FirstAttributionOnly()
    (result,) = polnear_agreement(tmp_path, model)
    assert model.seen == [TEXT]  # each document tagged once, whatever its number of annotations
    assert set(result["model"]) >= {"attribution_f1", "cue_exact_f1", "source_overlap_f1", "content_overlap_f1"}
    # one prediction against each of 3 annotations (2 + 2 + 1 gold attributions): 3 found of 5, 3 predicted
    assert result["documents"] == 1 and result["annotations"] == 3
    assert result["model"]["attribution_f1"] == round(2 * 3 / (3 + 5), 4)
    table = agreement_table([result])
    assert "annotator-training: model vs annotators" in table and table.count("\n") == 7
