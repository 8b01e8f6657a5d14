"""Input files → documents.

Supported: ``.txt`` and anything else as plain text, ``.md``/``.markdown`` (the text
without its Markdown markup), ``.html``/``.htm`` (the page's article, or all its visible
text: :data:`HTML_MODES`), ``.json`` (an object with a ``text`` field, and optionally
``id`` or ``doc_id`` and ``title``) and ``.jsonl`` (one such object per line).  Offsets
in the report always refer to ``Document.text`` (the report carries it), so a document
read from HTML, Markdown or JSON is still exact.

Bad input never raises out of :func:`iter_documents`: each problem becomes a
:class:`ReadError` with a message a person can act on, and the rest goes on.
"""
from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from attribution.read.html_article import DEFAULT_HTML_MODE, HTML_MODES, read_html
from attribution.read.html_text import HtmlError
from attribution.read.markdown_text import markdown_to_text

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown", ".html", ".htm", ".json", ".jsonl", ""}
NO_SUPPORTED_FILES = ("no supported files in this folder (a folder is searched for "
                      + " ".join(sorted(x for x in TEXT_SUFFIXES if x)) + " and files with no suffix; "
                      "name any other file on the command line to have it read)")
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b")


@dataclass
class Document:
    doc_id: str
    text: str
    path: str | None = None
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    page: dict[str, str] | None = None
    """A web page's metadata (title, date, author, site_name, url: those found), for HTML input."""


_html_mode = DEFAULT_HTML_MODE


def set_html_mode(mode: str) -> None:
    """How ``.html`` input is read from now on in this process, where a caller gives no mode:
    ``"article"`` (the default: the page's article and metadata) or ``"full"`` (all visible text).
    The command line sets it once (``--html-mode``), so every reader of the run agrees."""
    global _html_mode
    if mode not in HTML_MODES:
        raise ValueError(f"html mode {mode!r}: expected one of {', '.join(HTML_MODES)}")
    _html_mode = mode


def html_mode() -> str:
    """The mode ``.html`` input is read with when a caller gives none (see :func:`set_html_mode`)."""
    return _html_mode


@dataclass
class ReadError:
    """An input that produced no document, and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InputError(ValueError):
    """Raised by the single-input helpers; carried as ReadError in batches."""


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Bytes → (text, encoding, warnings).  UTF-8 first (a BOM is dropped); cp1252 /
    latin-1 as a reported fall-back; binary data is refused."""
    if any(data.startswith(m) for m in _BINARY_MAGIC) or b"\x00" in data[:65536]:
        raise InputError("binary file (NUL bytes or an image/archive signature), not text")
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as err:
        where = err.start
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        warnings.append(f"not valid UTF-8 (first bad byte at {where}); decoded as {enc}")
        return text, enc, warnings
    raise InputError("undecodable text")  # pragma: no cover - latin-1 decodes any bytes


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def safe_id(raw: str) -> str:
    """A doc id that is safe as a file name: no separators, no leading dots or dashes
    (a name like ``-rf.json`` reads as options to shell tools), bounded length."""
    cleaned = _UNSAFE.sub("_", raw).lstrip("._-").rstrip("._") or "doc"
    return cleaned[:150]


def _check_text(text: str, where: str) -> None:
    if not text.strip():
        raise InputError("empty document (no text after decoding)")


def read_text_input(data: bytes, name: str, suffix: str, doc_id: str | None = None,
                    html_mode: str | None = None) -> Iterator[Document | ReadError]:
    """Documents from the bytes of one input (a file or stdin).  ``html_mode``: see
    :func:`set_html_mode` (None: the process's mode)."""
    try:
        text, encoding, warnings = decode_bytes(data)
    except InputError as err:
        yield ReadError(name, str(err))
        return
    base_id = doc_id or safe_id(Path(name).stem if name != "-" else "stdin")
    suffix = suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl_documents(text, name, base_id, encoding, warnings)
        return
    try:
        if suffix == ".json":
            doc = _json_document(text, name, base_id)
        elif suffix in (".html", ".htm"):
            doc = _html_document(text, name, base_id, html_mode or _html_mode)
        elif suffix in MARKDOWN_SUFFIXES:
            doc = Document(base_id, markdown_to_text(text), name)
        else:
            doc = Document(base_id, text, name)
        _check_text(doc.text, name)
    except InputError as err:
        yield ReadError(name, str(err))
        return
    doc.encoding, doc.warnings = encoding, warnings + doc.warnings
    yield doc


