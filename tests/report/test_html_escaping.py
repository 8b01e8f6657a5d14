"""Every field of a report that came from outside (the file path too) reaches the HTML page as text.

The path was once rendered with ``|safe``, and the whole suite passed: a file named with
markup would have put live HTML into the page of its own report.
"""
from __future__ import annotations

from html.parser import HTMLParser

from attribution.assemble.build import build_report
from attribution.data.annotations import AnnotatedDocument
from attribution.report.html import write_html_reports
from attribution.tag.oracle import oracle_tagged

HOSTILE_PATH = 'news/<script>alert("path")</script><img src=x onerror=alert(4)>.txt'
TEXT = "Officials said the talks had failed.\n"


class Elements(HTMLParser):
    """The elements and the text a browser would build from a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_a_hostile_path_is_shown_as_text_not_markup(tmp_path):
    report = build_report("doc", TEXT, oracle_tagged(AnnotatedDocument("doc", TEXT, [])), path=HOSTILE_PATH)
    assert report.path == HOSTILE_PATH
    article_page = write_html_reports([report], tmp_path)[0]
    html = article_page.read_text(encoding="utf-8")
    page = Elements(html)
    assert "script" not in page.tags and "img" not in page.tags
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert HOSTILE_PATH in "".join(page.text)  # shown, character for character
