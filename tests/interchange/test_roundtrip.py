"""Interchange formats: export → import round-trips, PolNeAR compatibility, the CLI, clear errors."""
from __future__ import annotations

import copy
import json
import xml.dom.minidom
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.cli.main import app
from attribution.data.jsonl import document_from_record, read_annotations
from attribution.data.polnear import parse_ann
from attribution.interchange import InterchangeError, normalise_record
from attribution.interchange.brat import BratFormatError, annotation_conf, from_brat, to_brat
from attribution.interchange.conll import ConllFormatError, from_conll, to_conll
from attribution.interchange.labelstudio import (
    LabelStudioFormatError,
    from_labelstudio,
    labeling_config,
    to_labelstudio,
)

runner = CliRunner()

SMALL_TEXT = "Officials said 🚀 the vote was fair.\r\nIt was not, critics reportedly argued."


def small_record() -> dict:
    """A report-shaped record: emoji and \\r\\n in the text, hedges on sentences, confidences, classes."""
    t = SMALL_TEXT

    def sp(s: str, n: int = 0) -> dict:
        start = t.index(s, n)
        return {"start": start, "end": start + len(s), "text": s}

    hedge = {**sp("reportedly"), "class": "reportative"}
    return {
        "doc_id": "small/one", "path": "small.txt", "text": t, "publisher": None,
        "sentences": [{"index": 0, "start": 0, "end": 35, "text": t[:35], "attributions": ["a1"], "hedges": [],
                       "voice": "attributed"},
                      {"index": 1, "start": 37, "end": len(t), "text": t[37:], "attributions": ["a2"],
                       "hedges": [hedge], "voice": "attributed"}],
        "attributions": [
            {"id": "a1", "source": {**sp("Officials"), "kind": "government", "anonymous": True, "resolves_to": None},
             "cue": sp("said"), "content": [sp("the vote was fair")], "quote": "indirect", "via": None,
             "recipient": None, "hedges": [], "confidence": 0.875, "certainty": "stated", "source_id": "s1"},
            {"id": "a2", "source": {**sp("critics"), "kind": "other", "anonymous": True,
                                    "resolves_to": "Officials\tand\nothers \\ x"},
             "cue": sp("argued"), "content": [sp("It was not")], "quote": "indirect", "via": "a1",
             "recipient": None, "hedges": [hedge], "confidence": 0.5},
        ],
        "sources": [],
    }


def essentials(rec: dict) -> list[tuple]:
    """What the brief asks to survive, spelled out (the round-trip tests also compare whole records)."""
    out = [("publisher", json.dumps(rec["publisher"]))]
    out += [("doc-hedge", h["start"], h["end"], h.get("class")) for h in rec["hedges"]]
    for a in rec["attributions"]:
        s = a["source"] or {}
        out.append((a["id"], json.dumps([s.get(k) for k in ("start", "end", "text", "kind", "anonymous", "resolves_to")]),
                    json.dumps(a["cue"]), json.dumps(a["content"]), json.dumps(a["recipient"]), a["quote"], a["via"],
                    json.dumps([(h["start"], h["end"], h.get("class")) for h in a["hedges"]]),
                    a.get("implicit_source", False), a.get("confidence")))
    return out


# --- normalisation -----------------------------------------------------------------------------

def test_normalise_keeps_what_matters(seed_gold):
    norm = normalise_record(seed_gold)
    assert set(norm) == {"doc_id", "text", "publisher", "hedges", "attributions"}
    by_id = {a["id"]: a for a in norm["attributions"]}
    assert by_id["a4"]["via"] == "a3" and by_id["a4"]["source"]["anonymous"] is True
    assert by_id["a2"]["source"]["resolves_to"] == "Al Arabiya" and by_id["a8"]["implicit_source"] is True
    assert [c["text"] for c in by_id["a12"]["content"]] == ["later", "departed from the Russian capital"]
    small = normalise_record(small_record())
    assert small["hedges"] == [{"start": 57, "end": 67, "text": "reportedly", "class": "reportative"}]
    assert small["attributions"][0]["confidence"] == 0.875 and "certainty" not in small["attributions"][0]
    with pytest.raises(InterchangeError, match="document slice"):
        normalise_record(dict(seed_gold, publisher={"start": 0, "end": 3, "text": "xyz"}))
    with pytest.raises(InterchangeError, match="'text'"):
        normalise_record({k: v for k, v in seed_gold.items() if k != "text"})