def _html_document(markup: str, name: str, base_id: str, mode: str) -> Document:
    try:
        page = read_html(markup, mode)
    except HtmlError as err:
        raise InputError(str(err)) from err
    if not page.text.strip():
        raise InputError("empty document (no visible text in the page)")
    return Document(base_id, page.text, name, warnings=list(page.warnings), page=page.page)


def _json_document(text: str, name: str, base_id: str) -> Document:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"malformed JSON at line {err.lineno} column {err.colno}: {err.msg}") from err
    return _record_document(obj, name, base_id)


JSON_FIELDS = ("text", "id", "doc_id", "title")
"""The fields a ``.json`` / ``.jsonl`` article is read from (any others are ignored):

* ``text`` (required, a string): the article;
* ``id`` or ``doc_id``: the report's doc id (default: the file name, with ``-LINE`` for JSONL);
* ``title``: the headline.  Headlines carry attributions of their own ("… — media"), so a
  title the text does not already start with becomes the text's first paragraph, and the
  report's ``text`` (to which every offset refers) holds both."""


def _record_document(obj, name: str, base_id: str) -> Document:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise InputError("expected a JSON object with a string 'text' field (optional: 'id', 'title')")
    raw_id = obj.get("doc_id") or obj.get("id")
    doc_id = str(raw_id) if raw_id not in (None, "") else base_id
    text = obj["text"]
    title = obj.get("title")
    if isinstance(title, str) and title.strip() and not text.lstrip().startswith(title.strip()):
        text = f"{title.strip()}\n\n{text}"
    if _SURROGATE.search(text) or _SURROGATE.search(doc_id):
        # only JSON escapes (\ud800) can produce these; they are not text and cannot be written as UTF-8
        raise InputError("unpaired UTF-16 surrogate escape (\\ud800-\\udfff) in 'text', 'title' or the doc id; "
                         "not valid Unicode")
    return Document(doc_id, text, name)


def _jsonl_documents(text: str, name: str, base_id: str, encoding: str, warnings: list[str]) -> Iterator[Document | ReadError]:
    # records end at "\n" only: str.splitlines() would also break at U+2028, U+0085 ...,
    # which JSON allows raw inside strings (and editors do not count as lines)
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"malformed JSON on line {lineno}: {err.msg}") from err
            doc = _record_document(obj, where, f"{base_id}-{lineno}")
            _check_text(doc.text, where)
        except InputError as err:
            yield ReadError(where, str(err))
            continue
        doc.encoding, doc.warnings = encoding, list(warnings)
        yield doc


def walk_text_files(root: Path) -> Iterator[Path | ReadError]:
    """Files below ``root``, sorted, without following directory links (no loops)."""
    def onerror(err: OSError) -> None:
        errors.append(ReadError(str(err.filename or root), f"cannot list folder: {err.strerror}"))

    errors: list[ReadError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fname in sorted(filenames):
            if fname.startswith("."):
                continue
            p = Path(dirpath) / fname
            if p.suffix.lower() in TEXT_SUFFIXES:
                yield p
    yield from errors


def iter_documents(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
                   stdin: bytes | None = None, html_mode: str | None = None) -> Iterator[Document | ReadError]:
    """Every document from files, folders (recursive) and ``-`` (standard input), in order.
    ``html_mode``: how ``.html`` files are read (None: the process's mode, :func:`set_html_mode`)."""
    for raw in paths:
        raw = str(raw)
        if raw == "-":
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            yield from read_text_input(data, "-", ".txt")
            continue
        path = Path(raw)
        if path.is_dir():
            found_file = False
            for item in walk_text_files(path):
                if isinstance(item, ReadError):
                    yield item
                else:
                    found_file = True
                    yield from _read_file(item, max_bytes, html_mode)
            if not found_file:  # "0 written" and exit 0 read as success for a folder with nothing to read
                yield ReadError(str(path), NO_SUPPORTED_FILES)
        else:
            yield from _read_file(path, max_bytes, html_mode)


def _read_file(path: Path, max_bytes: int, html_mode: str | None = None) -> Iterator[Document | ReadError]:
    try:
        if not path.exists():
            if path.is_symlink():
                yield ReadError(str(path), "broken symbolic link (its target is missing, or the links form a loop)")
            else:
                yield ReadError(str(path), "no such file or folder")
            return
        if not path.is_file():
            yield ReadError(str(path), "not a regular file")
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(str(path), f"file is {size} bytes, over the limit of {max_bytes} (raise --max-bytes)")
            return
        data = path.read_bytes()
    except OSError as err:
        yield ReadError(str(path), f"cannot read: {err.strerror or err}")
        return
    yield from read_text_input(data, str(path), path.suffix, html_mode=html_mode)
