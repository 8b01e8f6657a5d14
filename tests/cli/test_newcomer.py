"""What a newcomer runs into on a first try: each test here guards a defect found by trying
the tool as a new user would (issue "The CLI a newcomer expects"), and failed before its fix.

The model is the tiny random one (fast); where an attribution must exist, the report is
built by hand, since the tiny model tags at random.
"""
from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.cli.main import app
from attribution.schema import Attribution, Report, Sentence, SourceSpan, Span

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
ARTICLE = "The minister said the talks had failed.\n\nOfficials told reporters the deal was dead."


def _no_traceback(result) -> None:
    """The command ended on purpose (an exit code), not on an exception escaping it."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def _articles(folder: Path, n: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"article{i}.txt").write_text(f"Report {i}. {ARTICLE}", encoding="utf-8")
    return folder


def _json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


# --- the basics ---------------------------------------------------------------------------

def test_version():
    from attribution import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"attribution {__version__}"


@pytest.mark.parametrize("contents", [[], ["photo.png", ".hidden.txt"]], ids=["empty", "no-supported-files"])
def test_folder_with_nothing_to_read_is_an_error_naming_the_extensions(tmp_path, tiny_model_dir, contents):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in contents:
        (folder / name).write_bytes(b"\x89PNG\r\n" if name.endswith(".png") else b"He said so.")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "--out", str(out), "--model", str(tiny_model_dir)])
    assert result.exit_code == 1, result.output
    assert "no supported files" in result.output
    for suffix in (".txt", ".md", ".html", ".json", ".jsonl"):
        assert suffix in result.output
    assert not list(out.glob("*.json"))


def test_report_format_json_prints_json_lines(tmp_path, tiny_model_dir):
    folder = _articles(tmp_path / "in", 2)
    result = runner.invoke(app, ["report", str(folder), "--format", "json", "--model", str(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 2  # one report per line, not an indented document spread over hundreds
    assert sorted(json.loads(line)["doc_id"] for line in lines) == ["article0", "article1"]


def test_jsonl_with_out_is_an_error_not_ignored(tmp_path, tiny_model_dir):
    article = _articles(tmp_path / "in", 1) / "article0.txt"
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(article), "--format", "jsonl", "--out", str(out),
                                 "--model", str(tiny_model_dir)])
    assert result.exit_code == 2, result.output
    assert "--format jsonl" in result.output and "--out" in result.output
    assert not any(line.startswith("{") for line in result.stdout.splitlines())
    assert not out.exists()


# --- a folder of reports and articles -------------------------------------------------------

def _extract(paths: list[str], out: Path, model: Path) -> None:
    result = runner.invoke(app, ["extract", *paths, "--out", str(out), "--model", str(model)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("reports_inside", ["top", "subfolder"])
def test_mixed_folder_of_reports_and_articles_is_handled_whole(tmp_path, tiny_model_dir, monkeypatch, reports_inside):
    """``extract in/ --out in/reports`` (or reports saved beside the articles) then ``report in/``:
    every article appears once, from its report or freshly run, and none is dropped."""
    monkeypatch.chdir(tmp_path)
    folder = _articles(Path("in"), 2)
    out = folder / "reports" if reports_inside == "subfolder" else folder
    _extract([str(folder / "article0.txt")], out, tiny_model_dir)
    if reports_inside == "top":
        (folder / "article0.txt").unlink()  # a report whose article is elsewhere
    (folder / "new.txt").write_text("Police said nobody was hurt.", encoding="utf-8")
    result = runner.invoke(app, ["report", str(folder), "--format", "json", "--model", str(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    ids = sorted(r["doc_id"] for r in _json_lines(result.stdout))
    assert ids == ["article0", "article1", "new"]
    assert "report JSONs and articles" in result.stderr


def test_export_of_a_mixed_folder_keeps_the_articles(tmp_path, tiny_model_dir):
    folder = _articles(tmp_path / "in", 2)
    _extract([str(folder / "article0.txt")], folder, tiny_model_dir)
    (folder / "article0.txt").unlink()
    out = tmp_path / "export.conll"
    result = runner.invoke(app, ["export", str(folder), "-f", "conll", "-o", str(out), "--model", str(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output


# --- user errors get a message, not a traceback -----------------------------------------------

def test_html_pointing_at_a_file_is_a_usage_error(tmp_path, tiny_model_dir):
    afile = tmp_path / "taken"
    afile.write_text("x", encoding="utf-8")
    article = _articles(tmp_path / "in", 1) / "article0.txt"
    result = runner.invoke(app, ["report", str(article), "--html", str(afile), "--model", str(tiny_model_dir)])
    _no_traceback(result)
    assert result.exit_code == 2 and "--html" in result.output and "not a folder" in result.output


def test_html_at_an_uncreatable_path_is_a_usage_error(tmp_path, tiny_model_dir):
    afile = tmp_path / "taken"
    afile.write_text("x", encoding="utf-8")
    article = _articles(tmp_path / "in", 1) / "article0.txt"
    result = runner.invoke(app, ["report", str(article), "--html", str(afile / "pages"), "--model", str(tiny_model_dir)])
    _no_traceback(result)
    assert result.exit_code == 2 and "cannot create output folder" in result.output


def _brat_folder(tmp_path: Path, model: Path, doc_id: str = "article0") -> Path:
    reports = tmp_path / "reports"
    _extract([str(_articles(tmp_path / "in", 1) / "article0.txt")], reports, model)
    if doc_id != "article0":
        report = json.loads((reports / "article0.json").read_text(encoding="utf-8"))
        (reports / "article0.json").write_text(json.dumps({**report, "doc_id": doc_id}), encoding="utf-8")
    brat = tmp_path / "brat"
    result = runner.invoke(app, ["export", str(reports), "-f", "brat", "-o", str(brat)])
    assert result.exit_code == 0, result.output
    return brat


def test_import_to_an_existing_folder_is_an_error(tmp_path, tiny_model_dir):
    brat = _brat_folder(tmp_path, tiny_model_dir)
    existing = tmp_path / "somewhere"
    existing.mkdir()
    result = runner.invoke(app, ["import", str(brat), "--from", "brat", "-o", str(existing)])
    _no_traceback(result)
    assert result.exit_code == 2 and "is a folder" in result.output


@pytest.mark.parametrize("doc_id", ["x" * 300, "é" * 300], ids=["ascii", "two-byte"])
def test_export_of_a_very_long_doc_id_writes_files(tmp_path, tiny_model_dir, doc_id):
    brat = _brat_folder(tmp_path, tiny_model_dir, doc_id=doc_id)
    written = sorted(p for p in brat.iterdir() if p.suffix in (".txt", ".ann"))
    assert len(written) == 2 and all(len(p.name.encode("utf-8")) <= 255 for p in written)
    back = tmp_path / "back.jsonl"
    result = runner.invoke(app, ["import", str(brat), "--from", "brat", "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert json.loads(back.read_text(encoding="utf-8").splitlines()[0])["text"].startswith("Report 0.")


def test_ray_backend_without_ray_says_how_to_install_it(tmp_path, tiny_model_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # "import ray" now fails as if Ray were not installed
    monkeypatch.setitem(sys.modules, "ray.data", None)
    article = _articles(tmp_path / "in", 1) / "article0.txt"
    result = runner.invoke(app, ["extract", str(article), "--out", str(tmp_path / "out"), "--backend", "ray",
                                 "--model", str(tiny_model_dir)])
    _no_traceback(result)
    assert result.exit_code == 2
    assert 'pip install -e ".[ray]"' in " ".join(result.output.split())


def test_help_shows_the_ray_extra_literally():
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    assert "'.[ray]'" in result.output  # Rich markup once turned "attribution[ray]" into "attribution"


# --- progress, tables ---------------------------------------------------------------------------

def test_progress_shows_done_total_rate_and_time_left(tmp_path, tiny_model_dir):
    from rich.console import Console

    from attribution.batch import run_batch
    from attribution.cli.progress import progress_reporter
    from attribution.pipeline import Attributor

    folder = _articles(tmp_path / "in", 3)
    (folder / "more.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n\n" + json.dumps({"text": ARTICLE}) + "\n",
                                       encoding="utf-8")
    attributor = Attributor.load(tiny_model_dir, threads=1)
    out = tmp_path / "out"
    run_batch(attributor, [str(folder / "article0.txt")], out)  # done before: skipped, and still counted
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160, color_system=None)
    ticks = []
    with progress_reporter([str(folder)], console=console) as tick:
        summary = run_batch(attributor, [str(folder)], out, on_progress=lambda d: (ticks.append(d), tick(d)))
    assert summary.skipped == 1 and summary.written == 4 and len(ticks) == 5
    drawn = screen.getvalue()
    assert "5/5" in drawn and "docs/s" in drawn and re.search(r"elapsed, \d+:\d\d:\d\d left", drawn)


def test_piped_tables_use_120_columns_or_width(tmp_path, tiny_model_dir):
    article = _articles(tmp_path / "in", 1) / "article0.txt"
    piped = runner.invoke(app, ["report", str(article), "--model", str(tiny_model_dir)], env={"COLUMNS": None})
    assert piped.exit_code == 0, piped.output
    assert max(len(line) for line in piped.stdout.splitlines()) == 120
    narrow = runner.invoke(app, ["report", str(article), "--width", "90", "--model", str(tiny_model_dir)])
    assert narrow.exit_code == 0, narrow.output
    assert max(len(line) for line in narrow.stdout.splitlines()) == 90
    reports = tmp_path / "reports"
    _extract([str(article)], reports, tiny_model_dir)
    inventory = runner.invoke(app, ["sources", str(reports), "--width", "70"])
    assert inventory.exit_code == 0 and max(len(line) for line in inventory.stdout.splitlines()) <= 70


def _two_attribution_report() -> Report:
    """One sentence with two long attributions (their text wraps over several lines)."""
    text = ("Al Arabiya reported that the ceasefire agreed in Moscow would not hold for long because neither side "
            "trusted the other, citing anonymous army sources who said the commanders had not been consulted.")
    def span(piece: str) -> Span:
        start = text.index(piece)
        return Span(start, start + len(piece), piece)

    first_content = span("the ceasefire agreed in Moscow would not hold for long because neither side trusted the other")
    second_content = span("the commanders had not been consulted")
    source1, source2 = span("Al Arabiya"), span("anonymous army sources")
    attributions = [
        Attribution("a1", SourceSpan(source1.start, source1.end, source1.text, "media"), span("reported"),
                    [first_content], confidence=0.81),
        Attribution("a2", SourceSpan(source2.start, source2.end, source2.text, "anonymous", True), span("said"),
                    [second_content], confidence=0.37),
    ]
    sentence = Sentence(0, 0, len(text), text, ["a1", "a2"], voice="attributed")
    return Report("two", None, None, [sentence], attributions, [], text=text)


def test_each_confidence_sits_beside_its_attribution():
    from rich.console import Console

    from attribution.report.terminal import print_report

    screen = io.StringIO()
    print_report(_two_attribution_report(), Console(file=screen, width=100, color_system=None))
    lines = screen.getvalue().splitlines()
    for aid, confidence in (("a1", "0.81"), ("a2", "0.37")):
        line = next(x for x in lines if re.search(rf"\b{aid}\b", x))
        assert confidence in line, (aid, line)


# --- the Python API -----------------------------------------------------------------------------

def test_to_dict_includes_the_text_as_the_readme_says():
    report = _two_attribution_report()
    assert report.to_dict()["text"] == report.text
    assert "text" not in report.to_dict(include_text=False)


# --- the README, read by a stranger -------------------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_links_and_commands_stay_inside_the_clone():
    assert "../shared" not in README and "shared/" not in README
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README):
        if not re.match(r"[a-z]+://", target):
            assert (ROOT / target).exists(), f"README links to {target}, which is not in the clone"


def test_readme_has_no_internal_project_language():
    assert not re.search(r"\bissue \d", README, re.IGNORECASE)


def test_readme_says_where_polnear_comes_from_and_how_to_install_ray():
    assert "https://github.com/networkdynamics/PolNeAR" in README
    assert 'pip install -e ".[ray]"' in README


@pytest.mark.slow
def test_readme_sample_output_is_what_the_tool_prints_now():
    import subprocess

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "readme_sample.py"), "--check"], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
