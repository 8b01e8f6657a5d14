"""How well web pages are read as articles: kept text and metadata against a reference.

    python scripts/bench_pages.py [--pages ../shared/data/pages] [--out docs/bench-pages.json]

The pages folder holds one folder per saved page: ``source.html`` (the page as served),
``expected.html`` (the article body a careful reader-mode extraction keeps) and
``expected-metadata.json`` (title, byline, siteName, publishedTime).  For each reading:

* ``article`` and ``full``: this project's readers (``attribution.read``, ``--html-mode``);
  their text is exactly the text a report holds;
* ``trafilatura-default``: trafilatura's defaults (balanced, comments kept), on the same page;
* ``readability-lxml``: readability-lxml's ``summary()`` (it reads no metadata but the title).

Measures, per page and on average:

* token F1 (and precision, recall) of the kept text against the expected text: words
  (``\\w+``, lower-cased) counted as a multiset, both texts read by the same visible-text reader;
* title right: equal after folding case, whitespace, quotes and dashes, or equal once a trailing
  " - Site" / " | Name" part is dropped from one side (pages differ in whether they carry it);
* site name right: equal after folding case, a "the ", a URL's scheme, "www." and domain
  ending, and anything not a letter or digit.  Where the reference has no site name (5 pages),
  the reference is the page's own domain (from its canonical link or og:url, read here) and a
  site name is right if it names that domain ("NYTimes" for nytimes.com); both counts are given;
* date right (where the reference has one): the same calendar day;
* author right (where the reference has one): one contains the other after folding case and a
  leading "by ".
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attribution.read import Document, read_text_input  # noqa: E402
from attribution.read.documents import decode_bytes  # noqa: E402
from attribution.read.html_text import parse_html, visible_text  # noqa: E402

READINGS = ("article", "full", "trafilatura-default", "readability-lxml")


# --- the readings ---------------------------------------------------------------------------

def read_project(raw: bytes, mode: str) -> dict:
    """This project's reading of the page (what ``attribution extract`` would put in the report)."""
    items = list(read_text_input(raw, "page.html", ".html", doc_id="page", html_mode=mode))
    doc = items[0]
    if not isinstance(doc, Document):
        return {"text": "", "error": str(doc)}
    page = doc.page or {}
    return {"text": doc.text, "title": page.get("title"), "site_name": page.get("site_name"),
            "date": page.get("date"), "author": page.get("author"), "warnings": doc.warnings}


def read_trafilatura_default(raw: bytes) -> dict:
    import trafilatura

    result = trafilatura.bare_extraction(decode_bytes(raw)[0], with_metadata=True)
    if result is None:
        return {"text": ""}
    return {"text": result.text or "", "title": result.title, "site_name": result.sitename, "date": result.date,
            "author": result.author}


def read_readability(raw: bytes) -> dict:
    from readability import Document as ReadabilityDocument

    doc = ReadabilityDocument(decode_bytes(raw)[0])
    summary = doc.summary()
    text = visible_text(parse_html(summary)) if summary.strip() else ""
    return {"text": text, "title": doc.short_title(), "site_name": None, "date": None, "author": None}


def run_reading(name: str, raw: bytes) -> dict:
    if name in ("article", "full"):
        return read_project(raw, name)
    if name == "trafilatura-default":
        return read_trafilatura_default(raw)
    return read_readability(raw)


# --- the measures ---------------------------------------------------------------------------

def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


def token_scores(kept: str, expected: str) -> dict[str, float]:
    got, want = tokens(kept), tokens(expected)
    overlap = sum((got & want).values())
    if not overlap:
        return {"f1": 0.0, "precision": 0.0, "recall": 0.0}
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return {"f1": 2 * precision * recall / (precision + recall), "precision": precision, "recall": recall}


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_TRAILING_PART = re.compile(r"\s+[-|\u2013\u2014:]\s+[^-|\u2013\u2014]+$")


def _fold(text: str | None) -> str:
    return " ".join((text or "").translate(_QUOTES).casefold().split())


def title_right(got: str | None, want: str | None) -> bool:
    got, want = _fold(got), _fold(want)
    if not got or not want:
        return False
    return got == want or _TRAILING_PART.sub("", got) == want or _TRAILING_PART.sub("", want) == got


def _site_key(name: str | None) -> str:
    name = (name or "").casefold().strip()
    name = re.sub(r"^[a-z]+://", "", name)
    name = re.sub(r"^www\.", "", name)
    name = re.sub(r"\.(com|org|net|co\.uk|co|news)(/.*)?$", "", name)
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[\W_]+", "", name)


def site_right(got: str | None, want: str | None) -> bool:
    return bool(_site_key(got)) and _site_key(got) == _site_key(want)


def page_domain(source: str) -> str | None:
    """The page's own domain name ("nytimes" for https://www.nytimes.com/...), from its canonical
    link or og:url: the reference site where the expected metadata names none."""
    tree = parse_html(source)
    for href in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        host = urlsplit(href if "//" in href else "//" + href).hostname
        if host:
            labels = [x for x in host.split(".") if x not in ("www", "com", "org", "net", "co", "uk")]
            if labels:
                return labels[-1]
    return None


def site_right_by_domain(got: str | None, domain: str | None) -> bool:
    return bool(domain) and bool(_site_key(got)) and _site_key(got) == re.sub(r"[\W_]+", "", domain)


def date_right(got: str | None, want: str | None) -> bool:
    return bool(got) and bool(want) and str(got)[:10] == str(want)[:10]


