"""``--acts``: extract, report (terminal, JSON and HTML) and sources keep only the kinds asked for.

The model is replaced by gold spans assembled by the real steps (the oracle), so the
reports hold one attribution of each act and the filter is what is under test.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from gold_spans import gold
from typer.testing import CliRunner

from attribution.assemble.build import build_report
from attribution.cli.main import app
from attribution.report.acts import keep_acts, parse_acts
from attribution.tag.oracle import oracle_tagged
from attribution.validate import contract_errors

runner = CliRunner()

TEXT = ("A study published on Monday found that bees were harmed. Minister Ann Lee believes the talks will fail. "
        "Nordvik Foods plans to cut jobs. Mayor Tom Hale said the budget was balanced.")


def _gold():
    return gold(TEXT, {"source": "A study published on Monday", "cue": "found", "content": ["bees were harmed"]},
                {"source": "Minister Ann Lee", "cue": "believes", "content": ["the talks will fail"]},
                {"source": "Nordvik Foods", "cue": "plans", "content": ["to cut jobs"]},
                {"source": "Mayor Tom Hale", "cue": "said", "content": ["the budget was balanced"]})


def _report(doc_id: str = "acts"):
    return build_report(doc_id, TEXT, oracle_tagged(_gold()))


@pytest.fixture()
def saved_report(tmp_path) -> Path:
    path = tmp_path / "reports" / "acts.json"
    path.parent.mkdir()
    path.write_text(json.dumps(_report().to_dict()), encoding="utf-8")
    return path


def test_the_report_under_test_has_one_attribution_of_each_act():
    assert [a.act for a in _report().attributions] == ["evidence", "thought", "other", "speech"]


def test_keep_acts_keeps_a_contract_report_with_only_those_kinds():
    report = _report()
    report.attributions[3].via = report.attributions[1].id  # a chain through an attribution that will leave
    kept = keep_acts(report, parse_acts("speech,evidence"))
    assert [a.act for a in kept.attributions] == ["evidence", "speech"]
    assert kept.attributions[1].via is None and report.attributions[3].via is not None  # the original is untouched
    listed = [x for s in kept.sentences for x in s.attributions]
    assert listed == [a.id for a in kept.attributions]
    assert sorted(s.name for s in kept.sources) == ["A study published on Monday", "Tom Hale"]
    assert contract_errors(kept.to_dict(), TEXT) == []
    assert keep_acts(report, None) is report


def test_parse_acts_names_the_kinds_there_are():
    assert parse_acts(" Speech , thought") == frozenset({"speech", "thought"})
    assert parse_acts("") is None
    with pytest.raises(ValueError, match="speech, thought, evidence, other"):
        parse_acts("speech,quotes")


def test_report_json_and_html_keep_only_the_acts_asked_for(saved_report, tmp_path):
    result = runner.invoke(app, ["report", str(saved_report), "--format", "json", "--acts", "thought"])
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.stdout.splitlines() if x.strip()]
    assert [a["act"] for a in json.loads(line)["attributions"]] == ["thought"]
    table = runner.invoke(app, ["report", str(saved_report), "--acts", "evidence", "--width", "200"])
    assert table.exit_code == 0 and "· evidence" in table.stdout and "· thought" not in table.stdout
    html = tmp_path / "html"
    result = runner.invoke(app, ["report", str(saved_report), "--html", str(html), "--acts", "speech"])
    assert result.exit_code == 0, result.output
    page = next(p for p in html.glob("*.html") if p.name != "index.html").read_text(encoding="utf-8")
    assert "a4 cue" in page and "a1 cue" not in page and "a2 cue" not in page
    all_kinds = tmp_path / "all"
    assert runner.invoke(app, ["report", str(saved_report), "--html", str(all_kinds)]).exit_code == 0
    page = next(p for p in all_kinds.glob("*.html") if p.name != "index.html").read_text(encoding="utf-8")
    assert "a1 content (evidence)" in page and "a2 content (thought)" in page and "a4 content (" not in page


def test_sources_keeps_the_sources_of_the_acts_asked_for(saved_report):
    result = runner.invoke(app, ["sources", str(saved_report), "--format", "json", "--acts", "evidence,other"])
    assert result.exit_code == 0, result.output
    assert sorted(r["name"] for r in json.loads(result.stdout)) == ["A study published on Monday", "Nordvik Foods"]


def test_an_unknown_act_is_a_usage_error_before_anything_loads(saved_report):
    for command in ("extract", "report", "sources"):
        result = runner.invoke(app, [command, str(saved_report), "--acts", "quotes"])
        assert result.exit_code == 2, (command, result.output)
        assert "speech, thought, evidence, other" in result.output


class _OracleAttributor:
    """Stands in for the model: every document gets the report of the gold spans above."""

    model_name = "oracle"

    def extract_documents(self, documents, on_failure=None):
        for doc in documents:
            yield build_report(doc.doc_id, doc.text, oracle_tagged(_gold()), doc.path)


def test_extract_writes_only_the_acts_asked_for_and_redoes_saved_reports(tmp_path, monkeypatch):
    from attribution import pipeline

    monkeypatch.setattr(pipeline.Attributor, "load", classmethod(lambda cls, *a, **k: _OracleAttributor()))
    article = tmp_path / "acts.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    first = runner.invoke(app, ["extract", str(article), "--out", str(out), "--workers", "1"])
    assert first.exit_code == 0, first.output
    result = runner.invoke(app, ["extract", str(article), "--out", str(out), "--workers", "1", "--acts", "thought,speech"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "acts.json").read_text(encoding="utf-8"))
    assert [a["act"] for a in report["attributions"]] == ["thought", "speech"]  # not skipped as already done
    assert contract_errors(report, TEXT) == []
    lines = runner.invoke(app, ["extract", str(article), "--format", "jsonl", "--workers", "1", "--acts", "other"])
    assert [a["act"] for a in json.loads(lines.stdout.splitlines()[0])["attributions"]] == ["other"]
