"""Output that cannot be hijacked (issue 14, section 3): one test per defect.

Article text, doc ids, file names and source names are written by someone else.
The terminal report and tables print them literally (no rich markup, no control
characters reaching the terminal), CSV cells cannot start a spreadsheet formula,
and a hostile report JSON gets a clear error with bounded memory. Each test
failed on the code before its fix.
"""
from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.cli.main import app
from attribution.validate import contract_errors

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
WIDE = {"COLUMNS": "400"}  # one table row per line, so literal strings are not wrapped apart

NAMES = ['[bold]Ann[/bold]', '=HYPERLINK("http://evil.example")', "+cmd|calc", "-2+3", "@SUM(A1)"]
CONTENT = "\x1b[31mthe [/red] vote\x1b]0;pwned\x07 was \u202efake\u202c and \x9b2J gone"
TEXT = (f"{NAMES[0]} said {CONTENT}. {NAMES[1]} said yes, {NAMES[2]} said no, "
        f"{NAMES[3]} said maybe and {NAMES[4]} said later.")
DOC_ID = "[red]doc[/red]\x1b[2J"


def span(piece: str, after: int = 0) -> dict:
    start = TEXT.index(piece, after)
    return {"start": start, "end": start + len(piece), "text": piece}


def hostile_report() -> dict:
    """A contract-valid report whose every shown string is an attack on a terminal or a spreadsheet."""
    atts, sources = [], []
    for n, name in enumerate(NAMES, 1):
        src = span(name)
        cue = span("said", src["end"])
        content = span(CONTENT) if n == 1 else span(TEXT[cue["end"] + 1:].split(",")[0].split(" and ")[0].rstrip("."),
                                                       cue["end"])
        atts.append({"id": f"a{n}", "source": {**src, "kind": "person", "anonymous": False, "resolves_to": None},
                     "cue": cue, "content": [content], "quote": "indirect", "via": None, "recipient": None,
                     "hedges": [], "confidence": 0.9, "certainty": "stated", "source_id": f"s{n}"})
        sources.append({"id": f"s{n}", "name": name, "kind": "person", "anonymous": False, "mentions": [src]})
    first_end = TEXT.index(". ") + 1
    sentences = [{"index": 0, "start": 0, "end": first_end, "text": TEXT[:first_end], "attributions": ["a1"],
                  "hedges": [], "voice": "attributed"},
                 {"index": 1, "start": first_end + 1, "end": len(TEXT), "text": TEXT[first_end + 1:],
                  "attributions": ["a2", "a3", "a4", "a5"], "hedges": [], "voice": "attributed"}]
    report = {"doc_id": DOC_ID, "path": None, "publisher": None, "sentences": sentences, "attributions": atts,
              "sources": sources, "text": TEXT}
    assert contract_errors(report, TEXT) == []
    return report


@pytest.fixture()
def hostile(tmp_path) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile_report(), ensure_ascii=False), encoding="utf-8")
    return path


def no_controls(output: str) -> None:
    """Nothing a terminal would act on: no ESC, no C1 CSI, no bidirectional override."""
    for ch in ("\x1b", "\x9b", "\x07", "\u202e"):
        assert ch not in output, f"{ch!r} reached the terminal"


# --- the terminal report and tables --------------------------------------------------------------

def test_terminal_report_prints_markup_and_control_characters_literally(hostile):
    result = runner.invoke(app, ["report", str(hostile)], env=WIDE)
    assert result.exit_code == 0 and result.exception is None, result.exception  # no MarkupError
    out = result.stdout
    for literal in ("[bold]Ann[/bold]", "[/red]", "[red]doc[/red]", '=HYPERLINK("http://evil.example")'):
        assert literal in out, literal  # neither a crash nor a vanished tag
    no_controls(out)
    assert "\\x1b[31mthe [/red] vote" in out and "\\x1b]0;pwned\\x07" in out and "\\u202efake" in out


def test_sources_table_prints_names_literally(hostile):
    result = runner.invoke(app, ["sources", str(hostile)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "[bold]Ann[/bold]" in result.stdout and "+cmd|calc" in result.stdout
    no_controls(result.stdout)


def test_error_lines_show_control_characters_escaped(tmp_path, tiny_model_dir):
    name = "\x1b]0;pwned\x07\x1b[2J.txt"  # a file name that retitles the window and clears the screen
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(b"")
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                 "--model", str(tiny_model_dir), "--threads", "1"])
    assert result.exit_code == 1
    no_controls(result.stderr)
    assert "\\x1b]0;pwned\\x07\\x1b[2J.txt: empty document" in result.stderr


