"""HTML → a parsed tree and its visible text, in time linear in the page's size.

The tree comes from libxml2's HTML parser (through lxml): it repairs broken markup in one
pass, so unterminated tags, a page cut off in the middle of an attribute, or thousands of
``<a `` without a ``>`` cost no more than their length (Python's ``html.parser`` rescans
such input and took 55 s on 59 KB of ``<a ``).  It also follows HTML's rules for omitted
tags, so a valid HTML5 page without ``</head>`` or ``<body>`` keeps its body.

Three repairs happen on top of libxml2's:

* an unclosed ``<noscript>`` (more openings than closings) would swallow every later
  paragraph; such elements are unwrapped (their content kept) instead of dropped;
* comments and processing instructions are removed before the text is read;
* libxml2 stops at elements nested over 2048 deep (unclosed ``<div>`` or ``<font>`` in
  broken markup) and drops the rest of the page; such a page is read instead by
  :func:`flat_text`, a linear scan that keeps every text outside tags (with a warning).

:func:`visible_text` is the ``--html-mode full`` reading: every visible text, paragraphs
separated by a blank line.  The article reading is in :mod:`attribution.read.html_article`.
"""
from __future__ import annotations

import re

import lxml.etree as etree
import lxml.html

SKIPPED_TAGS = ("script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object")
"""Elements whose content a reader never sees as text."""

BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header",
    "footer", "blockquote", "title", "ul", "ol", "table", "figcaption", "pre", "hr", "main", "aside",
    "nav", "figure", "dd", "dt", "dl", "address", "details", "summary", "form", "fieldset", "td", "th",
})
"""Elements that start a new paragraph in the text."""

_NOSCRIPT_OPEN = re.compile(r"<noscript\b", re.IGNORECASE)
_NOSCRIPT_CLOSE = re.compile(r"</noscript\s*>", re.IGNORECASE)


class HtmlError(ValueError):
    """The markup could not be parsed into a tree (a message a person can act on)."""


class TooDeepError(HtmlError):
    """libxml2 gave up on elements nested deeper than it allows; the tree lacks the rest of the page."""


def parse_html(markup: str) -> lxml.html.HtmlElement:
    """The page as an lxml tree, repaired the way a browser would read it.

    The text is passed as UTF-8 bytes with the encoding named, so a page that declares
    another charset (``<meta charset=...>`` or ``<?xml encoding=...?>``) is not decoded twice.
    ``huge_tree`` lifts libxml2's limits from 256 to 2048 levels of nesting and 10 MB text
    nodes; past those, :class:`TooDeepError` is raised rather than a tree that silently
    lacks the rest of the page.
    """
    parser = lxml.html.HTMLParser(encoding="utf-8", recover=True, remove_comments=True, remove_pis=True,
                                  no_network=True, huge_tree=True)
    try:
        tree = lxml.html.document_fromstring(markup.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise HtmlError(f"not parseable as HTML: {err}") from err
    if tree is None:  # pragma: no cover - document_fromstring raises instead
        raise HtmlError("not parseable as HTML: no document element")
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise TooDeepError("elements nested deeper than the HTML parser's limit of 2048")
    if _unclosed_noscript(markup):
        _unwrap(tree, "noscript")
    return tree


def _unclosed_noscript(markup: str) -> bool:
    """More ``<noscript>`` openings than closings: the parser nests the rest of the page in one."""
    return len(_NOSCRIPT_OPEN.findall(markup)) > len(_NOSCRIPT_CLOSE.findall(markup))


def _unwrap(tree: lxml.html.HtmlElement, tag: str) -> None:
    """Replace each ``tag`` element by its content (text, children, tail kept)."""
    etree.strip_tags(tree, tag)


def visible_text(tree: lxml.html.HtmlElement) -> str:
    """Every visible text of the page, one paragraph per block element (see :func:`block_text`)."""
    return block_text(tree, BLOCK_TAGS, frozenset(SKIPPED_TAGS))


def block_text(tree: etree._Element, blocks: frozenset[str], skipped_tags: frozenset[str]) -> str:
    """The text under ``tree``: one paragraph per element in ``blocks``, paragraphs separated by a
    blank line, whitespace inside a paragraph (line breaks of the source included) folded to one
    space, nothing from elements in ``skipped_tags``.

    The walk is iterative (``iterwalk``), so deeply nested markup cannot exhaust the stack.
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def end_paragraph() -> None:
        folded = " ".join("".join(current).split())
        if folded:
            paragraphs.append(folded)
        current.clear()

    skipped = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in skipped_tags:
                skipped += 1
                continue
            if skipped:
                continue
            if tag in blocks:
                end_paragraph()
            if element.text:
                current.append(element.text)
        else:
            if tag in skipped_tags:
                skipped -= 1
            elif not skipped and tag in blocks:
                end_paragraph()
            if element.tail and not skipped and element is not tree:
                current.append(element.tail)
    end_paragraph()
    return "\n\n".join(paragraphs)


_TOKEN = re.compile(r"<!--.*?(?:-->|$)|<[A-Za-z/!?][^<>]*>?|[^<]+|<", re.DOTALL)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


def flat_text(markup: str) -> str:
    """Visible text by a flat scan of the markup, for pages the tree parser gives up on.

    Each character is looked at a bounded number of times (the tokens never overlap and
    none is re-scanned), so time is linear in the page's size whatever the nesting.
    Text inside a skipped element (``<script>``, ``<style>`` ...) is dropped up to its end
    tag; block tags start paragraphs; character references are decoded.
    """
    import html

    paragraphs: list[str] = []
    current: list[str] = []
    skipping: str | None = None

    def end_paragraph() -> None:
        folded = " ".join(html.unescape("".join(current)).split())
        if folded:
            paragraphs.append(folded)
        current.clear()

    for token in _TOKEN.finditer(markup):
        piece = token.group()
        name_match = _TAG_NAME.match(piece) if piece.startswith("<") and len(piece) > 1 else None
        if name_match is None:
            if not skipping and not piece.startswith("<!--") and not piece.startswith(("<!", "<?")):
                current.append(piece)
            continue
        name, closing = name_match.group(1).lower(), piece.startswith("</")
        if skipping:
            if closing and name == skipping:
                skipping = None
            continue
        if (name in SKIPPED_TAGS or name == "title") and name != "head" and not closing and not piece.endswith("/>"):
            skipping = name
        elif name in BLOCK_TAGS:
            end_paragraph()
    end_paragraph()
    return "\n\n".join(paragraphs)


def html_to_text(markup: str) -> str:
    """Paragraph-separated visible text of a page (the ``--html-mode full`` reading)."""
    try:
        return visible_text(parse_html(markup))
    except TooDeepError:
        return flat_text(markup)
