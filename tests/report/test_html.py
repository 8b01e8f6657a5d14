"""The HTML pages: structure of the seed's page, escaping of hostile text, and a real headless browser."""
from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.assemble.build import build_report
from attribution.batch import report_json
from attribution.cli.main import app
from attribution.data.jsonl import document_from_record
from attribution.report.html import Mark, page_names, segments, write_html_reports
from attribution.schema import Report, report_from_dict
from attribution.tag.oracle import oracle_tagged

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEED_CHAIN = "TASS → Al Arabiya → anonymous LNA sources"
XSS = ('MOSCOW (TASS) -- Officials told Reuters that the minister reportedly resigned on Monday. '
       'He said <script>alert(1)</script> and "><img src=x onerror=alert(1)> were found.\n')


def span(text: str, sub: str, after: int = 0) -> dict:
    start = text.index(sub, after)
    return {"start": start, "end": start + len(sub), "text": sub}


def oracle_report(record: dict) -> Report:
    """The report a perfect tagger would give for a gold record."""
    doc = document_from_record(record)
    return build_report(doc.doc_id, doc.text, oracle_tagged(doc))


def xss_record(doc_id: str = "xss") -> dict:
    t = XSS
    return {
        "doc_id": doc_id, "text": t, "publisher": span(t, "TASS"),
        "hedges": [{**span(t, "reportedly"), "class": "reportative"}],
        "attributions": [
            {"id": "a1", "source": {**span(t, "Officials"), "kind": "anonymous", "anonymous": True, "resolves_to": None},
             "cue": span(t, "told"), "content": [span(t, "the minister reportedly resigned on Monday")],
             "quote": "indirect", "via": None, "recipient": span(t, "Reuters"), "hedges": [span(t, "reportedly")]},
            {"id": "a2", "source": {**span(t, "He"), "kind": "pronoun", "anonymous": False, "resolves_to": None},
             "cue": span(t, "said"),
             "content": [span(t, '<script>alert(1)</script> and "><img src=x onerror=alert(1)> were found')],
             "quote": "indirect", "via": None, "recipient": None, "hedges": []},
        ],
    }