def _person(text: str | None) -> str:
    return re.sub(r"^by\s+", "", _fold(text))


def author_right(got: str | None, want: str | None) -> bool:
    got, want = _person(got), _person(want)
    return bool(got) and bool(want) and (got in want or want in got)


# --- the run --------------------------------------------------------------------------------

def measure(pages_dir: Path) -> dict:
    per_page: dict[str, dict] = {}
    for folder in sorted(p for p in pages_dir.iterdir() if (p / "source.html").is_file()):
        raw = (folder / "source.html").read_bytes()
        expected = visible_text(parse_html((folder / "expected.html").read_text(encoding="utf-8")))
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        domain = page_domain(decode_bytes(raw)[0]) if not meta.get("siteName") else None
        rows = {}
        for name in READINGS:
            started = time.perf_counter()
            try:
                got = run_reading(name, raw)
            except ImportError as err:  # readability-lxml is in the bench extra only
                sys.exit(f"{name}: {err}; install it with pip install -e '.[bench]'")
            seconds = time.perf_counter() - started
            row = {**{k: round(v, 4) for k, v in token_scores(got["text"], expected).items()},
                   "seconds": round(seconds, 3),
                   "title": got.get("title"), "title_right": title_right(got.get("title"), meta.get("title")),
                   "site_name": got.get("site_name"), "date": got.get("date"), "author": got.get("author")}
            if meta.get("siteName"):
                row["site_right"] = site_right(got.get("site_name"), meta["siteName"])
            else:
                row["site_right_by_domain"] = site_right_by_domain(got.get("site_name"), domain)
            if meta.get("publishedTime"):
                row["date_right"] = date_right(got.get("date"), meta["publishedTime"])
            if meta.get("byline"):
                row["author_right"] = author_right(got.get("author"), meta["byline"])
            if got.get("warnings"):
                row["warnings"] = got["warnings"]
            rows[name] = row
        per_page[folder.name] = {"expected": {"title": meta.get("title"), "site_name": meta.get("siteName"),
                                              "date": meta.get("publishedTime"), "author": meta.get("byline"),
                                              "domain": domain, "tokens": sum(tokens(expected).values())},
                                 "readings": rows}
    return {"pages": per_page, "summary": summarise(per_page)}


def summarise(per_page: dict) -> dict:
    summary = {}
    n = len(per_page)
    for name in READINGS:
        rows = [page["readings"][name] for page in per_page.values()]

        def count(key: str) -> list[int]:
            judged = [r[key] for r in rows if key in r]
            return [sum(judged), len(judged)]

        site_judged, site_domain = count("site_right"), count("site_right_by_domain")
        title = sum(r["title_right"] for r in rows)
        both = sum(r["title_right"] and (r.get("site_right") or r.get("site_right_by_domain", False)) for r in rows)
        summary[name] = {
            "pages": n,
            "mean_f1": round(sum(r["f1"] for r in rows) / n, 4),
            "mean_precision": round(sum(r["precision"] for r in rows) / n, 4),
            "mean_recall": round(sum(r["recall"] for r in rows) / n, 4),
            "min_f1": round(min(r["f1"] for r in rows), 4),
            "title_right": [title, n],
            "site_right_where_reference_names_one": site_judged,
            "site_right_by_domain_where_it_names_none": site_domain,
            "site_right_all": [site_judged[0] + site_domain[0], n],
            "title_and_site_right": [both, n],
            "date_right": count("date_right"),
            "author_right": count("author_right"),
            "seconds_total": round(sum(r["seconds"] for r in rows), 2),
            "seconds_max": round(max(r["seconds"] for r in rows), 3),
        }
    return summary


def versions() -> dict[str, str]:
    out = {}
    for package in ("trafilatura", "readability-lxml", "lxml", "htmldate"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "data" / "pages",
                        help="folder of saved pages (default: ../shared/data/pages)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "bench-pages.json")
    args = parser.parse_args()
    if not args.pages.is_dir():
        sys.exit(f"no pages folder at {args.pages} (give --pages DIR)")
    result = measure(args.pages)
    snapshot = args.pages / "SNAPSHOT"
    result = {"command": "python scripts/bench_pages.py", "pages_dir": args.pages.name,
              "pages_snapshot": snapshot.read_text().strip() if snapshot.exists() else None,
              "versions": versions(), **result}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{'reading':<20} {'F1':>6} {'P':>6} {'R':>6} {'min F1':>7} {'title':>6} {'site':>6} "
          f"{'title+site':>10} {'date':>5} {'author':>7} {'s/page':>7}")
    for name, s in result["summary"].items():
        print(f"{name:<20} {s['mean_f1']:>6.3f} {s['mean_precision']:>6.3f} {s['mean_recall']:>6.3f} "
              f"{s['min_f1']:>7.3f} {'%d/%d' % tuple(s['title_right']):>6} {'%d/%d' % tuple(s['site_right_all']):>6} "
              f"{'%d/%d' % tuple(s['title_and_site_right']):>10} {'%d/%d' % tuple(s['date_right']):>5} "
              f"{'%d/%d' % tuple(s['author_right']):>7} {s['seconds_total'] / s['pages']:>7.2f}")
    print(f"site names right where the reference names one: "
          + ", ".join(f"{k} {'%d/%d' % tuple(v['site_right_where_reference_names_one'])}"
                      for k, v in result["summary"].items()))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
