"""Reports from disk (JSON written by ``attribution extract``) or fresh from text files."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from attribution.read.documents import DEFAULT_MAX_BYTES, parse_json
from attribution.schema import Report, report_from_dict


def is_report_json(path: Path) -> bool:
    if path.suffix.lower() != ".json" or path.name.startswith("."):  # ".tmp-*": a write in flight
        return False
    if not path.is_file():  # a FIFO named x.json would block the open below forever
        return False
    try:
        with path.open(encoding="utf-8") as fh:
            head = fh.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    return '"attributions"' in head or '"sentences"' in head or ('"doc_id"' in head and '"publisher"' in head)


def split_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    """The report JSONs and the other readable files (articles, JSONL) below ``folder``,
    found by the same walk the article readers use (sorted, hidden names and links to
    folders left out)."""
    from attribution.read.documents import walk_text_files

    reports: list[Path] = []
    others: list[Path] = []
    for item in walk_text_files(folder):
        if isinstance(item, Path) and item.is_file():  # a FIFO named *.json would block the run forever
            (reports if is_report_json(item) else others).append(item)
    return reports, others


MAX_OFFSET = DEFAULT_MAX_BYTES
"""No offset in a report may pass this: ``extract`` reads no input longer (``--max-bytes``), and a
report without its text is laid out at its offsets, so a forged ``end`` of 1e9 would otherwise
cost gigabytes."""


def _check_span(span: Any, where: str, text_len: int | None) -> None:
    """A span as ``extract`` writes it: integer offsets, ``0 <= start <= end``, a ``text`` exactly
    ``end - start`` characters long, inside the report's text (or within :data:`MAX_OFFSET`)."""
    if not isinstance(span, dict):
        raise ValueError(f"{where} is not an object")
    start, end, text = span.get("start"), span.get("end"), span.get("text")
    if type(start) is not int or type(end) is not int:
        raise ValueError(f"{where}: start and end must be whole numbers, not {start!r} and {end!r}")
    if not isinstance(text, str):
        raise ValueError(f"{where}: no 'text' string")
    if not 0 <= start <= end:
        raise ValueError(f"{where}: offsets {start}-{end} are not in order")
    limit = MAX_OFFSET if text_len is None else text_len
    if end > limit:
        what = "the report's text" if text_len is not None else "any document extract reads"
        raise ValueError(f"{where}: end {end} lies beyond {what} ({limit} characters)")
    if end - start != len(text):
        raise ValueError(f"{where}: offsets {start}-{end} do not fit its text of {len(text)} characters")


def _objects(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"'{key}' must be a list of objects")
    return value


def check_report_data(data: Any) -> None:
    """Raise :class:`ValueError` naming the first field of ``data`` that no report from ``extract``
    could have: this runs before anything is built from it, so a hostile or damaged report gets
    a message instead of a traceback, and its offsets cannot make the HTML layout allocate
    gigabytes."""
    if not isinstance(data, dict) or not isinstance(data.get("attributions"), list):
        raise ValueError("not an attribution report (no 'attributions' list)")
    if not isinstance(data.get("doc_id"), str):
        raise ValueError("'doc_id' must be a string")
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise ValueError("'text' must be a string")
    text_len = len(text) if text else None
    if data.get("publisher") is not None:
        _check_span(data["publisher"], "publisher", text_len)
    for i, s in enumerate(_objects(data, "sentences")):
        _check_span(s, f"sentence {i}", text_len)
        for h in s.get("hedges") or []:
            _check_span(h, f"sentence {i} hedge", text_len)
    for i, a in enumerate(_objects(data, "attributions")):
        where = f"attribution {a.get('id', i)!r}"
        for role in ("source", "cue", "recipient"):
            if a.get(role) is not None:
                _check_span(a[role], f"{where} {role}", text_len)
        for role in ("content", "hedges"):
            parts = a.get(role) or []
            if not isinstance(parts, list):
                raise ValueError(f"{where}: '{role}' must be a list")
            for part in parts:
                _check_span(part, f"{where} {role}", text_len)
    for i, src in enumerate(_objects(data, "sources")):
        for m in src.get("mentions") or []:
            _check_span(m, f"source {src.get('id', i)!r} mention", text_len)


def load_report(path: str | Path) -> Report:
    """A report JSON file → Report (raises ValueError with the path on bad input).

    Hostile input is refused with a message: malformed or too deeply nested JSON, fields of the
    wrong type, offsets that do not fit (:func:`check_report_data`)."""
    path = Path(path)
    try:
        data = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ValueError(f"{path}: not a readable report JSON ({err})") from err
    try:
        check_report_data(data)
        return report_from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as err:
        raise ValueError(f"{path}: not a valid attribution report: {err}") from err


def _resolved(path: str | None) -> Path | None:
    if not path:
        return None
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def reports_for(paths: list[str], model_dir: str | None = None,
                on_note: Callable[[str], None] | None = None) -> Iterator[Report | str]:
    """Reports for the inputs: report JSONs are loaded, anything else is run through the model.

    A folder may hold report JSONs, articles, or both (``extract in/ --out in/reports``
    leaves both): its reports are loaded, and its other files are read as articles,
    except those a loaded report was made from (its ``path``), so nothing is shown
    twice and nothing is skipped.  ``on_note`` hears what was done with such a folder.
    Yields an error string for an input that could not be turned into a report.
    """
    articles: list[str] = []
    not_articles: set[Path] = set()  # report files inside article folders, and articles that have a report
    for raw in paths:
        p = Path(raw)
        if p.is_file() and is_report_json(p):
            yield from _load_reports([p], not_articles)
        elif p.is_dir():
            reports, others = split_folder(p)
            yield from _load_reports(reports, not_articles)
            if others or not reports:  # an empty folder goes to the readers, which say what they read
                articles.append(raw)
                not_articles.update(f.resolve() for f in reports)
            if reports and others and on_note:
                covered = sum(1 for f in others if f.resolve() in not_articles)
                on_note(f"{p}: holds report JSONs and articles: {len(reports)} report(s) loaded; "
                        f"{len(others) - covered} other file(s) read as articles"
                        + (f" ({covered} left out: a loaded report was made from them)" if covered else ""))
        else:
            articles.append(raw)
    if articles:
        yield from _run_articles(articles, not_articles, model_dir)


def _run_articles(articles: list[str], left_out: set[Path], model_dir: str | None) -> Iterator[Report | str]:
    """Reports for article inputs (streamed), minus the files in ``left_out``.  The model
    loads only when there is a document to tag, so inputs that are all errors answer at once."""
    from attribution.pipeline import Attributor
    from attribution.read import ReadError, iter_documents

    items = (item for item in iter_documents(articles)
             if isinstance(item, ReadError) or not left_out or _resolved(item.path) not in left_out)
    first = None
    for item in items:
        if isinstance(item, ReadError):
            yield str(item)
            continue
        first = item
        break
    if first is None:
        return
    attributor = Attributor.load(model_dir)
    errors: list[str] = []

    def docs():
        yield first
        for item in items:
            if isinstance(item, ReadError):
                errors.append(str(item))
            else:
                yield item

    for report in attributor.extract_documents(docs()):
        while errors:
            yield errors.pop(0)
        yield report
    yield from errors


def _load_reports(files: list[Path], made_from: set[Path]) -> Iterator[Report | str]:
    """Load report files; note the article each was made from (so it is not run again)."""
    for f in files:
        try:
            report = load_report(f)
        except ValueError as err:
            yield str(err)
            continue
        source = _resolved(report.path)
        if source is not None:
            made_from.add(source)
        yield report