# --- brat ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["seed", "small"])
def test_brat_roundtrip_is_lossless(which, seed_gold):
    record = seed_gold if which == "seed" else small_record()
    txt, ann = to_brat(record)
    assert txt == record["text"]
    back = from_brat(txt, ann, normalise_record(record)["doc_id"])
    assert back == normalise_record(record)
    assert essentials(back) == essentials(normalise_record(record))
    document_from_record(back)  # what `train --extra-train` builds from it


def test_brat_layout_shares_spans_and_keeps_extras_out_of_polnears_way(seed_gold):
    _, ann = to_brat(seed_gold)
    lines = ann.splitlines()
    events = [line for line in lines if line.startswith("E")]
    assert len(events) == 15
    e3, e4 = events[2].split("\t")[1].split(), events[3].split("\t")[1].split()
    assert [a for a in e3 if a.startswith("Content:")] == [a for a in e4 if a.startswith("Content:")]  # a3/a4 share
    assert "Via:E3" in e4 and events[7].startswith("E8\tAttribution-no-source:")
    assert any(line.startswith("T") and "\tContent 1902 1907;1944 1977\t" in line for line in lines)
    assert "#2\tAnnotatorNotes T10\tresolves_to: Al Arabiya" in lines
    assert "[events]" in annotation_conf() and "Kind\tArg:Source" in annotation_conf()


def test_polnear_reader_reads_the_exported_ann(seed_gold):
    txt, ann = to_brat(seed_gold)
    got = parse_ann(ann, txt)
    norm = normalise_record(seed_gold)
    want = sorted(
        ([(a["cue"]["start"], a["cue"]["end"])],
         [(c["start"], c["end"]) for c in a["content"]],
         [(a["source"]["start"], a["source"]["end"])] if a["source"] else [])
        for a in norm["attributions"] if a["cue"])  # PolNeAR's reader keeps attributions with a cue
    assert sorted((g.cue, g.content, g.source) for g in got) == want
    assert len(got) == 14


def test_brat_accepts_polnear_style_input():
    text = "Officials said the vote was fair. It was not, critics argued."
    ann = ("E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nT1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\n"
           "T3\tContent 15 32\tthe vote was fair\nT4\tAttribution 10 14\tsaid\nT5\tContent 34 40;41 44\tIt was not\n"
           "T6\tCue 54 60\targued\nT8\tAttribution-no-source 54 60\targued\nE2\tAttribution-no-source:T8 Cue:T6 Content:T5\n"
           "T9\tDiscard 0 3\tOff\nR1\tVia Arg1:E2 Arg2:E1\n#1\tAnnotatorNotes T1\tsome free comment\n")
    rec = from_brat(text, ann, "p")
    a1, a2 = rec["attributions"]
    assert (a1["id"], a1["source"]["text"], a1["source"]["kind"], a1["quote"]) == ("a1", "Officials", None, None)
    assert a2["source"] is None and [c["text"] for c in a2["content"]] == ["It was", "not"] and a2["via"] == "a1"


@pytest.mark.parametrize("ann, match", [
    ("T1\tSource 0 x\tOff", r"x\.ann:1: bad range"),
    ("T1\tSource 0 9\tOfficials\nT2\tCue 10 99\tsaid", r"x\.ann:2: range 10-99 outside"),
    ("T1\tSource 0 9\tOfficials\n\nE1\tAttribution:T1 Cue:T7", r"x\.ann:3: Cue:T7 is not a T line"),
    ("T1\tSource 0 9\tOfficers", r"x\.ann:1: span text 'Officers' does not match"),
    ("hello world", r"x\.ann:1: not a brat annotation line"),
    ("T1\tCue 10 14\tsaid\nE1\tAttribution:T1 Cue:T1\nA1\tKind T9 person", r"x\.ann:3: attribute Kind on T9, which"),
    ("T1\tCue 10 14\tsaid\nA1\tKind T1 a b c", r"x\.ann:2: an attribute is 'NAME TARGET \[VALUE\]'"),
    ("T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nE1\tAttribution:T2 Cue:T2 Source:T1\nA1\tKind T1 alien",
     r"x\.ann:4: Kind 'alien' is not one of person"),
])
def test_brat_errors_name_file_and_line(ann, match):
    with pytest.raises(BratFormatError, match=match):
        from_brat("Officials said the vote was fair.", ann, "x", name="x.ann")


