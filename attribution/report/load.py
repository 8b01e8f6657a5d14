"""Reports from disk (JSON written by ``attribution extract``) or fresh from text files."""
from __future__ import annotations

from collections.abc import Iterator
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


def iter_report_files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*.json") if not x.name.startswith(".") and x.is_file())
        else:
            yield p


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


def reports_for(paths: list[str], model_dir: str | None = None) -> Iterator[Report | str]:
    """Reports for the inputs: report JSONs are loaded, anything else is run through the model.

    Yields an error string for an input that could not be turned into a report.
    """
    texts: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_file() and is_report_json(p):
            try:
                yield load_report(p)
            except ValueError as err:
                yield str(err)
        elif p.is_dir() and any(is_report_json(x) for x in p.glob("*.json")):
            for f in iter_report_files([raw]):
                try:
                    yield load_report(f)
                except ValueError as err:
                    yield str(err)
        else:
            texts.append(raw)
    if texts:
        from attribution.pipeline import Attributor
        from attribution.read import ReadError, iter_documents

        attributor = Attributor.load(model_dir)
        errors: list[str] = []

        def docs():
            for item in iter_documents(texts):
                if isinstance(item, ReadError):
                    errors.append(str(item))
                else:
                    yield item

        for report in attributor.extract_documents(docs()):
            while errors:
                yield errors.pop(0)
            yield report
        yield from errors
