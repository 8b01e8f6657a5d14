"""`attribution claims` end to end: reports of five short articles (gold spans through the real assembly),
the pip encoder, claims.jsonl, the flags, the summary order, the HTML view, and hostile text."""
from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.batch import report_json
from attribution.cli.main import app
from tests.gold_spans import assemble, gold

CLAIM = "3,000 dockworkers walked off the job at the port of Kaldera"
ARTICLES = {
    # doc id: (outlet, published, text, gold attribution or None for the writer's own voice)
    "a_meridian": ("Meridian Press Agency", "2025-04-07T08:00:00Z",
                   "Two officials said 3,000 dockworkers may have walked off the job at the port of Kaldera.",
                   {"source": "Two officials", "cue": "said",
                    "content": ["3,000 dockworkers may have walked off the job at the port of Kaldera"]}),
    "b_pulse": ("NewsPulse", "2025-04-07T10:00:00Z",
                "Meridian reported that 3,000 dockworkers had walked off the job at Kaldera port.",
                {"source": "Meridian", "cue": "reported",
                 "content": ["3,000 dockworkers had walked off the job at Kaldera port"]}),
    "c_blaze": ("The Daily Blaze", "2025-04-07T12:00:00Z", f"{CLAIM} on Monday.", None),
    "d_ledger": ("National Ledger", "2025-04-07T15:00:00Z",
                 f"The port authority denied that {CLAIM}.",
                 {"source": "The port authority", "cue": "denied", "content": [CLAIM]}),
    "e_courant": ("Courant", "2025-04-07T16:00:00Z",
                  "The port authority said 1,200 dockworkers walked off the job at the port of Kaldera.",
                  {"source": "The port authority", "cue": "said",
                   "content": ["1,200 dockworkers walked off the job at the port of Kaldera"]}),
}


def write_reports(folder: Path, hostile: str = "") -> Path:
    """One report JSON per article (gold spans assembled by the project's rules), and the metadata file."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = {}
    for doc_id, (outlet, published, text, att) in ARTICLES.items():
        report = assemble(gold(text, att) if att else gold(text))
        (folder / f"{doc_id}.json").write_text(report_json(replace(report, doc_id=doc_id)), encoding="utf-8")
        meta[doc_id] = {"outlet": outlet + (hostile if doc_id == "c_blaze" else ""), "published": published}
    path = folder.parent / "meta.json"
    path.write_text(json.dumps(meta), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def claims_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("claims")
    meta = write_reports(root / "reports", hostile=' <script>alert(1)</script>"><img src=x onerror=alert(1)>')
    result = CliRunner().invoke(app, ["claims", str(root / "reports"), "--meta", str(meta), "--out", str(root / "out"),
                                      "--width", "160"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (root / "out" / "claims.jsonl").read_text(encoding="utf-8").splitlines()]
    return root, records, result.output


def test_one_cluster_with_every_flag_and_the_origin(claims_run):
    _, records, _ = claims_run
    assert len(records) == 1
    record = records[0]
    docs = [m["doc_id"] for m in record["members"]]
    assert docs == ["a_meridian", "b_pulse", "c_blaze", "d_ledger"]  # in date order; 1,200 kept apart
    assert record["members"][2]["attribution"] is None and record["members"][0]["attribution"] == "a1"
    assert record["origin"]["doc_id"] == "a_meridian"
    assert record["origin"]["text"] == "Two officials, via Meridian Press Agency"
    assert record["flags"] == ["single-anonymous-origin", "hedge-dropped", "attribution-dropped", "contradicted"]
    assert record["members"][0]["hedges"] == ["may"] and record["members"][3]["certainty"] == "denied"


def test_summary_is_printed_literally(claims_run):
    _, _, output = claims_run
    assert "1 claim cluster across 5 documents" in output and "contradicted" in output


class _Text(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_pages_escape_hostile_outlets(claims_run):
    root, _, _ = claims_run
    pages = sorted(p.name for p in (root / "out" / "html").iterdir())
    assert pages == ["c1.html", "index.html"]
    page = _Text((root / "out" / "html" / "c1.html").read_text(encoding="utf-8"))
    assert "script" not in page.tags and "img" not in page.tags
    assert any("<script>alert(1)</script>" in t for t in page.text)  # shown as text


def test_claims_page_in_headless_chromium(claims_run, tmp_path):
    from tests.report.test_html import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: apt-get install -y chromium"
    playwright = pytest.importorskip("playwright.sync_api")
    root, _, _ = claims_run
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: requests.append("dialog:" + d.message))
            page.goto((root / "out" / "html" / "c1.html").as_uri())
            dots = page.locator("#timeline circle.dot").count()
            nodes = page.locator("#graph svg text").all_text_contents()
            flags = page.locator("#flags .flag").all_inner_texts()
            xs = [float(page.locator("#timeline circle.dot").nth(i).get_attribute("cx")) for i in range(dots)]
            shot = tmp_path / "c1.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert dots == 4 and xs == sorted(xs) and xs[0] < xs[-1]  # later members further right
    assert "Two officials" in nodes and "NewsPulse" in nodes
    assert flags == ["single-anonymous-origin", "hedge-dropped", "attribution-dropped", "contradicted"]
    assert all(u.startswith("file:") for u in requests)  # nothing fetched, no alert() ran
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_metadata_is_a_usage_error(tmp_path):
    bad = tmp_path / "meta.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = CliRunner().invoke(app, ["claims", str(tmp_path), "--meta", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "--meta" in result.output


def test_items_take_dates_and_outlets_from_page_metadata_then_meta():
    from attribution.claims.items import items_of

    text, att = ARTICLES["a_meridian"][2], ARTICLES["a_meridian"][3]
    report = replace(assemble(gold(text, att)), doc_id="x", page={"date": "2025-04-07", "site_name": "Meridian"})
    item = items_of(report)[0]
    assert (item.outlet, item.date, item.attribution, item.chain) == ("Meridian", "2025-04-07", "a1", ["Two officials"])
    override = items_of(report, {"outlet": "Meridian Press Agency", "published": "2025-04-08T00:00:00Z"})[0]
    assert (override.outlet, override.date) == ("Meridian Press Agency", "2025-04-08T00:00:00Z")


def test_clauses_split_joined_claims_with_exact_offsets():
    from attribution.claims.items import clauses

    text = "The port authority said the true figure was 1,200 and that the terminals were working normally."
    start = text.index("the true")
    content = text[start:-1]
    pieces = clauses(content, start)
    assert [p[0] for p in pieces] == ["the true figure was 1,200", "the terminals were working normally"]
    assert all(text[lo:hi] == piece for piece, lo, hi in pieces)
    assert clauses("bread and butter are cheap", 0) == [("bread and butter are cheap", 0, 26)]


def test_articles_are_extracted_first(tmp_path, tiny_model_dir):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("one", "two"):
        (docs / f"{name}.txt").write_text(f"{CLAIM} on Monday. The port was closed.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["claims", str(docs), "--model", str(tiny_model_dir), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "across 2 documents" in result.output  # both articles were read and extracted
    for line in (tmp_path / "o" / "claims.jsonl").read_text(encoding="utf-8").splitlines():
        assert {m["doc_id"] for m in json.loads(line)["members"]} == {"one", "two"}