# --- Label Studio --------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["seed", "small"])
@pytest.mark.parametrize("predictions", [False, True])
def test_labelstudio_roundtrip_is_lossless(which, predictions, seed_gold):
    record = seed_gold if which == "seed" else small_record()
    tasks = json.loads(json.dumps(to_labelstudio([record], predictions=predictions)))  # through real JSON
    key = "predictions" if predictions else "annotations"
    assert tasks[0]["data"]["text"] == record["text"] and key in tasks[0]
    result = tasks[0][key][0]["result"]
    region = next(r for r in result if r["type"] == "labels")
    assert set(region) >= {"id", "from_name", "to_name", "type", "value"} and region["from_name"] == "label"
    rel = next(r for r in result if r["type"] == "relation")
    assert set(rel) == {"type", "from_id", "to_id", "direction", "labels"}
    back = from_labelstudio(tasks)
    assert back == [normalise_record(record)]
    assert essentials(back[0]) == essentials(normalise_record(record))


def test_labelstudio_config_is_xml_with_every_label_and_control():
    config = labeling_config()
    dom = xml.dom.minidom.parseString(config)
    labels = {e.getAttribute("value") for e in dom.getElementsByTagName("Label")}
    assert labels == {"Source", "Cue", "Content", "Recipient", "Hedge", "Publisher"}
    assert {e.getAttribute("value") for e in dom.getElementsByTagName("Relation")} >= {"source", "content", "via"}
    assert {e.getAttribute("name") for e in dom.getElementsByTagName("Choices")} == {
        "kind", "anonymous", "hedge_class", "quote", "implicit"}
    assert dom.getElementsByTagName("Labels")[0].getAttribute("name") == "label"


def _ls_region(rid: str, label: str, text: str, s: str, n: int = 0) -> dict:
    start = text.index(s, n)
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": start + len(s), "text": s, "labels": [label]}}


def test_labelstudio_reads_annotator_shapes():
    """One content region shared by two cues, a relation drawn cue → source, a 'left' relation, emoji offsets."""
    text = "🚀 Talks failed, says TASS citing sources."
    r = [_ls_region("c", "Content", text, "Talks failed"), _ls_region("k1", "Cue", text, "says"),
         _ls_region("s1", "Source", text, "TASS"), _ls_region("k2", "Cue", text, "citing"),
         _ls_region("s2", "Source", text, "sources"),
         {"type": "relation", "from_id": "c", "to_id": "k1", "direction": "right", "labels": ["content"]},
         {"type": "relation", "from_id": "c", "to_id": "k2", "direction": "right", "labels": []},
         {"type": "relation", "from_id": "k1", "to_id": "s1", "direction": "right", "labels": ["source"]},
         {"type": "relation", "from_id": "s2", "to_id": "k2", "direction": "bi", "labels": ["source"]},
         {"type": "relation", "from_id": "k1", "to_id": "k2", "direction": "left", "labels": ["via"]}]
    # an old Label Studio counted in UTF-16 units: the emoji is two of them
    r[3]["value"].update(start=r[3]["value"]["start"] + 1, end=r[3]["value"]["end"] + 1)
    recs = from_labelstudio({"id": 7, "data": {"text": text}, "annotations": [{"result": r}]})
    (rec,) = recs
    assert rec["doc_id"] == "7"
    k1, k2 = rec["attributions"]
    assert k1["content"] == k2["content"] == [{"start": 2, "end": 14, "text": "Talks failed"}]
    assert (k1["source"]["text"], k2["source"]["text"], k2["cue"]["text"]) == ("TASS", "sources", "citing")
    assert k2["via"] == "k1" and k1["via"] is None
    assert from_labelstudio([{"data": {"text": "x"}, "annotations": []}]) == []  # not annotated yet


