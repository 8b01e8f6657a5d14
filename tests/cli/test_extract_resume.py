"""``extract --out``: a rerun keeps finished reports, and ``--no-resume`` writes every report again.

``--no-resume`` was once ignored (the flag never reached the batch) without any test noticing.
"""
from __future__ import annotations

import json

from typer.testing import CliRunner

from attribution.cli.main import app

runner = CliRunner()
MARK = "kept-from-an-earlier-run"


def _mark(report_file) -> None:
    """Change only the ``model`` field, so the report still belongs to the same text and is complete."""
    report = json.loads(report_file.read_text(encoding="utf-8"))
    report["model"] = MARK
    report_file.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def test_rerun_keeps_reports_and_no_resume_rewrites_them(tmp_path, tiny_model_dir):
    article = tmp_path / "in" / "talks.txt"
    article.parent.mkdir()
    article.write_text("The minister said the talks had failed.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["extract", str(article), "--out", str(out), "--model", str(tiny_model_dir), "--workers", "1"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    report_file = out / "talks.json"
    _mark(report_file)

    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "already done" in again.output
    assert json.loads(report_file.read_text(encoding="utf-8"))["model"] == MARK

    redo = runner.invoke(app, [*args, "--no-resume"])
    assert redo.exit_code == 0, redo.output
    assert "1 written" in redo.output and "already done" not in redo.output
    assert json.loads(report_file.read_text(encoding="utf-8"))["model"] != MARK
