"""Every bad input gets a clear answer: a catalogue, one test each, through the real CLI.

Each test runs ``attribution extract`` (typer's CliRunner, tiny random model) and
checks three things: the exit code (0 ok, 1 some documents failed, 2 usage), the
message on standard error, and that every report written validates against the
contract (every span equals its slice of the report's text).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.cli.main import app
from attribution.validate import contract_errors

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
GOOD = "Officials said on Monday that the talks had failed, according to Reuters.\n"
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.json$")


def extract(model, *args, input: str | bytes | None = None):
    # one torch thread: the default (all cores) crawls when the cores are busy with other work
    return runner.invoke(app, ["extract", *map(str, args), "--model", str(model), "--threads", "1"], input=input)


def flat(output: str) -> str:
    """CLI output with rich's error box and line wrapping taken out."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", output).split())


def written(out: Path) -> dict[str, dict]:
    """The reports in ``out`` by file stem, after checking each one against the contract."""
    reports: dict[str, dict] = {}
    if not out.exists():
        return reports
    for path in sorted(out.iterdir()):
        assert not path.name.startswith(".tmp-"), f"temporary file left behind: {path.name}"
        assert SAFE_NAME.match(path.name), f"unexpected file in --out: {path.name!r}"
        report = json.loads(path.read_text(encoding="utf-8"))
        assert contract_errors(report, report["text"]) == [], path.name
        reports[path.stem] = report
    return reports


def check_spans(report: dict, text: str) -> None:
    """The report is about ``text`` and every span is an exact, trimmed slice of it."""
    assert report["text"] == text
    assert contract_errors(report, text) == []
    for s in report["sentences"]:
        assert text[s["start"]:s["end"]] == s["text"] and s["text"] == s["text"].strip()


# --- empty, binary ---------------------------------------------------------------------------

