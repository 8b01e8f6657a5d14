"""Markdown → the plain text of the article, so that markup is not read as words.

``**CAIRO** — [Haftar](https://…) said`` should reach the tagger as ``CAIRO — Haftar
said``: the asterisks, brackets and URL are not part of any sentence, and a source
span must not start with ``**``.  The report then holds this plain text, and its
offsets refer to it (as for HTML).

Parsing is CommonMark with tables and strikethrough (``markdown-it-py``, which Rich
already depends on).  What each construct becomes:

* headings, paragraphs, list items, block quotes, table rows: one paragraph each
  (separated by a blank line, so a sentence never runs across two of them);
* a line wrapped inside a paragraph joins with a space (the sentence splitter ends
  a sentence at every line break, and a wrapped line is the same sentence); a hard
  break (two trailing spaces or a backslash) stays a line break;
* emphasis, links and images keep their text (an image its alt text); inline code
  its content; inline HTML tags are dropped, and an HTML block keeps its text;
* code blocks keep their content (a news article's code block is rare, and its
  text is still the author's);
* a YAML front-matter block (``---`` … ``---`` at the very top) is not article text.
"""
from __future__ import annotations

import html
import re

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_text(children) -> str:
    """The text of an inline token's children: markup dropped, breaks kept as the reader sees them."""
    parts: list[str] = []
    for tok in children or ():
        if tok.type in ("text", "code_inline"):
            parts.append(tok.content)
        elif tok.type == "softbreak":
            parts.append(" ")
        elif tok.type == "hardbreak":
            parts.append("\n")
        elif tok.type == "image":
            parts.append(_inline_text(tok.children))
        # html_inline, *_open / *_close: markup only
    return "".join(parts)


def _html_block_text(source: str) -> str:
    return html.unescape(_TAG.sub(" ", source))


def markdown_to_text(source: str) -> str:
    """The plain text of a Markdown document: one paragraph per block, blank lines between."""
    source = _FRONT_MATTER.sub("", source, count=1)
    blocks: list[str] = []
    row: list[str] | None = None
    for tok in _parser().parse(source):
        if tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            if row is not None:
                blocks.append("\t".join(cell for cell in row))
            row = None
        elif tok.type == "inline":
            text = _inline_text(tok.children)
            if row is not None:
                row.append(text.strip())
            else:
                blocks.append(text)
        elif tok.type in ("fence", "code_block"):
            blocks.append(tok.content.rstrip("\n"))
        elif tok.type == "html_block":
            blocks.append(_html_block_text(tok.content))
    cleaned = (b.strip() for b in blocks)
    return "\n\n".join(b for b in cleaned if b)
