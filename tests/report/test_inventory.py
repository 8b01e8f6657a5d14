"""The corpus source inventory: sources grouped across articles after coreference, and its CLI."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from attribution.assemble.build import build_report
from attribution.batch import report_json
from attribution.cli.main import app
from attribution.data.jsonl import document_from_record
from attribution.report.inventory import normalise_name, source_inventory
from attribution.schema import Report
from attribution.tag.oracle import oracle_tagged

runner = CliRunner()

SYNTHETIC = ("CAIRO, March 2. /TASS/. The LNA's sources told Al Arabiya that talks may resume. "
             "Al Arabiya said the truce reportedly holds.\n")


def span(text: str, sub: str, after: int = 0) -> dict:
    start = text.index(sub, after)
    return {"start": start, "end": start + len(sub), "text": sub}


def oracle_report(record: dict) -> Report:
    """The report a perfect tagger would give for a gold record."""
    doc = document_from_record(record)
    return build_report(doc.doc_id, doc.text, oracle_tagged(doc))


def synthetic_record() -> dict:
    t = SYNTHETIC
    return {
        "doc_id": "synthetic", "text": t, "publisher": span(t, "TASS"),
        "hedges": [{**span(t, "may"), "class": "speculative"}, {**span(t, "reportedly"), "class": "reportative"}],
        "attributions": [
            {"id": "a1", "source": {**span(t, "The LNA's sources"), "kind": "anonymous", "anonymous": True,
                                    "resolves_to": None},
             "cue": span(t, "told"), "content": [span(t, "talks may resume")], "quote": "indirect", "via": None,
             "recipient": span(t, "Al Arabiya"), "hedges": [span(t, "may")]},
            {"id": "a2", "source": {**span(t, "Al Arabiya", t.index("Al Arabiya said")), "kind": "media",
                                    "anonymous": False, "resolves_to": None},
             "cue": span(t, "said"), "content": [span(t, "the truce reportedly holds")], "quote": "indirect",
             "via": None, "recipient": None, "hedges": [span(t, "reportedly")]},
        ],
    }


@pytest.fixture(scope="module")
def reports(seed_gold) -> list[Report]:
    return [oracle_report(seed_gold), oracle_report(synthetic_record())]


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {normalise_name(r["name"]): r for r in rows}


def test_normalise_name_ignores_case_quotes_spacing_and_article():
    assert normalise_name("The LNA’s  sources") == normalise_name("the LNA's sources") == "lna's sources"
    assert normalise_name("The") == "the"


def test_inventory_groups_sources_across_articles(reports):
    rows = source_inventory(reports)
    index = by_name(rows)
    assert len(index) == len(rows)  # one row per normalised name

    arabiya = index["al arabiya"]
    # claims: seed "Al Arabiya" plus "the report" twice (resolved by the entity layer); synthetic: one more.
    # mentions: every mention linked to the entity, sources or not: seed "Al Arabiya" twice (the second in
    # "told Al Arabiya") and "the report" twice; synthetic "told Al Arabiya" and "Al Arabiya said"
    assert (arabiya["kind"], arabiya["anonymous"], arabiya["articles"]) == ("media", False, 2)
    assert arabiya["claims"] == 4 and arabiya["mentions"] == 6
    assert sorted(arabiya["entities"]) == ["000_fff7737d1579c4c2#s2", "synthetic#s2"]
    assert arabiya["hedged_share"] == pytest.approx(0.25)
    assert arabiya["outlets"] == ["TASS"]

    lna = index["lna's sources"]  # "The LNA’s sources" (seed) and "The LNA's sources" (synthetic) are one
    assert lna["name"] == "The LNA’s sources"
    assert (lna["kind"], lna["anonymous"], lna["articles"]) == ("anonymous", True, 2)
    assert lna["claims"] == 4 and lna["mentions"] == 4  # the pronoun "they" and "the sources" count too
    assert lna["outlets"] == ["Al Arabiya", "TASS"]  # cited via Al Arabiya in the seed

    anon = index["anonymous lna sources"]
    assert anon["outlets"] == ["Al Arabiya", "TASS"] and anon["articles"] == 1

    haftar = index["khalifa haftar"]  # "Haftar" in the seed, named in full in its first paragraph
    # "Haftar reportedly rejected ..." is a claim with no named source (gold a8), so it is not Haftar's
    assert haftar["hedged_share"] == 0.0
    unnamed = [a for r in reports for a in r.attributions if a.source is None]
    assert any(h.text == "reportedly" for a in unnamed for h in a.hedges)
    mfa = index["russia's ministry of foreign affairs"]
    assert mfa["hedged_share"] == 0.0  # "confirmed" is certainty, not a hedge

    claims = [r["claims"] for r in rows]
    assert claims == sorted(claims, reverse=True)
    assert sum(claims) == sum(a.source is not None for r in reports for a in r.attributions)


def test_inventory_of_nothing_is_empty():
    assert source_inventory([]) == []


@pytest.fixture
def report_dir(tmp_path, reports):
    for r in reports:
        (tmp_path / f"{r.doc_id}.json").write_text(report_json(r), encoding="utf-8")
    return tmp_path


def test_cli_json_matches_function(report_dir, reports):
    result = runner.invoke(app, ["sources", str(report_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(json.dumps(source_inventory(reports)))


def test_cli_csv(report_dir):
    files = sorted(str(p) for p in report_dir.glob("*.json"))
    result = runner.invoke(app, ["sources", *files, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["id", "name", "kind", "anonymous", "mentions", "claims", "hedged_share", "articles",
                             "outlets", "entities"]
    lna = next(r for r in rows if r["name"] == "The LNA’s sources")
    assert (lna["claims"], lna["articles"], lna["anonymous"], lna["outlets"]) == ("4", "2", "True", "Al Arabiya; TASS")
    assert lna["id"].startswith("e") and len(lna["entities"].split("; ")) == 2


def test_cli_table(report_dir):
    result = runner.invoke(app, ["sources", str(report_dir)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "sources across 2 articles" in result.stdout
    assert "Al Arabiya" in result.stdout and "The LNA’s sources" in result.stdout


def test_cli_bad_input_reports_and_fails(tmp_path, report_dir):
    bad = tmp_path / "broken.json"
    bad.write_text('{"doc_id": "x", "attributions": [', encoding="utf-8")
    result = runner.invoke(app, ["sources", str(bad), str(report_dir / "synthetic.json"), "--format", "json"])
    assert result.exit_code == 1
    assert "broken.json" in result.stderr
    assert {r["name"] for r in json.loads(result.stdout)} == {"The LNA's sources", "Al Arabiya"}


def _named_report(doc_id: str, text: str, *attributions: dict) -> Report:
    from gold_spans import gold
    doc = gold(text, *attributions)
    return build_report(doc_id, doc.text, oracle_tagged(doc))


def test_one_row_per_person_however_the_articles_name_them():
    """Three articles quote one mayor: full name with title, surname with honorific, a pronoun;
    a fourth quotes another McCallum-free person. The inventory has one row for the mayor."""
    a = _named_report("a", "Surrey Mayor Doug McCallum said the budget was balanced. McCallum said taxes would stay.",
                      {"source": "Surrey Mayor Doug McCallum", "cue": ("said", 1), "content": ["the budget was balanced"]},
                      {"source": ("McCallum", 2), "cue": ("said", 2), "content": ["taxes would stay"]})
    b = _named_report("b", "Mr. McCallum told reporters the vote was fair. He said the council agreed.",
                      {"source": "Mr. McCallum", "cue": "told", "content": ["the vote was fair"]},
                      {"source": "He", "cue": "said", "content": ["the council agreed"]})
    c = _named_report("c", "McCallum's office said the mayor was travelling.",
                      {"source": "McCallum's office", "cue": "said", "content": ["the mayor was travelling"]})
    d = _named_report("d", "Councillor Linda Annis said the budget was not balanced.",
                      {"source": "Councillor Linda Annis", "cue": "said", "content": ["the budget was not balanced"]})
    rows = source_inventory([a, b, c, d])
    mayor = [r for r in rows if r["name"] == "Doug McCallum"]
    assert len(mayor) == 1 and mayor[0]["claims"] == 4 and mayor[0]["articles"] == 2
    assert sorted(mayor[0]["entities"]) == ["a#s1", "b#s1"]
    assert {r["name"] for r in rows} == {"Doug McCallum", "McCallum's office", "Linda Annis"}


def test_a_one_word_name_taken_for_a_person_in_one_article_joins_the_body_of_another():
    """"Velbank said" alone looks like a person's name; another article shows Velbank to be a bank."""
    a = _named_report("a", "Velbank said customers' data was safe.",
                      {"source": "Velbank", "cue": "said", "content": ["customers' data was safe"]})
    b = _named_report("b", "Velbank Group said it had informed the regulator.",
                      {"source": "Velbank Group", "cue": "said", "content": ["it had informed the regulator"]})
    c = _named_report("c", "The bank Velbank said no passwords were taken.",
                      {"source": "The bank Velbank", "cue": "said", "content": ["no passwords were taken"]})
    rows = source_inventory([a, b, c])
    velbank = [r for r in rows if r["name"] == "Velbank"]
    assert len(velbank) == 1 and velbank[0]["claims"] == 2 and velbank[0]["kind"] != "person"
