"""``attribution.evaluation.evaluate`` as a function: where gold comes from, the three ways to get
predictions (oracle, saved reports, a model), the refusals, and the printed table.

Written against the mutants ``scripts/mutation.py evaluation`` left alive (the CLI tests reach
only the saved-predictions path).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.batch import report_json
from attribution.evaluation.evaluate import evaluate, format_table, load_gold, predict

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "authored.tiny.jsonl"
SEED_GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "seed.gold.json"


def test_gold_comes_from_annotation_jsonl_with_a_limit():
    docs = load_gold(str(TINY))
    assert [d.doc_id for d in docs] == ["authored_001", "authored_002", "authored_003"]
    assert [d.doc_id for d in load_gold(str(TINY), limit=2)] == ["authored_001", "authored_002"]


def test_a_gold_json_needs_its_text_in_it_or_beside_it(tmp_path):
    record = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    text = record.pop("text", None) or (Path(__file__).resolve().parents[2] / "seeds" / "000_fff7737d1579c4c2.txt").read_text()
    bare = tmp_path / "gold.json"
    bare.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(ValueError, match="needs its document"):
        load_gold(str(bare))
    text_file = tmp_path / "doc.txt"
    text_file.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # a byte-order mark is not part of the text
    (doc,) = load_gold(str(bare), text=str(text_file))
    assert doc.text == text and doc.attributions


def test_anything_else_is_refused_with_what_would_do(tmp_path):
    with pytest.raises(ValueError, match="not a PolNeAR folder \\(with dev/\\)"):
        load_gold(str(tmp_path / "gold.txt"))
    (tmp_path / "train").mkdir()  # a folder without the split asked for
    with pytest.raises(ValueError, match="with dev/"):
        load_gold(str(tmp_path))


def test_oracle_saved_reports_and_a_model_are_scored_the_same_way(tmp_path, tiny_attributor):
    oracle = evaluate(str(TINY), oracle=True, limit=2)
    assert (oracle["documents"], oracle["gold"], oracle["split"], oracle["disabled"]) == (2, str(TINY), "dev", [])
    assert oracle["summary"]["attribution_f1"] > 0.5  # the rules on gold spans find most attributions
    without = evaluate(str(TINY), oracle=True, limit=2, disable=("recipients",))
    assert without["disabled"] == ["recipients"]
    assert without["fields"]["recipient"]["tp"] < oracle["fields"]["recipient"]["tp"]

    docs = load_gold(str(TINY), limit=2)
    reports = predict(docs, attributor=tiny_attributor)
    assert [r.doc_id for r in reports] == ["authored_001", "authored_002"]
    folder = tmp_path / "preds"
    folder.mkdir()
    for r in reports:
        (folder / f"{r.doc_id}.json").write_text(report_json(r), encoding="utf-8")
    saved = evaluate(str(TINY), predictions=str(folder), limit=2)
    modelled = evaluate(str(TINY), attributor=tiny_attributor, limit=2)
    assert saved["summary"] == modelled["summary"] and saved["documents"] == 2
    with pytest.raises(FileNotFoundError, match="no prediction for authored_003"):
        evaluate(str(TINY), predictions=str(folder))
    with pytest.raises(ValueError, match="cannot apply to saved --predictions"):
        evaluate(str(TINY), predictions=str(folder), disable=("recipients",))


def test_the_table_has_one_row_per_measure_with_its_gold_count():
    result = evaluate(str(TINY), oracle=True, limit=1)
    lines = format_table(result).split("\n")
    assert lines[0] == f"{'metric':<26}{'P':>8}{'R':>8}{'F1':>8}{'n gold':>8}"
    a = result["attribution"]
    assert lines[1] == f"{'attribution (cue exact)':<26}{a['precision']:>8.3f}{a['recall']:>8.3f}{a['f1']:>8.3f}{a['gold']:>8}"
    assert lines[2].startswith("attribution (cue overlap)") and lines[3].startswith("attribution (all parts)")
    assert lines[4].startswith("source exact ")
    via = result["fields"]["via"]
    assert f"{'via accuracy':<26}{'':>8}{'':>8}{via['accuracy']:>8.3f}{via['total']:>8}" in lines
    rec = result["fields"]["recipient"]
    assert f"{'recipient':<26}{rec['precision']:>8.3f}{rec['recall']:>8.3f}{rec['f1']:>8.3f}{rec['gold']:>8}" in lines
    assert lines[-1] == (f"{'confidence ECE':<26}{'':>16}{result['calibration']['ece']:>8.3f}"
                         f"{result['calibration']['n']:>8}")
    empty_field = {**result, "fields": {"via": {"accuracy": None, "correct": 0, "total": 0}}}
    assert f"{'via accuracy':<26}{'':>8}{'':>8}{'-':>8}{0:>8}" in format_table(empty_field).split("\n")


def test_a_gold_json_with_its_text_beside_it_is_scored(tmp_path):
    record = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    text = record.pop("text", None) or (Path(__file__).resolve().parents[2] / "seeds" / "000_fff7737d1579c4c2.txt").read_text()
    bare = tmp_path / "gold.json"
    bare.write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    result = evaluate(str(bare), oracle=True, text=str(tmp_path / "doc.txt"))
    assert result["documents"] == 1 and result["attribution"]["gold"] == len(record["attributions"])


def test_a_polnear_folder_is_read_by_split_and_limit():
    from conftest import POLNEAR, POLNEAR_MISSING

    if not (POLNEAR / "dev").is_dir():
        pytest.skip(POLNEAR_MISSING)
    dev = load_gold(str(POLNEAR), "dev", limit=2)
    train = load_gold(str(POLNEAR), "train", limit=1)
    assert len(dev) == 2 and len(train) == 1 and train[0].doc_id != dev[0].doc_id
    assert evaluate(str(POLNEAR), oracle=True, split="train", limit=1)["split"] == "train"
