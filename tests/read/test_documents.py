"""Stage 1: reading files of every supported kind into documents with exact text."""
from __future__ import annotations

import hashlib
import json

from attribution.read import Document, ReadError, decode_bytes, iter_documents
from attribution.read.documents import safe_id
from attribution.read.html_text import html_to_text


def _docs(items):
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, ReadError)]


def test_plain_text_and_markdown(tmp_path):
    (tmp_path / "a.txt").write_text("He said so.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Title\n\nShe said no.", encoding="utf-8")
    docs, errors = _docs(list(iter_documents([tmp_path])))
    assert [d.doc_id for d in docs] == ["a", "b"] and not errors
    assert docs[0].text == "He said so."


def test_bom_is_dropped_and_crlf_kept():
    text, enc, warnings = decode_bytes("\ufeffA\r\nB".encode("utf-8"))
    assert text == "A\r\nB" and enc == "utf-8" and not warnings


def test_cp1252_fallback_warns():
    text, enc, warnings = decode_bytes("“Quoted” café".encode("cp1252"))
    assert text == "“Quoted” café" and enc == "cp1252" and warnings


def test_binary_and_empty_are_errors(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "empty.txt").write_text("  \n ", encoding="utf-8")
    docs, errors = _docs(list(iter_documents([tmp_path])))
    assert not docs
    messages = " ".join(str(e) for e in errors)
    assert "binary" in messages and "empty" in messages


def test_json_and_jsonl_with_a_bad_line(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"doc_id": "x1", "text": "They said yes."}), encoding="utf-8")
    (tmp_path / "many.jsonl").write_text('{"text": "A said B."}\n{broken\n{"id": "z", "text": "C said D."}\n', encoding="utf-8")
    docs, errors = _docs(list(iter_documents([tmp_path])))
    assert [d.doc_id for d in docs] == ["many-1", "z", "x1"]
    assert len(errors) == 1 and "line 2" in str(errors[0])


def test_html_text_skips_scripts_and_decodes_entities():
    text = html_to_text("<html><head><script>alert(1)</script></head><body><p>Tom &amp; Jerry said &quot;hi&quot;.</p><p>Next</p></body></html>")
    assert text == 'Tom & Jerry said "hi".\n\nNext'


def test_missing_path_and_too_large(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("x" * 100, encoding="utf-8")
    docs, errors = _docs(list(iter_documents([tmp_path / "nope.txt", big], max_bytes=10)))
    assert not docs and len(errors) == 2
    assert "no such file" in str(errors[0]) and "limit" in str(errors[1])


def test_stdin():
    docs, _ = _docs(list(iter_documents(["-"], stdin=b"He said hi.")))
    assert docs[0].doc_id == "stdin-" + hashlib.sha256(b"He said hi.").hexdigest()[:8] and docs[0].text == "He said hi."


def test_safe_id_never_escapes():
    for raw in ("../../etc/passwd", "/abs/path", "a\x00b", "..", "x/y"):
        sid = safe_id(raw)
        assert "/" not in sid and "\x00" not in sid and not sid.startswith(".")