def test_empty_file(tmp_path, tiny_model_dir):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = extract(tiny_model_dir, tmp_path / "empty.txt", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "empty.txt: empty document" in result.stderr and "1 failed" in result.stderr
    assert written(tmp_path / "out") == {}


def test_whitespace_only_file(tmp_path, tiny_model_dir):
    (tmp_path / "blank.txt").write_text(" \n\t\r\n\u00a0\u3000\n", encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "blank.txt", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "blank.txt: empty document" in result.stderr
    assert written(tmp_path / "out") == {}


def test_empty_stdin(tiny_model_dir):
    result = extract(tiny_model_dir, "-", "--format", "jsonl", input="")
    assert result.exit_code == 1
    assert "-: empty document" in result.stderr and not result.stdout.strip()


def test_nul_bytes_are_binary_and_the_rest_goes_on(tmp_path, tiny_model_dir):
    (tmp_path / "nul.txt").write_bytes(b"He said\x00 yes.")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "nul.txt: binary file" in result.stderr
    assert "1 written" in result.stderr and "1 failed" in result.stderr
    assert list(written(tmp_path / "out")) == ["good"]


@pytest.mark.parametrize("name", ["photo.png", "photo.txt"])
def test_png_named_explicitly_is_binary(tmp_path, tiny_model_dir, name):
    (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 4)
    result = extract(tiny_model_dir, tmp_path / name, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{name}: binary file" in result.stderr
    assert written(tmp_path / "out") == {}


def test_png_inside_a_folder_is_not_an_input(tmp_path, tiny_model_dir):
    """A folder walk takes text suffixes only (.txt .md .html .json .jsonl, none), so images are skipped silently."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "in" / "story.txt").write_text(GOOD, encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "in", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert list(written(tmp_path / "out")) == ["story"]


# --- encodings and line endings ------------------------------------------------------------

def test_cp1252_is_decoded_with_a_warning(tmp_path, tiny_model_dir):
    data = "The minister said \u201cwe will not resign\u201d \u2013 caf\u00e9 owners disagreed.\n".encode("cp1252")
    (tmp_path / "win.txt").write_bytes(data)
    result = extract(tiny_model_dir, tmp_path / "win.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "win.txt: warning: not valid UTF-8" in result.stderr and "decoded as cp1252" in result.stderr
    report = written(tmp_path / "out")["win"]
    text = data.decode("cp1252")
    check_spans(report, text)
    assert report["encoding"] == "cp1252"
    assert any("cp1252" in w for w in report["warnings"])
    assert text.index("\u201c") == 18  # offsets count decoded characters, not bytes


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path, tiny_model_dir):
    data = b"Caf\xe9 owners said \x81\x8d they would stay.\n"
    (tmp_path / "l1.txt").write_bytes(data)
    result = extract(tiny_model_dir, tmp_path / "l1.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "decoded as latin-1" in result.stderr
    report = written(tmp_path / "out")["l1"]
    check_spans(report, data.decode("latin-1"))
    assert report["encoding"] == "latin-1"


def test_utf8_bom_is_not_part_of_the_text(tmp_path, tiny_model_dir):
    body = "CAIRO, January 14. /TASS/. The army said it had taken the airport.\n"
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    result = extract(tiny_model_dir, tmp_path / "bom.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    report = written(tmp_path / "out")["bom"]
    check_spans(report, body)
    assert report["encoding"] == "utf-8" and report["sentences"][0]["start"] == 0
    if report["publisher"]:
        assert report["publisher"]["text"] == "TASS" and body[report["publisher"]["start"]:].startswith("TASS")


def test_crlf_line_endings_are_kept(tmp_path, tiny_model_dir):
    body = "Headline: talks fail\r\n\r\nThe minister said the talks failed.\r\nOfficials said more.\r\n"
    (tmp_path / "crlf.txt").write_bytes(body.encode("utf-8"))
    result = extract(tiny_model_dir, tmp_path / "crlf.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    report = written(tmp_path / "out")["crlf"]
    check_spans(report, body)
    assert "\r\n" in report["text"]
    assert [s["text"] for s in report["sentences"]] == [
        "Headline: talks fail", "The minister said the talks failed.", "Officials said more."]


def test_mixed_and_unbalanced_quotation_marks(tmp_path, tiny_model_dir):
    body = ("He said \u201cwe will win\" and she said \"no\u201d. \u2018Maybe,\u2019 they said.\n\n"
            "\u201cThis quote never closes. It runs on. The minister said so.\n\n"
            "\u00abLes march\u00e9s\u00bb, a d\u00e9clar\u00e9 le ministre, \u201e\u00c4hnlich\u201c. \"Unclosed\n")
    (tmp_path / "quotes.txt").write_text(body, encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "quotes.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    check_spans(written(tmp_path / "out")["quotes"], body)


@pytest.mark.slow
def test_ten_thousand_token_sentence_without_punctuation(tmp_path, tiny_model_dir):
    words = ["officials", "said", "the", "talks", "had", "failed", "according", "to", "sources", "Cairo"]
    body = " ".join(words[i % len(words)] for i in range(10_000))
    (tmp_path / "long.txt").write_text(body, encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "long.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    report = written(tmp_path / "out")["long"]
    check_spans(report, body)
    assert len(report["sentences"]) == 1


def test_one_word_of_a_hundred_thousand_characters(tmp_path, tiny_model_dir):
    body = "He said " + "x" * 100_000 + " yes."
    (tmp_path / "blob.txt").write_text(body, encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "blob.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    check_spans(written(tmp_path / "out")["blob"], body)


# --- large inputs ----------------------------------------------------------------------------

LARGE_DRIVER = textwrap.dedent("""
    import json, resource, sys, time
    from attribution.cli.main import app
    t = time.time()
    try:
        app(sys.argv[1:], prog_name="attribution")
        rc = 0
    except SystemExit as e:
        rc = e.code or 0
    print(json.dumps({"rc": rc, "secs": time.time() - t,
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def write_article(path: Path, n_bytes: int) -> None:
    """A news-like article of about ``n_bytes``: paragraphs of attributed sentences and quotes."""
    import random

    rnd = random.Random(0)
    vocab = ("the minister said officials reportedly claimed talks had failed according to sources in Cairo "
             "who told Reuters that a ceasefire could be signed by Friday while the army denied it").split()
    with path.open("w", encoding="utf-8") as fh:
        size = 0
        while size < n_bytes:
            para = []
            for _ in range(rnd.randint(2, 5)):
                s = " ".join(rnd.choice(vocab) for _ in range(rnd.randint(8, 30))).capitalize() + "."
                para.append(f"\u201c{s[:-1]},\u201d he said." if rnd.random() < 0.2 else s)
            chunk = " ".join(para) + "\n\n"
            fh.write(chunk)
            size += len(chunk.encode("utf-8"))


def run_large(tmp_path: Path, model: Path, n_bytes: int, timeout: int) -> dict:
    article = tmp_path / "large.txt"
    write_article(article, n_bytes)
    driver = tmp_path / "driver.py"
    driver.write_text(LARGE_DRIVER, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(driver), "extract", str(article), "--out", str(tmp_path / "out"),
                           "--model", str(model), "--threads", "1"],
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    assert stats["rc"] == 0, proc.stderr[-3000:]
    report = json.loads((tmp_path / "out" / "large.json").read_text(encoding="utf-8"))
    text = article.read_text(encoding="utf-8")
    assert report["text"] == text and contract_errors(report, text) == []
    stats["stderr"] = proc.stderr
    return stats


@pytest.mark.slow
def test_large_article_completes_with_bounded_memory(tmp_path, tiny_model_dir):
    """A 300 kB article (three sections): completes, valid, peak RSS far below 3 GB.

    The 50 MB case is ``test_fifty_megabyte_article`` (slow) and ``scripts/large_article.py``.
    """
    stats = run_large(tmp_path, tiny_model_dir, 300_000, timeout=600)
    assert re.search(r"processed in [34] sections of at most 100000", stats["stderr"]), stats["stderr"][-2000:]
    assert stats["maxrss_mb"] < 3 * 1024, stats


@pytest.mark.huge
def test_fifty_megabyte_article(tmp_path, tiny_model_dir):
    stats = run_large(tmp_path, tiny_model_dir, 50 * 1024 * 1024, timeout=4 * 3600)
    assert stats["maxrss_mb"] < 3 * 1024, stats


def test_file_over_max_bytes(tmp_path, tiny_model_dir):
    (tmp_path / "big.txt").write_text(GOOD * 10, encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "big.txt", "--out", tmp_path / "out", "--max-bytes", "100")
    assert result.exit_code == 1
    assert "big.txt: file is" in result.stderr and "over the limit of 100" in result.stderr
    assert written(tmp_path / "out") == {}


# --- HTML, JSON, JSONL -----------------------------------------------------------------------

def test_html_with_scripts_styles_and_entities(tmp_path, tiny_model_dir):
    page = ("<!doctype html><html><head><title>Ignored</title><style>p{color:red}</style>"
            "<script>var said = \"the minister said\"; if (a < b && c > d) {}</script></head><body>"
            "<h1>Talks fail</h1><p>The minister said &ldquo;we will not resign&rdquo; &amp; left &mdash; "
            "AT&T&#39;s chief&nbsp;agreed.</p><script>document.write('<p>hidden</p>')</script>"
            "<p>Caf&eacute; owners said &#x201C;no&#x201D;.<br>Unclosed <b>bold</p></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "page.html", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    report = written(tmp_path / "out")["page"]
    text = report["text"]
    assert contract_errors(report, text) == []
    assert "var said" not in text and "hidden" not in text and "color" not in text and "<" not in text
    assert "\u201cwe will not resign\u201d & left \u2014 AT&T's chief\u00a0agreed." in text or \
        "\u201cwe will not resign\u201d & left \u2014 AT&T's chief agreed." in text
    assert "Caf\u00e9 owners said \u201cno\u201d." in text


def test_jsonl_malformed_lines_are_reported_by_line_number(tmp_path, tiny_model_dir):
    lines = [
        json.dumps({"doc_id": "one", "text": GOOD}),
        '{"doc_id": "two", "text": "unterminated',
        json.dumps({"doc_id": "three", "text": "The army said it won."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"doc_id": "five", "body": "no text field"}),
        "",
        json.dumps({"doc_id": "seven", "text": "   "}),
        json.dumps({"doc_id": "eight", "text": "She said \u2028 yes \u0085 really.\r"}, ensure_ascii=False),
    ]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "docs.jsonl", "--out", tmp_path / "out")
    assert result.exit_code == 1
    err = result.stderr
    assert "docs.jsonl:2: malformed JSON on line 2" in err
    assert "docs.jsonl:4: expected a JSON object with a string 'text' field" in err
    assert "docs.jsonl:5: expected a JSON object" in err
    assert "docs.jsonl:7: empty document" in err
    assert "3 written" in err and "4 failed" in err
    reports = written(tmp_path / "out")
    assert sorted(reports) == ["eight", "one", "three"]
    # U+2028 / U+0085 inside a JSON string do not end the record
    assert reports["eight"]["text"] == "She said \u2028 yes \u0085 really.\r"


def test_json_lone_surrogate_escape_is_refused(tmp_path, tiny_model_dir):
    (tmp_path / "s.jsonl").write_text('{"doc_id": "bad", "text": "He said \\ud800 hi."}\n'
                                      '{"doc_id": "ok", "text": "He said \\ud83d\\ude00 hi."}\n', encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "s.jsonl", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "s.jsonl:1: unpaired UTF-16 surrogate" in result.stderr
    assert written(tmp_path / "out")["ok"]["text"] == "He said \U0001F600 hi."


def test_malformed_json_file(tmp_path, tiny_model_dir):
    (tmp_path / "doc.json").write_text('{"text": "He said yes.",\n  oops}', encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "doc.json", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "doc.json: malformed JSON at line 2" in result.stderr


# --- doc ids and output names ------------------------------------------------------------------

def test_duplicate_doc_ids_get_distinct_stable_names(tmp_path, tiny_model_dir):
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "b").mkdir()
    (tmp_path / "in" / "a" / "x.txt").write_text("Alpha said yes.", encoding="utf-8")  # doc id a/x
    (tmp_path / "in" / "b" / "x.txt").write_text("Beta said no.", encoding="utf-8")    # doc id b/x
    recs = [{"doc_id": "x", "text": "Gamma said maybe."}, {"doc_id": "x", "text": "Epsilon said twice."},
            {"doc_id": "x-2", "text": "Delta said later."},
            {"doc_id": "L" * 300, "text": "Long one said."}, {"doc_id": "L" * 300, "text": "Long two said."}]
    (tmp_path / "in" / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / "out"
    result = extract(tiny_model_dir, tmp_path / "in", "--out", out)
    assert result.exit_code == 0, result.output
    assert "duplicate doc id 'x'" in result.stderr and "duplicate doc id 'LLL" in result.stderr
    assert "duplicate doc id 'a/x'" not in result.stderr  # files in two folders are not duplicates
    reports = written(out)
    assert len(reports) == 7  # nothing overwritten
    assert sorted(r["text"] for r in reports.values()) == sorted(
        ["Alpha said yes.", "Beta said no.", "Gamma said maybe.", "Epsilon said twice.", "Delta said later.",
         "Long one said.", "Long two said."])
    assert {"x", "x-2", "x-2-2"} <= set(reports)
    assert all(len(name) <= 150 for name in reports)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    again = extract(tiny_model_dir, tmp_path / "in", "--out", out)
    assert again.exit_code == 0 and "0 written, 7 already done" in again.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


HOSTILE_IDS = ["../../escape", "/etc/passwd", "a/b/c", "..", ".", "nul\x00id", "C:\\Windows\\system32", "   ",
               "~/home", ".hidden", "-rf", "%2e%2e%2fx", "x" * 1000, "\u202eevil\u202d", "con", "a\nb", "\U0001F600"]


def test_hostile_doc_ids_never_leave_the_output_folder(tmp_path, tiny_model_dir):
    work = tmp_path / "work"
    (work / "in").mkdir(parents=True)
    recs = [{"doc_id": i, "text": f"Source {n} said yes."} for n, i in enumerate(HOSTILE_IDS)]
    (work / "in" / "ids.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = work / "deep" / "out"
    result = extract(tiny_model_dir, work / "in", "--out", out)
    assert result.exit_code == 0, result.output
    reports = written(out)
    assert len(reports) == len(HOSTILE_IDS)
    assert sorted(r["text"] for r in reports.values()) == sorted(r["text"] for r in recs)
    everything = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert everything == sorted(["work", "work/in", "work/in/ids.jsonl", "work/deep", "work/deep/out"]
                                + [f"work/deep/out/{name}.json" for name in reports])


# --- unreadable inputs, links, special files -----------------------------------------------------

@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway; see the simulated test below")
def test_unreadable_file_chmod_000(tmp_path, tiny_model_dir):
    (tmp_path / "locked.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked.txt").chmod(0)
    result = extract(tiny_model_dir, tmp_path / "locked.txt", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "locked.txt: cannot read: Permission denied" in result.stderr


def test_unreadable_file_simulated(tmp_path, tiny_model_dir, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "locked.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "open.txt").write_text(GOOD, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = extract(tiny_model_dir, tmp_path / "in", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "locked.txt: cannot read: Permission denied" in result.stderr
    assert list(written(tmp_path / "out")) == ["open"]


def test_symlink_loops_in_a_folder(tmp_path, tiny_model_dir):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "story.txt").write_text(GOOD, encoding="utf-8")
    (src / "sub" / "up").symlink_to("..", target_is_directory=True)    # a folder loop: not followed
    (src / "self").symlink_to(".", target_is_directory=True)
    (src / "ping.txt").symlink_to("pong.txt")                           # a file loop
    (src / "pong.txt").symlink_to("ping.txt")
    (src / "dangling.txt").symlink_to("nowhere.txt")
    result = extract(tiny_model_dir, src, "--out", tmp_path / "out")
    assert result.exit_code == 1
    for name in ("ping.txt", "pong.txt", "dangling.txt"):
        assert f"{name}: broken symbolic link" in result.stderr
    assert "3 failed" in result.stderr and "1 written" in result.stderr
    assert [r["doc_id"] for r in written(tmp_path / "out").values()] == ["sub/story"]


def test_fifo_in_a_folder_does_not_hang(tmp_path, tiny_model_dir):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    (tmp_path / "in" / "story.txt").write_text(GOOD, encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "in", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "pipe.txt: not a regular file" in result.stderr
    assert list(written(tmp_path / "out")) == ["story"]


def test_missing_input_path(tmp_path, tiny_model_dir):
    result = extract(tiny_model_dir, tmp_path / "nope.txt", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "nope.txt: no such file or folder" in result.stderr


# --- output folder problems --------------------------------------------------------------------

@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway; see the simulated tests")
def test_read_only_output_folder_chmod(tmp_path, tiny_model_dir):
    (tmp_path / "story.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out").chmod(0o555)
    result = extract(tiny_model_dir, tmp_path / "story.txt", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "not writable" in flat(result.output)
    assert list((tmp_path / "out").iterdir()) == []


def test_read_only_output_folder_simulated(tmp_path, tiny_model_dir, monkeypatch):
    import tempfile

    (tmp_path / "story.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "out").mkdir()

    def mkstemp(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    result = extract(tiny_model_dir, tmp_path / "story.txt", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "Invalid value for --out" in flat(result.output)
    assert "is not writable: Permission denied" in flat(result.output)
    assert list((tmp_path / "out").iterdir()) == []


def test_output_path_is_a_file(tmp_path, tiny_model_dir):
    (tmp_path / "story.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "story.txt", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "exists and is not a folder" in flat(result.output)
    assert (tmp_path / "out").read_text(encoding="utf-8") == "not a folder"


def test_write_failure_mid_run_loses_nothing(tmp_path, tiny_model_dir, monkeypatch):
    """Disk full on one report: no partial or temporary file, the others written, a rerun completes it."""
    import attribution.batch as batch

    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        (src / f"d{i}.txt").write_text(f"Source {i} said the talks failed.", encoding="utf-8")
    real = os.replace
    calls = []

    def replace(a, b):
        calls.append(b)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(a, b)

    monkeypatch.setattr(batch.os, "replace", replace)
    out = tmp_path / "out"
    result = extract(tiny_model_dir, src, "--out", out)
    assert result.exit_code == 1
    assert "d1.txt: cannot write report: No space left on device" in result.stderr
    assert sorted(written(out)) == ["d0", "d2", "d3"]
    monkeypatch.setattr(batch.os, "replace", real)
    again = extract(tiny_model_dir, src, "--out", out)
    assert again.exit_code == 0 and "1 written, 3 already done" in again.stderr
    assert sorted(written(out)) == ["d0", "d1", "d2", "d3"]


def test_truncated_report_is_redone_on_resume(tmp_path, tiny_model_dir):
    (tmp_path / "story.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "story.json").write_text('{"doc_id": "story", "sente', encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "story.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0 and "1 written" in result.stderr
    check_spans(written(tmp_path / "out")["story"], GOOD)


def test_reports_get_the_ordinary_file_mode(tmp_path, tiny_model_dir):
    """Not mkstemp's private 0600: a report is readable like any file the user creates."""
    (tmp_path / "story.txt").write_text(GOOD, encoding="utf-8")
    result = extract(tiny_model_dir, tmp_path / "story.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "out" / "story.json").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_document_that_breaks_assembly_does_not_stop_the_batch(tmp_path, tiny_model_dir, monkeypatch):
    """An internal error on one document (a rule bug on odd text) costs that document only."""
    import attribution.assemble.build as build

    (tmp_path / "in").mkdir()
    for name in ("a", "boom", "c"):
        (tmp_path / "in" / f"{name}.txt").write_text(GOOD if name != "boom" else "BOOM " + GOOD, encoding="utf-8")
    real = build.build_report

    def fragile(doc_id, text, *args, **kwargs):
        if text.startswith("BOOM"):
            raise RuntimeError("rule failed")
        return real(doc_id, text, *args, **kwargs)

    monkeypatch.setattr(build, "build_report", fragile)
    result = extract(tiny_model_dir, tmp_path / "in", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "boom.txt: internal error, no report written: RuntimeError: rule failed" in result.stderr
    assert sorted(written(tmp_path / "out")) == ["a", "c"]
    assert "2 written" in result.stderr