@pytest.mark.parametrize("tasks, match", [
    ({"tasks": []}, r"t\.json: task 0: a task is an object with a 'data'"),
    ("nope", r"t\.json: expected a JSON list"),
    ([{"data": {}}], r"task 0: data.text must be"),
    ([{"data": {"text": "abc"}, "annotations": [{"result": [
        {"id": "x", "type": "labels", "value": {"start": 0, "end": 9, "labels": ["Cue"]}}]}]}],
     r"task 0 \(task0\): result 0: span 0-9 outside the text"),
    ([{"data": {"text": "abc", "doc_id": "d"}, "annotations": [{"result": [
        {"id": "x", "type": "labels", "value": {"start": 0, "end": 2, "text": "zz", "labels": ["Cue"]}}]}]}],
     r"task 0 \(d\): result 0: region text 'zz' != task text there 'ab'"),
    ([{"data": {"text": "abc"}, "annotations": [{"result": [
        {"id": "x", "type": "labels", "value": {"start": 0, "end": 2, "labels": ["Speaker"]}}]}]}],
     r"result 0: labels must be one of"),
    ([{"data": {"text": "abc"}, "annotations": [{"result": [
        {"id": "x", "type": "labels", "value": {"start": 0, "end": 2, "labels": ["Cue"]}},
        {"type": "relation", "from_id": "y", "to_id": "x", "direction": "right", "labels": ["source"]}]}]}],
     r"result 1: relation names region 'y'"),
    ([{"data": {"text": "abc"}, "annotations": [{"result": [
        {"id": "x", "type": "labels", "value": {"start": 0, "end": 2, "labels": ["Source"]}}]}]}],
     r"result 0: Source region 'x' is not linked"),
])
def test_labelstudio_errors_name_task_and_result(tasks, match):
    if isinstance(tasks, dict):
        tasks = [tasks]
    with pytest.raises(LabelStudioFormatError, match=match):
        from_labelstudio(tasks, name="t.json")


# --- CoNLL ---------------------------------------------------------------------------------------

def spans_only(rec: dict) -> dict:
    """What CoNLL keeps: every span, attribution ids; no kinds, quote, via, hedge classes, notes."""
    rec = copy.deepcopy(rec)
    for h in rec["hedges"]:
        h.pop("class", None)
    for a in rec["attributions"]:
        if a["source"]:
            a["source"].update(kind=None, anonymous=None, resolves_to=None)
        a.update(quote=None, via=None)
        a.pop("implicit_source", None)
        a.pop("confidence", None)
        for h in a["hedges"]:
            h.pop("class", None)
    return rec


def test_conll_keeps_spans_and_loses_the_rest(seed_gold):
    data = to_conll([seed_gold, small_record()])
    assert data.count("-DOCSTART-") == 2 and "# doc_id = small/one" in data
    (back, small) = from_conll(data)
    want = spans_only(normalise_record(seed_gold))
    by_id = {a["id"]: a for a in back["attributions"]}
    # a10's content holds a11's source, cue and content: token by token the inner spans win,
    # so a10 keeps only the leftover words of its content
    assert [c["text"] for c in by_id["a10"]["content"]] == ["also", "that"]
    by_id["a10"]["content"] = next(a for a in want["attributions"] if a["id"] == "a10")["content"]
    assert back == want  # everything else: shared spans (a3/a4 content, a14/a15 source), a8 with its hedge, a12's fragments
    assert small == spans_only(normalise_record(small_record()))
    # only spans (and which attribution) travel: the columns
    assert "Commander\t221\t230\tB-CONTENT\ta3|a4" in data.splitlines()
    assert "citing\t472\t478\tB-CUE\ta4" in data.splitlines()


def test_conll_without_text_line_keeps_offsets_not_whitespace():
    rec = small_record()
    data = to_conll([rec], include_text=False)
    assert "# text" not in data
    (back,) = from_conll(data)
    assert len(back["text"]) == len(SMALL_TEXT) and back["text"].split() == SMALL_TEXT.split()
    assert back["text"] != SMALL_TEXT  # the \r\n came back as whitespace of another kind
    assert [a["cue"] for a in back["attributions"]] == [a["cue"] for a in normalise_record(rec)["attributions"]]


@pytest.mark.parametrize("data, match", [
    ("-DOCSTART-\t_\t_\tO\t_\nsaid\t0\t4\tB-CUE\n", r"c\.conll:2: expected 5 tab-separated columns"),
    ("said\t0\tx\tB-CUE\ta1\n", r"c\.conll:1: start and end must be integers"),
    ("said\t0\t4\tB-SPEAKER\ta1\n", r"c\.conll:1: label 'B-SPEAKER'"),
    ("said\t0\t4\tB-CUE\t_\n", r"c\.conll:1: a CUE token needs an attribution id"),
    ('# text = "they said"\nsaid\t0\t4\tB-CUE\ta1\n', r"c\.conll:2: token 'said' != document text there 'they'"),
    ('# text = nope\n', r"c\.conll:1: '# text' must be a JSON string"),
])
def test_conll_errors_name_file_and_line(data, match):
    with pytest.raises(ConllFormatError, match=match):
        from_conll(data, name="c.conll")


