"""Input files → documents.

Supported: ``.txt`` and anything else as plain text, ``.md``/``.markdown`` (the text
without its Markdown markup), ``.html``/``.htm`` (the page's article, or all its visible
text: :data:`HTML_MODES`), ``.json`` (an object with a ``text`` field, and optionally
``id`` or ``doc_id`` and ``title``) and ``.jsonl`` (one such object per line).  Offsets
in the report always refer to ``Document.text`` (the report carries it), so a document
read from HTML, Markdown or JSON is still exact.

Bad input never raises out of :func:`iter_documents`: each problem becomes a
:class:`ReadError` with a message a person can act on, and the rest goes on
(JSON nested too deeply for the parser included).

Doc ids say where a document is, not when it arrived (:func:`iter_documents`),
so they are the same from run to run whatever is added to the folder; report
file names are a function of the id alone (:func:`output_stem`). A folder walk
does not read file links that lead out of the folder, nor the run's own output
folder.
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from attribution.read.html_article import DEFAULT_HTML_MODE, HTML_MODES, read_html
from attribution.read.html_text import HtmlError
from attribution.read.markdown_text import markdown_to_text
from attribution.schema import text_digest

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


_SURROGATE = re.compile(r"[\ud800-\udfff]")
MAX_NAME_CHARS = 150
MAX_NAME_BYTES = 200
"""File names are cut to this many characters and UTF-8 bytes (file systems allow 255 bytes,
and ``.json``, ``.html`` or a ``-2`` suffix still has to fit)."""
DIGEST_CHARS = 8


def _name_char(ch: str) -> bool:
    """Letters, marks and digits of any script, and ``. _ -``: what a report's file name may hold.

    Non-Latin names stay readable (``Москва``, ``東京``, ``नई दिल्ली`` keep their letters and
    vowel signs); separators, spaces, controls, bidirectional overrides and symbols do not."""
    return ch in "._-" or unicodedata.category(ch)[0] in "LMN"


def _cut(name: str, chars: int, max_bytes: int) -> str:
    """``name`` cut to at most ``chars`` characters and ``max_bytes`` UTF-8 bytes."""
    name = name[:chars]
    while len(name.encode("utf-8")) > max_bytes:
        name = name[:-1]
    return name


def safe_id(raw: str) -> str:
    """A doc id made safe as a file name: no separators, no leading dots or dashes
    (a name like ``-rf.json`` reads as options to shell tools), bounded length.

    Runs of other characters become one ``_``; letters of every script are kept. The result
    is NFC-normalised, so a name read from a macOS folder (NFD) matches the same name typed."""
    text = unicodedata.normalize("NFC", raw.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    out: list[str] = []
    for ch in text:
        if _name_char(ch):
            out.append(ch)
        elif not out or out[-1] != "_":
            out.append("_")
    cleaned = "".join(out).lstrip("._-").rstrip("._") or "doc"
    return _cut(cleaned, MAX_NAME_CHARS, MAX_NAME_BYTES)


def output_stem(doc_id: str) -> str:
    """The file name (without suffix) of a document's report: a function of the doc id alone.

    An id that is already a safe file name is used as it is. Any other id (a folder path
    such as ``politics/story``, a space, a control character, a name too long) is made safe
    and gets ``-`` plus 8 hex digits of the id's SHA-256, so two different ids never share a
    file name however they sanitise, and the name does not depend on what else is in the run.
    """
    safe = safe_id(doc_id)
    if safe == doc_id:
        return safe
    digest = text_digest(doc_id)[:DIGEST_CHARS]
    head = _cut(safe, MAX_NAME_CHARS - DIGEST_CHARS - 1, MAX_NAME_BYTES - DIGEST_CHARS - 1).rstrip("._-")
    return f"{head or 'doc'}-{digest}"


def display_path(path: str | Path) -> str:
    """A path as valid Unicode: bytes of a file name that are not UTF-8 are shown as ``\\xNN``.

    On POSIX such names reach Python with surrogate escapes, which cannot be written to a
    UTF-8 report or page; this form can, and still shows which bytes the name holds."""
    raw = os.fsencode(str(path))
    return raw.decode("utf-8", "backslashreplace")


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
    if doc_id is None:
        doc_id = f"stdin-{text_digest(text)[:DIGEST_CHARS]}" if name == "-" else Path(name).stem
    base_id = doc_id
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


TOO_DEEP = "JSON nested too deeply to read (more levels of [ and { than Python's parser allows, about 1,000)"


class JsonTooDeep(ValueError):
    """JSON whose nesting exceeds what the parser can follow (100,000 levels of ``[``)."""


def parse_json(text: str):
    """``json.loads``, but nesting deeper than Python's parser can follow raises :class:`JsonTooDeep`
    (a :class:`ValueError` with a message) rather than :class:`RecursionError`, which callers
    catching bad input would let through and which would end a whole batch."""
    try:
        return json.loads(text)
    except RecursionError as err:
        raise JsonTooDeep(TOO_DEEP) from err


def _json_document(text: str, name: str, base_id: str) -> Document:
    try:
        obj = parse_json(text)
    except json.JSONDecodeError as err:
        raise InputError(f"malformed JSON at line {err.lineno} column {err.colno}: {err.msg}") from err
    except JsonTooDeep as err:
        raise InputError(str(err)) from err
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
    if raw_id not in (None, "") and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, float))):
        raise InputError("the doc id ('doc_id' or 'id') must be a string or a number")
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
                obj = parse_json(line)
            except json.JSONDecodeError as err:
                raise InputError(f"malformed JSON on line {lineno}: {err.msg}") from err
            except JsonTooDeep as err:
                raise InputError(f"{err} on line {lineno}") from err
            doc = _record_document(obj, where, f"{base_id}-{lineno}")
            _check_text(doc.text, where)
        except InputError as err:
            yield ReadError(where, str(err))
            continue
        doc.encoding, doc.warnings = encoding, list(warnings)
        yield doc


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def walk_text_files(root: Path, follow_symlinks: bool = False,
                    skip_dirs: Iterable[Path] = ()) -> Iterator[Path | ReadError]:
    """Files below ``root``, sorted, without following directory links (no loops).

    A file link whose target lies outside ``root`` is not read unless ``follow_symlinks``:
    a folder someone else filled could otherwise have ``passwd -> /etc/passwd`` copied into a
    report. It is reported as a :class:`ReadError`. Folders in ``skip_dirs`` (the output
    folder of the run, when it lies inside the input) are not entered, so reports are never
    read back as articles.
    """
    def onerror(err: OSError) -> None:
        errors.append(ReadError(display_path(err.filename or root), f"cannot list folder: {err.strerror}"))

    errors: list[ReadError] = []
    real_root = root.resolve()
    skipped = {Path(d).resolve() for d in skip_dirs}
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and (Path(dirpath) / d).resolve() not in skipped)
        for fname in sorted(filenames):
            if fname.startswith("."):
                continue
            p = Path(dirpath) / fname
            if p.suffix.lower() not in TEXT_SUFFIXES:
                continue
            if not follow_symlinks and p.is_symlink():
                try:
                    target = p.resolve(strict=True)
                except (OSError, RuntimeError):
                    yield p  # broken or looping: reading it reports that
                    continue
                if not _inside(target, real_root):
                    yield ReadError(display_path(p), f"symbolic link to {display_path(target)}, outside the input "
                                                     "folder: not read (give --follow-symlinks to read it)")
                    continue
            yield p
    yield from errors


def relative_id(path: Path, root: Path) -> str:
    """A document's id from its place in the input: the path below the input folder, without the
    file's suffix, with ``/`` between folders (``politics/2024/story``). Stable from run to run
    whatever else the folder holds, unique within one folder (up to files that differ only in
    their suffix), and non-Latin names are kept as they are. Bytes of a name that are not
    UTF-8 are written ``\\xNN``."""
    rel = path.relative_to(root)
    parts = [display_path(part) for part in rel.parent.parts] + [display_path(rel.stem)]
    return "/".join(parts)


def iter_documents(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
                   stdin: bytes | None = None, html_mode: str | None = None, follow_symlinks: bool = False,
                   skip_dirs: Iterable[Path] = ()) -> Iterator[Document | ReadError]:
    """Every document from files, folders (recursive) and ``-`` (standard input), in order.
    ``html_mode``: how ``.html`` files are read (None: the process's mode, :func:`set_html_mode`).

    Doc ids: a file in a folder given as input gets its path below that folder
    (:func:`relative_id`); a file named directly gets its name without the suffix; standard
    input gets ``stdin-`` and the first 8 hex digits of its text's SHA-256, so two different
    texts piped into one ``--out`` get two reports. A JSON object's own ``doc_id``/``id``
    wins; a JSONL line without one gets the file's id and ``-LINE``.
    """
    skip_dirs = list(skip_dirs)
    for raw in paths:
        raw = str(raw)
        if raw == "-":
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            yield from read_text_input(data, "-", ".txt")
            continue
        path = Path(raw)
        if path.is_dir():
            found_file = False
            for item in walk_text_files(path, follow_symlinks=follow_symlinks, skip_dirs=skip_dirs):
                if isinstance(item, ReadError):
                    yield item
                else:
                    found_file = True
                    yield from _read_file(item, max_bytes, relative_id(item, path), html_mode)
            if not found_file:  # "0 written" and exit 0 read as success for a folder with nothing to read
                yield ReadError(str(path), NO_SUPPORTED_FILES)
        else:
            yield from _read_file(path, max_bytes, display_path(path.stem), html_mode)


def _read_file(path: Path, max_bytes: int, doc_id: str, html_mode: str | None = None) -> Iterator[Document | ReadError]:
    shown = display_path(path)
    try:
        if not path.exists():
            if path.is_symlink():
                yield ReadError(shown, "broken symbolic link (its target is missing, or the links form a loop)")
            else:
                yield ReadError(shown, "no such file or folder")
            return
        if not path.is_file():
            yield ReadError(shown, "not a regular file")
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(shown, f"file is {size} bytes, over the limit of {max_bytes} (raise --max-bytes)")
            return
        data = path.read_bytes()
    except OSError as err:
        yield ReadError(shown, f"cannot read: {err.strerror or err}")
        return
    try:
        yield from read_text_input(data, shown, path.suffix, doc_id, html_mode=html_mode)
    except RecursionError:  # defence in depth: no reader may end the batch
        yield ReadError(shown, TOO_DEEP)