def test_progress_bar_shows_a_doc_id_literally(monkeypatch):
    from rich.console import Console

    from attribution.cli import progress

    shown = io.StringIO()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("rich.console.Console", lambda **kw: Console(file=shown, force_terminal=True, width=200))
    with progress.progress_reporter() as tick:
        tick("[/red]\x1b[2J")  # a MarkupError in the bar's refresh would end the run
    assert "[/red]" in shown.getvalue() and "\x1b[2J" not in shown.getvalue()


# --- CSV ---------------------------------------------------------------------------------------------

def test_csv_output_escapes_spreadsheet_formulas(hostile):
    result = runner.invoke(app, ["sources", str(hostile), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    names = {r["name"] for r in rows}
    assert names == {"[bold]Ann[/bold]", "'=HYPERLINK(\"http://evil.example\")", "'+cmd|calc", "'-2+3", "'@SUM(A1)"}
    assert all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r)
    assert {r["claims"] for r in rows} == {"1"}  # numbers stay numbers


# --- hostile report JSON -------------------------------------------------------------------------

def _variant(kind: str) -> dict:
    report = hostile_report()
    sentence = report["sentences"][0]
    if kind == "end-1e8-float":
        sentence["end"] = 1e8
    elif kind == "end-1e8-no-text":
        report.pop("text")
        sentence["end"] = 100_000_000
        sentence["start"] = 100_000_000 - len(sentence["text"])
    elif kind == "start-not-a-number":
        sentence["start"] = "abc"
    elif kind == "end-before-start":
        sentence["start"], sentence["end"] = sentence["end"], sentence["start"]
    elif kind == "span-beyond-text":
        report["attributions"][0]["cue"] = {"start": 0, "end": len(TEXT) + 5, "text": "x" * (len(TEXT) + 5)}
    elif kind == "source-not-an-object":
        report["attributions"][0]["source"] = "Ann"
    elif kind == "doc-id-a-number":
        report["doc_id"] = 5
    elif kind == "mention-too-far":
        report.pop("text")
        report["sources"][0]["mentions"] = [{"start": 10**12, "end": 10**12 + 3, "text": "Ann"}]
    return report


KINDS = ["end-1e8-float", "end-1e8-no-text", "start-not-a-number", "end-before-start", "span-beyond-text",
         "source-not-an-object", "doc-id-a-number", "mention-too-far"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["report", "html", "sources"])
def test_a_hostile_report_json_gets_a_clear_error(tmp_path, kind, command):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_variant(kind)), encoding="utf-8")
    args = {"report": ["report", str(path)], "html": ["report", str(path), "--html", str(tmp_path / "html")],
            "sources": ["sources", str(path)]}[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert f"{path}: not a valid attribution report" in result.stderr


def test_a_deeply_nested_report_json_gets_a_clear_error(tmp_path):
    path = tmp_path / "r.json"
    path.write_text('{"attributions": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = runner.invoke(app, ["report", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert "nested too deeply" in result.stderr


def test_a_hostile_report_json_cannot_take_gigabytes(tmp_path):
    """Before: a sentence ``end`` of 1e8 in a report without text took 2.5 GB in ``report --html``.
    Now it is refused; run under a 1.5 GB address-space limit, it finishes with a message."""
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_variant("end-1e8-no-text")), encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    proc = subprocess.run([sys.executable, "-m", "attribution.cli.main", "report", str(path), "--html",
                           str(tmp_path / "html")], capture_output=True, text=True, preexec_fn=limit, timeout=120,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert "not a valid attribution report" in proc.stderr


def test_a_fifo_named_like_a_report_does_not_hang_report(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    plain = {"doc_id": "good", "path": None, "publisher": None, "attributions": [], "sources": [], "text": "He said so.",
             "sentences": [{"index": 0, "start": 0, "end": 11, "text": "He said so.", "attributions": [], "hedges": [],
                            "voice": "author"}]}
    (folder / "good.json").write_text(json.dumps(plain), encoding="utf-8")
    os.mkfifo(folder / "pipe.json")  # opening it for reading would wait for a writer forever
    proc = subprocess.run([sys.executable, "-m", "attribution.cli.main", "report", str(folder)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **WIDE})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "He said so." in proc.stdout