# --- the CLI -------------------------------------------------------------------------------------

@pytest.fixture()
def inputs(tmp_path, seed_gold):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(seed_gold, ensure_ascii=False), encoding="utf-8")
    jsonl = tmp_path / "small.jsonl"
    jsonl.write_text(json.dumps(small_record(), ensure_ascii=False) + "\n", encoding="utf-8")
    return gold, jsonl


@pytest.mark.parametrize("fmt, target", [("brat", "brat"), ("labelstudio", "tasks.json"), ("conll", "out.conll")])
def test_cli_export_then_import(fmt, target, tmp_path, inputs, seed_gold):
    gold, jsonl = inputs
    out = tmp_path / target
    result = runner.invoke(app, ["export", str(gold), str(jsonl), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "brat":
        assert (out / "000_fff7737d1579c4c2.ann").exists() and (out / "small_one.txt").exists()
        assert (out / "small_one.txt").read_bytes() == SMALL_TEXT.encode("utf-8")  # \r\n kept
        assert (out / "annotation.conf").exists()
    if fmt == "labelstudio":
        assert (tmp_path / "tasks.config.xml").exists()
    back_path = tmp_path / "back.jsonl"
    result = runner.invoke(app, ["import", str(out), "--from", fmt, "--out", str(back_path)])
    assert result.exit_code == 0, result.output
    docs = {d.doc_id: d for d in read_annotations(back_path)}  # what `train --extra-train` reads
    assert len(docs["000_fff7737d1579c4c2"].attributions) == 15
    back = {r["doc_id"]: r for r in map(json.loads, back_path.read_text(encoding="utf-8").splitlines())}
    if fmt == "brat":  # file names stand for doc ids in brat
        back["small/one"] = dict(back.pop("small_one"), doc_id="small/one")
    want = [normalise_record(seed_gold), normalise_record(small_record())]
    if fmt == "conll":
        assert back["small/one"] == spans_only(want[1])
    else:
        assert [back[w["doc_id"]] for w in want] == want


def test_cli_malformed_inputs_exit_2_with_file_and_line(tmp_path, inputs):
    gold, _ = inputs
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text(gold.read_text(encoding="utf-8") + "\n{oops\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(bad_jsonl), "--format", "conll", "--out", str(tmp_path / "x.conll")])
    assert result.exit_code == 2 and f"{bad_jsonl}:2: malformed JSON" in result.output

    tasks = tmp_path / "tasks.json"
    tasks.write_text('[{"data": {"text": "abc"},\n "annotations": [', encoding="utf-8")
    result = runner.invoke(app, ["import", str(tasks), "--from", "labelstudio", "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and f"{tasks}:2: malformed JSON" in result.output

    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "d.txt").write_text("Officials said so.", encoding="utf-8")
    (folder / "d.ann").write_text("T1\tSource 0 9\tOfficials\nT2\tCue 10 14 said\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(folder), "--from", "brat", "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and f"{folder / 'd.ann'}:2: bad range" in result.output
    assert not (tmp_path / "o.jsonl").exists()

    (folder / "e.ann").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["import", str(folder / "e.ann"), "--from", "brat", "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "e.txt: missing" in result.output


def test_cli_export_report_without_text_reads_its_path(tmp_path, seed_gold, seed_text):
    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_fff7737d1579c4c2.txt"
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / seed.name).write_bytes(seed.read_bytes())  # the article beside its report
    report = {k: v for k, v in seed_gold.items() if k != "text"}
    for named in (f"articles/{seed.name}", str(tmp_path / "articles" / seed.name)):  # relative to the report, absolute
        with_path = tmp_path / "with_path.json"
        with_path.write_text(json.dumps(dict(report, path=named), ensure_ascii=False), encoding="utf-8")
        result = runner.invoke(app, ["export", str(with_path), "-f", "conll", "-o", str(tmp_path / "a.conll")])
        assert result.exit_code == 0, result.output
        (back,) = from_conll((tmp_path / "a.conll").read_text(encoding="utf-8"))
        assert back["text"] == seed_text

    no_text = tmp_path / "no_text.json"
    no_text.write_text(json.dumps(dict(report, path=None)), encoding="utf-8")
    result = runner.invoke(app, ["export", str(no_text), "-f", "brat", "-o", str(tmp_path / "b")])
    assert result.exit_code == 2 and f"{no_text}: the report has no 'text'" in result.output
