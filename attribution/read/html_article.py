"""A web page → its article: main text plus title, date, author, site name and URL.

A saved news page is mostly not the article: navigation, cookie banners, "Most read"
lists, adverts, footers.  Fed whole to the tagger, that clutter yields sentences and
attributions of its own.  The article is found by trafilatura (chosen over
readability-lxml on 18 real pages, see ``scripts/bench_pages.py`` and the README): it
keeps as much of the expected text, and it also reads the page's metadata, which
readability-lxml does not.

Time stays bounded on any input:

* the page is parsed once by libxml2 (:func:`~attribution.read.html_text.parse_html`),
  linear in its size; trafilatura works on a copy of that tree;
* a page over :data:`MAX_ARTICLE_CHARS` characters or :data:`MAX_ARTICLE_ELEMENTS`
  elements is not searched for an article: its visible text is kept, with a warning;
* the search itself is stopped after :data:`ARTICLE_SECONDS` (where a timer signal can
  be used: the main thread of a process), and the visible text is kept, with a warning.

A page in which no article is found keeps its visible text too, with a warning that
says so; ``--html-mode full`` asks for the visible text from the start.
"""
from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import lxml.html

from attribution.read.html_text import TooDeepError, block_text, flat_text, parse_html, visible_text

HTML_MODES = ("article", "full")
DEFAULT_HTML_MODE = "article"

MAX_ARTICLE_CHARS = 8_000_000
"""Larger pages (8 MB of markup; news pages are 0.1-2 MB) keep their visible text."""
MAX_ARTICLE_ELEMENTS = 50_000
"""Pages with more elements keep their visible text.  The 18 benchmark pages have at most 2,600
(comments aside); trafilatura takes about 5 s on 50,000 (and 12 s on 100,000) on one core."""
ARTICLE_SECONDS = 10.0
"""Time allowed to find the article in one page (the 18 benchmark pages take 0.3 s at most)."""

DATE_SEARCH = {"extensive_search": False, "original_date": True}
"""htmldate's settings: the date the page's markup gives (meta tags, ``<time>``, JSON-LD, URL),
never a guess from any date-like text (its extensive search takes "(c) 2024" for 2024-01-01)."""

_ARTICLE_BLOCKS = frozenset({"p", "head", "item", "quote", "row", "cell", "code", "lb", "list", "table", "div",
                             "note", "graphic"})
"""trafilatura's output elements that start a paragraph of the text."""
_ARTICLE_SKIPPED = frozenset({"graphic"})

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its failures become our warnings
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass
class PageReading:
    """What was read from a page: the text the report will hold, the page's metadata, and warnings."""

    text: str
    page: dict[str, str] | None = None
    warnings: list[str] = field(default_factory=list)


class _ArticleTimeout(BaseException):
    """Raised by the timer inside the article search.  A BaseException, so that no
    ``except Exception`` in the libraries swallows it."""


def _raise_timeout(signum, frame) -> None:
    raise _ArticleTimeout


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`_ArticleTimeout` in the block after ``seconds``, where a timer signal is
    ours to use (the main thread, with no other SIGALRM handler); elsewhere no limit."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, _raise_timeout))
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)


def read_html(markup: str, mode: str = DEFAULT_HTML_MODE) -> PageReading:
    """The text of a page: its article (``mode="article"``) or all its visible text (``"full"``).

    Raises :class:`~attribution.read.html_text.HtmlError` if the markup is not HTML at all.
    """
    if mode not in HTML_MODES:
        raise ValueError(f"html mode {mode!r}: expected one of {', '.join(HTML_MODES)}")
    warnings = _cut_off_warning(markup)
    try:
        tree = parse_html(markup)
    except TooDeepError as err:
        return PageReading(flat_text(markup), None, warnings + [
            f"{err}: the page's text is read by a flat scan of its markup, without finding the article"])
    if mode == "full":
        return PageReading(visible_text(tree), None, warnings)
    if len(markup) > MAX_ARTICLE_CHARS:
        return PageReading(visible_text(tree), None, warnings + [
            f"page of {len(markup)} characters is over {MAX_ARTICLE_CHARS} for article extraction; "
            "its whole visible text is kept"])
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ARTICLE_ELEMENTS:
        return PageReading(visible_text(tree), None, warnings + [
            f"page of {elements} elements is over {MAX_ARTICLE_ELEMENTS} for article extraction; "
            "its whole visible text is kept"])
    try:
        with _time_limit(ARTICLE_SECONDS):
            found = _extract_article(tree)
    except _ArticleTimeout:
        return PageReading(visible_text(tree), None, warnings + [
            f"finding the article took over {ARTICLE_SECONDS:g} s; the page's whole visible text is kept"])
    if found is None:
        return PageReading(visible_text(tree), None, warnings + [
            "no article found in the page; its whole visible text is kept (as with --html-mode full)"])
    return PageReading(found[0], found[1] or None, warnings)


def _extract_article(tree: lxml.html.HtmlElement) -> tuple[str, dict[str, str]] | None:
    """(article text, metadata) by trafilatura, or None if it finds no article text."""
    import trafilatura

    _gather_meta(tree)  # changes no visible text: a fall-back reading of the same tree is unaffected
    try:
        result = trafilatura.bare_extraction(
            tree, favor_recall=True, include_comments=False, include_tables=True, include_images=False,
            with_metadata=True, deduplicate=False, date_extraction_params=DATE_SEARCH)
    except ValueError:
        return None
    if result is None or result.body is None:
        return None
    text = block_text(result.body, _ARTICLE_BLOCKS, _ARTICLE_SKIPPED)
    if not text.strip():
        return None
    return text, _metadata(result)


def _gather_meta(tree: lxml.html.HtmlElement) -> None:
    """Move every ``<meta>`` into ``<head>``: metadata wherever the parser put it.

    An element that does not belong in a head (an ``<iframe>`` an ad script wrote there, say)
    ends the head for an HTML parser, browsers' and libxml2's alike, so the page's later
    ``og:site_name``, ``author`` and ``og:title`` land in the body, where trafilatura does
    not look for them."""
    head = tree.find("head")
    if head is None:
        head = lxml.html.Element("head")
        tree.insert(0, head)
    for meta in [m for m in tree.iter("meta") if m.getparent() is not head]:
        parent = meta.getparent()
        if meta.tail:  # the text after the element stays where it was
            previous = meta.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + meta.tail
            else:
                parent.text = (parent.text or "") + meta.tail
        meta.tail = None
        head.append(meta)


def _metadata(result) -> dict[str, str]:
    """The page fields a report carries (only those found): title, date, author, site_name, url."""
    fields = {
        "title": _clean(result.title),
        "date": _clean(result.date),
        "author": _authors(result.author),
        "site_name": _clean(result.sitename),
        "url": _clean(result.url),
    }
    return {key: value for key, value in fields.items() if value}


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _authors(value: str | None) -> str | None:
    """trafilatura joins the names it found with "; ", sometimes one name twice in different
    capitals ("Jeffrey Gettleman; JEFFREY GETTLEMAN"): each name once, in its first spelling."""
    if not _clean(value):
        return None
    names: list[str] = []
    seen: set[str] = set()
    for name in value.split(";"):
        name = " ".join(name.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return "; ".join(names) or None


def _cut_off_warning(markup: str) -> list[str]:
    """A page that ends inside a tag (``<`` after the last ``>``) was saved or sent incompletely."""
    tail = markup.rstrip()
    if tail.rfind("<") > tail.rfind(">"):
        return ["the page ends inside a tag (cut off?); the text before it is kept"]
    return []
