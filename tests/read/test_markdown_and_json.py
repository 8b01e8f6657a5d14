"""Markdown input is read as its text (no markup), and a JSON article's fields are the documented ones."""
from __future__ import annotations

import json

import pytest

from attribution.read import Document, ReadError, iter_documents
from attribution.read.markdown_text import markdown_to_text

ARTICLE_MD = """---
layout: post
title: ignored front matter
---
# Haftar rejects the deal — *media*

**CAIRO**, January 14. Khalifa _Haftar_ will not sign, [Al Arabiya](https://example.com/x "x") said,
citing `LNA` sources.

> "We will not sign," a spokesman told reporters.

1. One point, the minister said.
2. Another.

![Haftar in Moscow](photo.jpg) Officials said <b>nothing</b> else &amp; left.

| who | said |
|-----|------|
| TASS | yes |
"""


def _read(path) -> list[Document | ReadError]:
    return list(iter_documents([path]))


def test_markdown_markup_is_dropped(tmp_path):
    path = tmp_path / "article.md"
    path.write_text(ARTICLE_MD, encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, Document)
    for markup in ("**", "_Haftar_", "](", "https://", "# ", "> ", "`", "<b>", "&amp;", "|", "---", "layout:"):
        assert markup not in doc.text, markup
    assert doc.text.startswith("Haftar rejects the deal — media\n\n")
    # a wrapped line joins its paragraph (the splitter ends a sentence at every line break)
    assert "Khalifa Haftar will not sign, Al Arabiya said, citing LNA sources." in doc.text
    assert '"We will not sign," a spokesman told reporters.' in doc.text
    assert "One point, the minister said." in doc.text and "Haftar in Moscow Officials said nothing else & left." in doc.text
    assert "TASS\tyes" in doc.text


def test_markdown_report_offsets_refer_to_the_plain_text(tmp_path, tiny_attributor):
    path = tmp_path / "article.md"
    path.write_text(ARTICLE_MD, encoding="utf-8")
    [doc] = _read(path)
    report = tiny_attributor.extract(doc.text, doc_id=doc.doc_id, path=doc.path)
    assert report.text == doc.text == markdown_to_text(ARTICLE_MD)
    for s in report.sentences:
        assert report.text[s.start:s.end] == s.text and "**" not in s.text


def test_plain_text_is_not_touched(tmp_path):
    text = "**Not markdown** in a .txt file, [kept](as is)."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    [doc] = _read(tmp_path / "a.txt")
    assert doc.text == text


def test_json_fields_id_title_text(tmp_path):
    from attribution.read.documents import JSON_FIELDS

    assert set(JSON_FIELDS) == {"text", "id", "doc_id", "title"}
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"id": "story-7", "title": "Haftar won't sign — media",
                                "text": "Haftar will not sign, Al Arabiya said.", "url": "ignored"}), encoding="utf-8")
    [doc] = _read(path)
    assert doc.doc_id == "story-7"
    assert doc.text == "Haftar won't sign — media\n\nHaftar will not sign, Al Arabiya said."


def test_json_title_already_at_the_start_is_not_repeated(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "Talks fail", "text": "Talks fail\n\nThe minister said so."}), encoding="utf-8")
    [doc] = _read(path)
    assert doc.doc_id == "a" and doc.text == "Talks fail\n\nThe minister said so."


@pytest.mark.parametrize("record", [{"title": "no text"}, {"text": 5}, ["text"]])
def test_json_without_text_names_the_fields(tmp_path, record):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    [error] = _read(path)
    assert isinstance(error, ReadError) and "'text'" in error.message and "'title'" in error.message