class Page(HTMLParser):
    """What a browser would build from the page: its tags, the article text and its highlights."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.article: list[str] = []
        self.highlights: list[dict] = []
        self.text: list[str] = []
        self._in_article = False
        self._current: dict | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "div" and a.get("id") == "article-text":
            self._in_article = True
        elif self._in_article and tag == "span":
            self._current = {"roles": set((a.get("class") or "").split()) - {"hl"}, "text": "",
                             "attributions": (a.get("data-attributions") or "").split()}
            self.highlights.append(self._current)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._current = None
        elif tag == "div":
            self._in_article = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_article:
            self.article.append(data)
            if self._current is not None:
                self._current["text"] += data

    def with_role(self, role: str) -> list[dict]:
        return [h for h in self.highlights if role in h["roles"]]

    def has(self, role: str, text: str) -> bool:
        return any(h["text"] == text for h in self.with_role(role))


@pytest.fixture(scope="module")
def seed_report(seed_gold) -> Report:
    return oracle_report(seed_gold)


@pytest.fixture(scope="module")
def seed_pages(seed_report, tmp_path_factory) -> list[Path]:
    return write_html_reports([seed_report], tmp_path_factory.mktemp("html"))


def test_segments_split_nested_spans():
    text = "Aides say the minister reportedly resigned today"
    content, hedge = span(text, "the minister reportedly resigned"), span(text, "reportedly")
    marks = [Mark(0, 5, "source", "a1"), Mark(6, 9, "cue", "a1"), Mark(content["start"], content["end"], "content", "a1"),
             Mark(hedge["start"], hedge["end"], "hedge", "a1", "reportative")]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.roles) for s in segs] == [
        ("Aides", ["source"]), (" ", []), ("say", ["cue"]), (" ", []), ("the minister ", ["content"]),
        ("reportedly", ["content", "hedge"]), (" resigned", ["content"]), (" today", [])]
    assert segs[5].title == "a1 content · a1 hedge (reportative)"


def test_seed_page_structure(seed_report, seed_pages):
    article_page, index_page = seed_pages
    assert article_page.name == "000_fff7737d1579c4c2.html" and index_page.name == "index.html"
    page = Page(article_page.read_text(encoding="utf-8"))
    assert "".join(page.article) == seed_report.text  # every character, once, in order

    a3 = next(a for a in seed_report.attributions if a.source and a.source.text == "Al Arabiya")
    assert any(h["text"] == "Al Arabiya" and a3.id in h["attributions"] for h in page.with_role("source"))
    assert page.has("source", "anonymous LNA sources") and page.has("cue", "citing")
    assert page.has("hedge", "reportedly") and page.has("recipient", "Al Arabiya") and page.has("publisher", "TASS")
    assert any("Khalifa Haftar will not sign" in h["text"] for h in page.with_role("content"))
    assert {r for h in page.highlights for r in h["roles"]} == {"publisher", "source", "cue", "content", "hedge",
                                                                "recipient"}

    text = "".join(page.text)
    assert SEED_CHAIN in text
    rows = [a for tag, a in page.tags if tag == "tr" and "data-attribution" in a]
    assert [r["data-attribution"] for r in rows] == [aid for s in seed_report.sentences for aid in s.attributions]
    legend = [a["class"] for tag, a in page.tags if tag == "span" and (a.get("class") or "").startswith("hl ")]
    assert {"hl source", "hl cue", "hl content", "hl hedge", "hl recipient"} <= set(legend)
    source_table = text[text.index("as written"):]
    assert all(s.name in source_table for s in seed_report.sources)
    assert not any(tag in ("script", "link", "img", "iframe") for tag, _ in page.tags)  # self-contained, static

    index = Page(index_page.read_text(encoding="utf-8"))
    assert ("a", {"href": article_page.name}) in index.tags
    assert sum(tag == "svg" for tag, _ in index.tags) == 2
    kinds = {a.source.kind if a.source else "unnamed" for a in seed_report.attributions}
    assert sum(tag == "rect" for tag, _ in index.tags) == len(kinds) + 1  # one bar per kind, one per article
    index_text = "".join(index.text)
    anonymous = sum(1 for a in seed_report.attributions if any(x.source and x.source.anonymous for x in seed_report.chain(a)))
    share = round(100 * anonymous / len(seed_report.attributions))
    assert "TASS" in index_text and f"{share}%" in index_text


def test_hedge_inside_content_keeps_both_highlights(tmp_path):
    report = oracle_report(xss_record())
    page = Page(write_html_reports([report], tmp_path)[0].read_text(encoding="utf-8"))
    hedge = next(h for h in page.with_role("hedge") if h["text"] == "reportedly")
    assert hedge["roles"] == {"content", "hedge"} and hedge["attributions"] == ["a1"]
    assert page.has("content", "the minister ") and page.has("content", " resigned on Monday")


def assert_inert(html: str, text: str) -> None:
    """Hostile markup shows as text: no script or img element, and the article text survives intact."""
    page = Page(html)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert not any(tag in ("script", "img") for tag, _ in page.tags)
    assert all(not k.startswith("on") for _, attrs in page.tags for k in attrs)
    if page.article:
        assert "".join(page.article) == text
    assert "<script>alert(1)</script>" in "".join(page.text)


@pytest.mark.parametrize("route", ["oracle", "model"])
def test_hostile_text_renders_as_text(route, tmp_path, tiny_attributor):
    doc_id = '"><script>alert(2)</script>'
    if route == "oracle":
        report = oracle_report(xss_record(doc_id))
    else:
        report = tiny_attributor.extract(XSS, doc_id=doc_id)
    pages = write_html_reports([report], tmp_path)
    assert [p.parent for p in pages] == [tmp_path, tmp_path]  # the doc id cannot steer the file name
    assert_inert(pages[0].read_text(encoding="utf-8"), XSS)
    index = pages[1].read_text(encoding="utf-8")
    assert "<script" not in index.lower() and "&lt;script&gt;alert(2)" in index


def test_report_without_text_is_laid_out_from_sentences(seed_report, tmp_path):
    report = report_from_dict(seed_report.to_dict(include_text=False))  # a report JSON saved without its text
    assert report.text == ""
    page = Page(write_html_reports([report], tmp_path)[0].read_text(encoding="utf-8"))
    assert page.has("source", "Al Arabiya") and page.has("hedge", "reportedly")
    assert SEED_CHAIN in "".join(page.text)


def test_page_names_are_unique_and_never_index(seed_report):
    clash = [report_from_dict({**seed_report.to_dict(), "doc_id": i}) for i in ("index", "a/b", "a b", "../x")]
    names = page_names(clash)
    assert names[0] == "index-2.html" and len(set(names)) == 4  # ids that are not file names get a hash of the id
    assert [re.sub(r"-[0-9a-f]{8}\.html$", "", n) for n in names[1:]] == ["a_b", "a_b", "x"]


def test_report_cli_writes_html(seed_report, tmp_path):
    src = tmp_path / "seed.json"
    src.write_text(report_json(seed_report), encoding="utf-8")
    out = tmp_path / "html"
    result = CliRunner().invoke(app, ["report", str(src), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["000_fff7737d1579c4c2.html", "index.html"]
    assert SEED_CHAIN in "".join(Page((out / "000_fff7737d1579c4c2.html").read_text(encoding="utf-8")).text)


# --- a real browser -------------------------------------------------------------------------------------------

def _browser_checks_playwright(page_path: Path, shot: Path) -> dict:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            found = {role: page.locator(f"#article-text .hl.{role}").all_inner_texts()
                     for role in ("source", "cue", "content", "hedge", "recipient")}
            hedge = page.locator("#article-text .hl.hedge", has_text="reportedly").first
            colours = {"hedge": hedge.evaluate("e => getComputedStyle(e).backgroundColor"),
                       "plain": page.locator("#article-text").evaluate("e => getComputedStyle(e).backgroundColor")}
            body = page.inner_text("body")
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    return {"found": found, "body": body, "colours": colours, "requests": requests}


def _browser_checks_cli(page_path: Path, shot: Path) -> dict:
    """Fallback without Playwright: chromium's own --dump-dom and --screenshot."""
    dom = subprocess.run([CHROMIUM, *CHROMIUM_ARGS, "--dump-dom", page_path.as_uri()], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    subprocess.run([CHROMIUM, *CHROMIUM_ARGS, f"--screenshot={shot}", "--window-size=1280,1000",
                    page_path.as_uri()], capture_output=True, timeout=120, check=True)
    page = Page(dom)
    found = {role: [h["text"] for h in page.with_role(role)]
             for role in ("source", "cue", "content", "hedge", "recipient")}
    return {"found": found, "body": "".join(page.text), "colours": None, "requests": [page_path.as_uri()]}


def test_seed_page_in_headless_chromium(seed_pages, tmp_path):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: apt-get install -y chromium"
    try:
        import playwright  # noqa: F401
        check = _browser_checks_playwright
    except ImportError:  # pragma: no cover - the pinned test extra installs it
        check = _browser_checks_cli
    shot = tmp_path / "seed.png"
    got = check(seed_pages[0], shot)

    found = got["found"]
    assert "Al Arabiya" in found["source"] and "anonymous LNA sources" in found["source"]
    assert "citing" in found["cue"] and "reportedly" in found["hedge"] and "Al Arabiya" in found["recipient"]
    assert any("Khalifa Haftar will not sign" in c for c in found["content"])
    assert SEED_CHAIN in got["body"]
    if got["colours"]:  # the highlight is really painted
        assert got["colours"]["hedge"] not in ("rgba(0, 0, 0, 0)", got["colours"]["plain"])
    assert all(u.startswith("file:") for u in got["requests"])  # nothing fetched from outside
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
