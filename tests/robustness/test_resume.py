"""Resume by content, and nothing lost (issue 14, section 2): one test per defect.

Each test failed on the code before its fix. ``extract`` runs through typer's
CliRunner with the tiny random model; what is checked is what a user sees:
which reports exist, which text each was made from, and the messages.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from attribution.cli.main import app
from attribution.validate import contract_errors

runner = CliRunner()


def extract(model: Path, *args, input: str | bytes | None = None):
    return runner.invoke(app, ["extract", *map(str, args), "--model", str(model), "--threads", "1"], input=input)


def reports(out: Path) -> list[dict]:
    """Every report in ``out``, each checked against the contract."""
    found = []
    for path in sorted(out.glob("*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        assert contract_errors(report, report["text"]) == [], path.name
        found.append(report)
    return found


def texts(out: Path) -> list[str]:
    return sorted(r["text"] for r in reports(out))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- resume by content -------------------------------------------------------------------------

def test_an_edited_article_is_extracted_again(tmp_path, tiny_model_dir):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text("The minister said the talks failed.", encoding="utf-8")
    (tmp_path / "in" / "other.txt").write_text("Police said nobody was hurt.", encoding="utf-8")
    out = tmp_path / "out"
    assert extract(tiny_model_dir, tmp_path / "in", "--out", out).exit_code == 0
    (tmp_path / "in" / "story.txt").write_text("The minister said the talks had resumed.", encoding="utf-8")
    again = extract(tiny_model_dir, tmp_path / "in", "--out", out)
    assert again.exit_code == 0, again.output
    assert "1 written, 1 already done" in again.stderr
    assert texts(out) == ["Police said nobody was hurt.", "The minister said the talks had resumed."]
    story = next(r for r in reports(out) if r["doc_id"] == "story")
    assert story["text_sha256"] == sha("The minister said the talks had resumed.")


def test_a_new_file_beside_files_of_the_same_name_gets_its_own_report(tmp_path, tiny_model_dir):
    src, out = tmp_path / "in", tmp_path / "out"
    for folder, text in (("a", "Alpha said yes."), ("c", "Gamma said no.")):
        (src / folder).mkdir(parents=True)
        (src / folder / "x.txt").write_text(text, encoding="utf-8")
    assert extract(tiny_model_dir, src, "--out", out).exit_code == 0
    (src / "b").mkdir()
    (src / "b" / "x.txt").write_text("Beta said maybe.", encoding="utf-8")
    again = extract(tiny_model_dir, src, "--out", out)
    assert again.exit_code == 0, again.output
    assert "1 written, 2 already done" in again.stderr
    assert texts(out) == ["Alpha said yes.", "Beta said maybe.", "Gamma said no."]  # each once
    assert sorted(r["doc_id"] for r in reports(out)) == ["a/x", "b/x", "c/x"]


def test_a_new_first_line_in_a_jsonl_file_loses_no_document(tmp_path, tiny_model_dir):
    src, out = tmp_path / "feed.jsonl", tmp_path / "out"
    old = ["Alpha said yes.", "Beta said no."]
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in old), encoding="utf-8")
    assert extract(tiny_model_dir, src, "--out", out).exit_code == 0
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in ["Zeta said first.", *old]), encoding="utf-8")
    again = extract(tiny_model_dir, src, "--out", out)
    assert again.exit_code == 0, again.output
    # records without an id are named by line, so the shifted ones are redone: nothing is stale, nothing missing
    assert texts(out) == ["Alpha said yes.", "Beta said no.", "Zeta said first."]


def test_a_new_jsonl_record_with_an_id_is_the_only_one_extracted(tmp_path, tiny_model_dir):
    src, out = tmp_path / "feed.jsonl", tmp_path / "out"
    old = [{"id": "a", "text": "Alpha said yes."}, {"id": "b", "text": "Beta said no."}]
    src.write_text("".join(json.dumps(r) + "\n" for r in old), encoding="utf-8")
    assert extract(tiny_model_dir, src, "--out", out).exit_code == 0
    new = [{"id": "z", "text": "Zeta said first."}, *old]
    src.write_text("".join(json.dumps(r) + "\n" for r in new), encoding="utf-8")
    again = extract(tiny_model_dir, src, "--out", out)
    assert again.exit_code == 0 and "1 written, 2 already done" in again.stderr
    assert texts(out) == ["Alpha said yes.", "Beta said no.", "Zeta said first."]


def test_two_stdin_runs_into_one_out_keep_both_reports(tmp_path, tiny_model_dir):
    out = tmp_path / "out"
    first = extract(tiny_model_dir, "-", "--out", out, input="The minister said the talks failed.")
    second = extract(tiny_model_dir, "-", "--out", out, input="Police said nobody was hurt.")
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert "1 written" in second.stderr
    assert texts(out) == ["Police said nobody was hurt.", "The minister said the talks failed."]
    same = extract(tiny_model_dir, "-", "--out", out, input="Police said nobody was hurt.")
    assert "0 written, 1 already done" in same.stderr


# --- stable, unique doc ids -------------------------------------------------------------------

NON_LATIN = ["Москва", "東京", "नई दिल्ली", "Ελλάδα", "القاهرة"]


def test_non_latin_file_names_keep_their_names(tmp_path, tiny_model_dir):
    (tmp_path / "in").mkdir()
    for n, name in enumerate(NON_LATIN):
        (tmp_path / "in" / f"{name}.txt").write_text(f"Source {n} said yes.", encoding="utf-8")
    out = tmp_path / "out"
    result = extract(tiny_model_dir, tmp_path / "in", "--out", out)
    assert result.exit_code == 0, result.output
    assert "duplicate doc id" not in result.stderr
    assert sorted(r["doc_id"] for r in reports(out)) == sorted(NON_LATIN)
    names = {p.stem for p in out.glob("*.json")}
    assert {"Москва", "東京", "Ελλάδα", "القاهرة"} <= names  # safe names as they are
    assert any(n.startswith("नई_दिल्ली-") for n in names)  # a space is made safe, plus a hash of the id


def test_doc_ids_are_paths_below_the_input_folder_whatever_else_is_there(tmp_path):
    from attribution.read import Document, iter_documents

    src = tmp_path / "in"
    (src / "politics" / "2024").mkdir(parents=True)
    (src / "politics" / "2024" / "story.txt").write_text("He said so.", encoding="utf-8")
    (src / "story.txt").write_text("She said no.", encoding="utf-8")
    ids = [d.doc_id for d in iter_documents([src]) if isinstance(d, Document)]
    assert ids == ["story", "politics/2024/story"]
    (src / "a" / "story.txt").parent.mkdir()
    (src / "a" / "story.txt").write_text("They said later.", encoding="utf-8")  # sorts first
    ids = [d.doc_id for d in iter_documents([src]) if isinstance(d, Document)]
    assert ids == ["story", "a/story", "politics/2024/story"]  # the others keep theirs


def test_out_inside_the_input_folder_is_never_read_back(tmp_path, tiny_model_dir):
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text("The minister said the talks failed.", encoding="utf-8")
    (src / "two.txt").write_text("Police said nobody was hurt.", encoding="utf-8")
    out = src / "reports"
    assert extract(tiny_model_dir, src, "--out", out).exit_code == 0
    for _ in range(2):
        again = extract(tiny_model_dir, src, "--out", out)
        assert again.exit_code == 0, again.output
        assert "0 written, 2 already done" in again.stderr
    assert len(reports(out)) == 2


# --- deep JSON -----------------------------------------------------------------------------

def test_deeply_nested_json_fails_alone_with_a_clear_message(tmp_path, tiny_model_dir):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_first.txt").write_text("The minister said the talks failed.", encoding="utf-8")
    (src / "b_deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    field = "[" * 2_000 + "]" * 2_000  # a 2,000-level field in an 8 KB article
    (src / "c_field.json").write_text(json.dumps({"text": "Police said nobody was hurt."})[:-1]
                                      + f', "extra": {field}}}', encoding="utf-8")
    (src / "d_lines.jsonl").write_text(json.dumps({"text": "Alpha said yes."}) + "\n" + "[" * 5_000 + "\n",
                                       encoding="utf-8")
    (src / "e_last.txt").write_text("Beta said no.", encoding="utf-8")
    out = tmp_path / "out"
    result = extract(tiny_model_dir, src, "--out", out)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, RecursionError)
    for where in ("b_deep.json", "c_field.json", "d_lines.jsonl:2"):
        assert f"{where}: JSON nested too deeply" in result.stderr
    assert "3 written" in result.stderr and "3 failed" in result.stderr
    assert texts(out) == ["Alpha said yes.", "Beta said no.", "The minister said the talks failed."]


@pytest.mark.parametrize("fmt,name,data", [
    ("labelstudio", "tasks.json", "[" * 100_000),
    ("conll", "a.conll", "# doc_id = x\n# text = " + "[" * 100_000 + "\n"),
], ids=["labelstudio", "conll"])
def test_import_of_deeply_nested_json_is_a_clear_error(tmp_path, fmt, name, data):
    (tmp_path / name).write_text(data, encoding="utf-8")
    result = runner.invoke(app, ["import", str(tmp_path / name), "--from", fmt, "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.exception
    assert "nested too deeply" in result.output


# --- file names that are not UTF-8 -----------------------------------------------------------

def test_a_file_name_that_is_not_utf8_keeps_its_report_and_html_page(tmp_path, tiny_model_dir):
    src = tmp_path / "in"
    src.mkdir()
    raw = os.fsencode(src) + b"/caf\xe9 \xff.txt"  # Latin-1 bytes, as an old Windows share would hold
    with open(raw, "wb") as fh:
        fh.write("The owner said the café would reopen.".encode("utf-8"))
    out = tmp_path / "out"
    result = extract(tiny_model_dir, src, "--out", out)
    assert result.exit_code == 0, result.output
    (report,) = reports(out)
    assert report["doc_id"] == "caf\\xe9 \\xff" and report["path"].endswith("caf\\xe9 \\xff.txt")
    for inputs in ([str(out)], [str(src), "--model", str(tiny_model_dir)]):  # saved reports, and articles
        html = runner.invoke(app, ["report", *inputs, "--html", str(tmp_path / "html")])
        assert html.exit_code == 0 and isinstance(html.exception, (SystemExit, type(None))), html.exception
        pages = [p for p in (tmp_path / "html").glob("*.html") if p.name != "index.html"]
        assert len(pages) == 1 and "caf\\xe9" in pages[0].read_text(encoding="utf-8")


# --- symbolic links ----------------------------------------------------------------------------

def test_a_symlink_out_of_the_input_folder_is_skipped_and_reported(tmp_path, tiny_model_dir):
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root said x:0:0:root:/root:/bin/bash", encoding="utf-8")
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "story.txt").write_text("The minister said the talks failed.", encoding="utf-8")
    (src / "passwd").symlink_to(secret)
    (src / "sub" / "alias.txt").symlink_to("../story.txt")  # inside the folder: read
    out = tmp_path / "out"
    result = extract(tiny_model_dir, src, "--out", out)
    assert result.exit_code == 1, result.output
    assert "passwd: symbolic link to" in result.stderr and "outside the input folder" in result.stderr
    assert "--follow-symlinks" in result.stderr
    assert texts(out) == ["The minister said the talks failed."] * 2
    followed = extract(tiny_model_dir, src, "--out", tmp_path / "out2", "--follow-symlinks")
    assert followed.exit_code == 0, followed.output
    assert "root said x:0:0:root:/root:/bin/bash" in texts(tmp_path / "out2")


@pytest.mark.parametrize("named", ["absolute", "../elsewhere/passwd"])
def test_export_never_reads_a_file_outside_the_reports_folder(tmp_path, seed_gold, named):
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text(seed_gold["text"], encoding="utf-8")  # the same length: its offsets would fit
    (tmp_path / "reports").mkdir()
    report = {k: v for k, v in seed_gold.items() if k != "text"}
    report["path"] = str(secret) if named == "absolute" else named
    (tmp_path / "reports" / "r.json").write_text(json.dumps(report), encoding="utf-8")
    result = runner.invoke(app, ["export", str(tmp_path / "reports" / "r.json"), "-f", "brat",
                                 "-o", str(tmp_path / "brat")])
    assert result.exit_code == 2
    assert "lies outside the report's folder" in result.output
    assert not (tmp_path / "brat").exists() or not any((tmp_path / "brat").glob("*.txt"))


# --- report --html: one page per document ------------------------------------------------------

def test_report_html_writes_one_page_per_document_whatever_the_ids(tmp_path):
    from attribution.report.html import write_html_reports
    from attribution.schema import report_from_dict

    ids = ["index", "index-2", "index-3", "x", "x", "x-2", "Index", "A", "a"]
    sentence = {"index": 0, "start": 0, "end": 11, "text": "He said so.", "attributions": [], "hedges": [],
                "voice": "author"}
    docs = [report_from_dict({"doc_id": i, "path": None, "publisher": None, "sentences": [sentence],
                              "attributions": [], "sources": [], "text": "He said so."}) for i in ids]
    pages = write_html_reports(docs, tmp_path / "html")
    assert len({p.name.casefold() for p in pages}) == len(ids) + 1  # every article, and the index
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    for page in pages[:-1]:
        assert index.count(f'href="{page.name}"') >= 1


def test_report_html_on_three_index_pages_from_three_folders(tmp_path, tiny_model_dir):
    src = tmp_path / "in"
    for n, folder in enumerate(("a", "b", "c")):
        (src / folder).mkdir(parents=True)
        (src / folder / "index.html").write_text(f"<html><body><p>Source {folder} said {n}.</p></body></html>",
                                                 encoding="utf-8")
    assert extract(tiny_model_dir, src, "--out", tmp_path / "out").exit_code == 0
    result = runner.invoke(app, ["report", str(tmp_path / "out"), "--html", str(tmp_path / "html")])
    assert result.exit_code == 0, result.output
    pages = sorted(p for p in (tmp_path / "html").glob("*.html") if p.name != "index.html")
    assert len(pages) == 3
    shown = sorted(next(s for s in ("Source a", "Source b", "Source c") if s in p.read_text(encoding="utf-8"))
                   for p in pages)
    assert shown == ["Source a", "Source b", "Source c"]


# --- the ONNX cache ----------------------------------------------------------------------------

TEXT = "The minister said on Monday that the talks had failed, according to Reuters."


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTRIBUTION_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_damaged_onnx_cache_is_detected_by_its_checksum_and_rebuilt(tiny_model_dir, cache, capsys):
    import onnx
    from onnx import numpy_helper

    from attribution.tag import engine as engines
    from attribution.tag.tagger import Tagger

    reference = Tagger.load(tiny_model_dir, threads=1).tag(TEXT).predictions.probs
    (graph,) = cache.glob("tagger-*.onnx")
    probe = [np.full((1, 8), 1000, dtype=np.int64), np.ones((1, 8), dtype=np.int64), np.zeros((1, 8), dtype=np.int64)]
    before = engines.OnnxEngine(graph, threads=1)(*probe)[0]
    model = onnx.load(str(graph))
    rng = np.random.default_rng(0)
    damaged = 0
    for init in model.graph.initializer:  # 12 tensors with random values: the file still loads and runs
        arr = numpy_helper.to_array(init)
        if arr.size < 16 or damaged == 12:
            continue
        noise = rng.integers(-127, 127, arr.shape) if arr.dtype.kind == "i" else rng.standard_normal(arr.shape)
        init.CopyFrom(numpy_helper.from_array(noise.astype(arr.dtype), init.name))
        damaged += 1
    onnx.save(model, str(graph))
    assert not np.allclose(engines.OnnxEngine(graph, threads=1)(*probe)[0], before, atol=1e-3)  # damage that matters
    capsys.readouterr()
    again = Tagger.load(tiny_model_dir, threads=1)
    assert "does not match its recorded checksum" in capsys.readouterr().err
    assert np.allclose(again.tag(TEXT).predictions.probs, reference, atol=1e-6)


def test_a_folder_at_the_cache_path_falls_back_without_a_traceback(tiny_model_dir, cache, tmp_path):
    from attribution.tag.tagger import Tagger

    Tagger.load(tiny_model_dir, threads=1)
    (graph,) = cache.glob("tagger-*.onnx")
    for p in cache.glob("tagger-*"):
        p.unlink()
    graph.mkdir()  # a folder where the cached graph should be
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "story.txt"), "--out", str(tmp_path / "out"),
                                 "--model", str(tiny_model_dir), "--threads", "1"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "is not a file" in result.stderr
    assert "running on torch" not in result.stderr  # the fallback is a temporary ONNX export
    assert graph.is_dir() and len(reports(tmp_path / "out")) == 1
