"""Worker processes give the same reports, in the same order, as one process."""
from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from attribution.cli.main import app
from attribution.parallel import ProcessPoolAttributor
from attribution.pipeline import Attributor
from attribution.read import Document

TEXTS = [f"Officials said on day {i} that the talks had failed, according to Reuters. "
         f"\"We will not sign,\" the minister told reporters.\n\nMarkets fell {i}%." for i in range(11)]


def test_workers_match_one_process_in_order(tiny_model_dir):
    docs = [Document(f"d{i}", t) for i, t in enumerate(TEXTS)]
    one = [r.to_dict() for r in Attributor.load(tiny_model_dir, threads=1).extract_documents(docs)]
    many = [r.to_dict() for r in ProcessPoolAttributor(2, tiny_model_dir, chunk=3).extract_documents(docs)]
    assert [r["doc_id"] for r in many] == [f"d{i}" for i in range(11)]
    assert many == one


def test_cli_workers_write_the_same_files(tiny_model_dir, tmp_path):
    (tmp_path / "in").mkdir()
    for i, t in enumerate(TEXTS):
        (tmp_path / "in" / f"a{i}.txt").write_text(t, encoding="utf-8")
    runner = CliRunner()
    for out, extra in (("one", ["--threads", "1"]), ("two", ["--workers", "2"])):
        result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / out),
                                     "--model", str(tiny_model_dir), *extra])
        assert result.exit_code == 0, result.output
    one = {p.name: json.loads(p.read_text()) for p in (tmp_path / "one").iterdir()}
    two = {p.name: json.loads(p.read_text()) for p in (tmp_path / "two").iterdir()}
    assert len(one) == 11 and one == two


def test_a_missing_model_is_refused_before_any_worker_starts(tmp_path):
    result = CliRunner().invoke(app, ["extract", "-", "--format", "jsonl", "--workers", "2", "--model", str(tmp_path)],
                                input="The minister said so.")
    flat = " ".join(re.sub(r"[\u2500-\u257f]", " ", result.output).split())
    assert result.exit_code == 2 and "not a saved tagger" in flat
