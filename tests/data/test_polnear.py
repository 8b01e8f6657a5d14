"""Reading PolNeAR brat standoff and the project's own JSONL."""
from __future__ import annotations

import json

import pytest

from attribution.data.jsonl import AnnotationError, document_from_record, read_annotations
from attribution.data.polnear import parse_ann, read_polnear, read_polnear_annotators

TEXT = "Officials said the vote was fair. It was not, critics argued."
ANN = """E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T1\tSource 0 9\tOfficials
T2\tCue 10 14\tsaid
T3\tContent 15 32\tthe vote was fair
T4\tAttribution 10 14\tsaid
T5\tContent 34 40;41 44\tIt was not
T6\tCue 54 60\targued
T8\tAttribution-no-source 54 60\targued
E2\tAttribution-no-source:T8 Cue:T6 Content:T5
T9\tContent 0 3\tspan text with
a newline inside
"""


def test_parse_ann_forward_refs_fragments_and_no_source():
    atts = parse_ann(ANN, TEXT)
    assert len(atts) == 2
    first, second = atts
    assert first.source == [(0, 9)] and first.cue == [(10, 14)] and first.content == [(15, 32)]
    assert second.source == [] and second.content == [(34, 40), (41, 44)]


def test_read_polnear_split(tmp_path):
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir(parents=True)
    (tmp_path / "dev" / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "doc_b.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "doc_a.ann").write_text("", encoding="utf-8")
    docs = list(read_polnear(tmp_path, "dev"))
    assert len(docs) == 1 and docs[0].meta["annotation"] == "doc_a.ann"  # first annotator in sorted order
    with pytest.raises(FileNotFoundError):
        list(read_polnear(tmp_path, "train"))


def test_every_annotator_of_multiply_annotated_documents(tmp_path):
    for sub in ("text", "attributions"):
        (tmp_path / "dev" / sub).mkdir(parents=True)
    (tmp_path / "dev" / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "text" / "solo.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "doc_b.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "doc_a.ann").write_text("", encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "solo_a.ann").write_text(ANN, encoding="utf-8")
    (group,) = list(read_polnear_annotators(tmp_path, "dev"))  # "solo" has one annotator: no agreement to measure
    assert [d.meta["annotation"] for d in group] == ["doc_a.ann", "doc_b.ann"]
    assert [len(d.attributions) for d in group] == [0, 2] and group[0].text == group[1].text == TEXT


def test_jsonl_checks_slices(tmp_path, seed_gold):
    doc = document_from_record(seed_gold)
    assert len(doc.attributions) == 15 and doc.publisher == (214, 218)
    bad = dict(seed_gold, attributions=[dict(seed_gold["attributions"][0], cue={"start": 0, "end": 3, "text": "xyz"})])
    with pytest.raises(AnnotationError, match="document slice"):
        document_from_record(bad)
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(seed_gold) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=":2: malformed"):
        list(read_annotations(path))
