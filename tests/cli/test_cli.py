"""The CLI end to end (typer's CliRunner) with the tiny model: outputs follow the contract."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from attribution.cli.main import app
from attribution.validate import contract_errors

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_extract_folder_writes_contract_valid_json(tmp_path, tiny_model_dir):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(ROOT / "seeds"), "--out", str(out), "--model", str(tiny_model_dir)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.json"))
    assert [f.stem for f in files] == sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
    for f in files:
        report = json.loads(f.read_text(encoding="utf-8"))
        text = (ROOT / "seeds" / f"{f.stem}.txt").read_text(encoding="utf-8")
        assert report["text"] == text
        assert contract_errors(report, text) == []
    # a rerun skips what is done and writes nothing new
    again = runner.invoke(app, ["extract", str(ROOT / "seeds"), "--out", str(out), "--model", str(tiny_model_dir)])
    assert again.exit_code == 0 and "already done" in again.output


def test_extract_jsonl_to_stdout_and_stdin(tiny_model_dir):
    result = runner.invoke(app, ["extract", "-", "--format", "jsonl", "--model", str(tiny_model_dir)],
                           input="The minister said the talks failed.")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    report = json.loads(line)
    # standard input is named by its content, so two different texts piped into one --out both keep a report
    digest = hashlib.sha256(b"The minister said the talks failed.").hexdigest()
    assert report["doc_id"] == f"stdin-{digest[:8]}" and report["text_sha256"] == digest
    assert contract_errors(report, report["text"]) == []


def test_extract_reports_failures_with_exit_1(tmp_path, tiny_model_dir):
    (tmp_path / "good.txt").write_text("He said yes.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(tmp_path / "good.txt"), str(tmp_path / "bad.txt"), "--out", str(out),
                                 "--model", str(tiny_model_dir)])
    assert result.exit_code == 1
    assert "binary" in result.output and "1 failed" in result.output
    assert [f.name for f in out.glob("*.json")] == ["good.json"]


def test_extract_usage_error_exit_2(tiny_model_dir):
    result = runner.invoke(app, ["extract", "seeds"])
    assert result.exit_code == 2


def test_report_table_and_json(tiny_model_dir):
    seed = str(ROOT / "seeds" / "000_fff7737d1579c4c2.txt")
    table = runner.invoke(app, ["report", seed, "--model", str(tiny_model_dir)])
    assert table.exit_code == 0, table.output
    assert "CAIRO" in table.output and "voice" in table.output
    as_json = runner.invoke(app, ["report", seed, "--format", "json", "--model", str(tiny_model_dir)])
    assert json.loads(as_json.stdout)["doc_id"] == "000_fff7737d1579c4c2"


def test_info_json(tiny_model_dir):
    result = runner.invoke(app, ["info", "--json", "--model", str(tiny_model_dir)])
    data = json.loads(result.stdout)
    assert data["model_present"] and data["torch"].startswith("2.13")


def test_evaluate_predictions_folder(tmp_path, seed_gold):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(seed_gold) + "\n", encoding="utf-8")
    preds = tmp_path / "preds"
    preds.mkdir()
    # the gold as a prediction, less its last attribution: 14 of 15 found, none spurious
    pred = dict(seed_gold, sentences=[], sources=[], path=None, attributions=seed_gold["attributions"][:-1])
    (preds / f"{seed_gold['doc_id']}.json").write_text(json.dumps(pred), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--predictions", str(preds), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert (scores["attribution"]["precision"], scores["attribution"]["recall"]) == (1.0, round(14 / 15, 4))
    assert scores["summary"]["attribution_f1"] == round(2 * 14 / (14 + 15), 4)


def test_help_does_not_import_torch():
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom attribution.cli.main import app\n"
            "r = CliRunner().invoke(app, ['--help'])\nassert r.exit_code == 0\nprint('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
