"""Interchange with annotation tools: brat standoff, Label Studio and CoNLL.

Every converter works on *records*: contract-shaped dicts (``CONTRACT.md``) that
carry their document ``text``, the shape of the project's annotation JSONL and of
what ``attribution extract`` writes.  Exports go through :func:`normalise_record`
first, and imports return normalised records, so "export then import" can be
checked with a plain ``==``.  See ``docs/interchange.md`` for each mapping and
what each format cannot hold.

A normalised record has exactly::

    {"doc_id", "text", "publisher", "hedges", "attributions"}

with document ``hedges`` sorted and de-duplicated (taken from the top-level
``hedges`` list when there is one, else gathered from ``sentences[].hedges``), and
each attribution as ``{"id", "source", "cue", "content", "quote", "via",
"recipient", "hedges"}`` plus ``implicit_source`` (only when true) and
``confidence`` (only when given).  Content fragments and hedges are sorted by
offset; a hedge carries ``class`` only when it is known.  Derived report fields
(``sentences``, ``sources``, ``certainty``, ``source_id``, ``warnings``, ...) are
left out: the pipeline recomputes them and no training reader uses them.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attribution.data.jsonl import AnnotationError, document_from_record
from attribution.read.documents import TOO_DEEP, JsonTooDeep, parse_json


class InterchangeError(ValueError):
    """Input that cannot be converted; the message starts with the file and line (or task)."""


def _checked_span(span: Any, text: str, where: str) -> dict | None:
    """A ``{"start","end","text"}`` dict re-sliced from the text, or None."""
    if span is None:
        return None
    if not isinstance(span, dict):
        raise InterchangeError(f"{where}: expected a span object, got {span!r}")
    try:
        start, end = int(span["start"]), int(span["end"])
    except (KeyError, TypeError, ValueError) as err:
        raise InterchangeError(f"{where}: span without integer start/end: {span!r}") from err
    if not 0 <= start <= end <= len(text):
        raise InterchangeError(f"{where}: span {start}-{end} outside the text ({len(text)} characters)")
    if "text" in span and isinstance(span["text"], str) and span["text"] != text[start:end]:
        raise InterchangeError(f"{where}: span text {span['text']!r} != document slice {text[start:end]!r}")
    return {"start": start, "end": end, "text": text[start:end]}


def _hedge(h: Any, text: str, where: str) -> dict:
    span = _checked_span(h, text, where)
    assert span is not None
    if isinstance(h, dict) and h.get("class") is not None:
        span["class"] = h["class"]
    return span


def _hedge_key(h: dict) -> tuple:
    return (h["start"], h["end"], h.get("class") or "")


def normalise_record(record: Any, where: str = "<record>") -> dict:
    """The canonical form of one record (see the module docstring); raises InterchangeError if invalid."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InterchangeError(f"{where}: expected an object with the document 'text' "
                               "(reports from `attribution extract` carry it)")
    try:
        document_from_record(record, where)  # the project's own checks: offsets and slices
    except AnnotationError as err:
        raise InterchangeError(str(err)) from err
    except (AttributeError, TypeError) as err:  # a span or attribution that is not an object
        raise InterchangeError(f"{where}: not in the contract's shape ({err})") from err
    text = record["text"]
    if isinstance(record.get("hedges"), list):
        raw_hedges = record["hedges"]
    else:
        raw_hedges = [h for s in record.get("sentences") or [] for h in (s.get("hedges") or [])]
    hedges: dict[tuple, dict] = {}
    for i, h in enumerate(raw_hedges):
        hd = _hedge(h, text, f"{where}: hedge {i}")
        hedges.setdefault(_hedge_key(hd), hd)
    atts: list[dict] = []
    seen: set[str] = set()
    for i, a in enumerate(record.get("attributions") or []):
        if not isinstance(a, dict):
            raise InterchangeError(f"{where}: attribution {i} is not an object")
        aid = str(a.get("id") or f"a{i + 1}")
        if aid in seen:
            raise InterchangeError(f"{where}: attribution id {aid!r} used twice")
        seen.add(aid)
        w = f"{where}: attribution {aid}"
        src = a.get("source")
        source = _checked_span(src, text, w + " source")
        if source is not None:
            anon = src.get("anonymous")
            source.update(kind=src.get("kind"), anonymous=None if anon is None else bool(anon),
                          resolves_to=src.get("resolves_to"))
        content = [_checked_span(c, text, w + " content") for c in a.get("content") or []]
        att: dict[str, Any] = {
            "id": aid,
            "source": source,
            "cue": _checked_span(a.get("cue"), text, w + " cue"),
            "content": sorted((c for c in content if c), key=lambda c: (c["start"], c["end"])),
            "quote": a.get("quote"),
            "via": a.get("via"),
            "recipient": _checked_span(a.get("recipient"), text, w + " recipient"),
            "hedges": sorted((_hedge(h, text, w + " hedge") for h in a.get("hedges") or []), key=_hedge_key),
        }
        if a.get("implicit_source"):
            att["implicit_source"] = True
        if a.get("confidence") is not None:
            try:
                att["confidence"] = float(a["confidence"])
            except (TypeError, ValueError) as err:
                raise InterchangeError(f"{w}: confidence {a['confidence']!r} is not a number") from err
        atts.append(att)
    return {
        "doc_id": str(record.get("doc_id") or "document"),
        "text": text,
        "publisher": _checked_span(record.get("publisher"), text, where + " publisher"),
        "hedges": sorted(hedges.values(), key=_hedge_key),
        "attributions": atts,
    }


def read_text_file(path: Path) -> str:
    """A document's text exactly as the contract counts it: UTF-8, no newline translation, no BOM."""
    data = path.read_bytes().decode("utf-8")
    return data[1:] if data.startswith("\ufeff") else data


def _report_json(path: Path) -> dict:
    try:
        data = parse_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise InterchangeError(f"{path}: cannot read ({err})") from err
    except json.JSONDecodeError as err:
        raise InterchangeError(f"{path}:{err.lineno}: malformed JSON: {err.msg}") from err
    except JsonTooDeep as err:
        raise InterchangeError(f"{path}: {err}") from err
    if not isinstance(data, dict) or "attributions" not in data:
        raise InterchangeError(f"{path}: not an attribution report (no 'attributions')")
    if not isinstance(data.get("text"), str):
        # a report written without its text: fall back to the article it names, if it lies in the
        # report's own folder (a report is data: its 'path' must not make export read /etc/passwd)
        doc = article_beside(path, data.get("path"))
        data = dict(data, text=read_text_file(doc))
    return data


def article_beside(report_path: Path, named: Any) -> Path:
    """The article a report without text names in its ``path``, when that file lies inside the
    report's folder (a relative ``path`` counts from that folder); otherwise InterchangeError."""
    if not isinstance(named, str) or not named:
        raise InterchangeError(f"{report_path}: the report has no 'text' and no 'path' to read it from")
    folder = report_path.parent.resolve()
    candidate = Path(named) if Path(named).is_absolute() else folder / named
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InterchangeError(f"{report_path}: the report has no 'text' and its 'path' is not a readable file") from None
    if folder not in real.parents or not real.is_file():
        raise InterchangeError(f"{report_path}: the report has no 'text', and its 'path' {named!r} lies outside the "
                               "report's folder; export reads no file there (run extract again: reports carry their text)")
    return real


def _jsonl_records(path: Path) -> Iterator[tuple[str, dict] | str]:
    from attribution.data.jsonl import iter_jsonl

    for where, record, error in iter_jsonl(path):
        if error:
            yield error
        else:
            yield (where, record) if isinstance(record, dict) else f"{where}: not a JSON object"


def load_records(paths: Iterable[str], model_dir: str | None = None) -> Iterator[tuple[str, dict] | str]:
    """Records for ``attribution export`` as ``(where, record)``: report JSONs and annotation
    JSONL as they are, anything else (articles, folders of articles) run through the model
    by ``reports_for``.

    Yields an error string (file and line first) for an input that cannot be used.
    """
    from attribution.report.load import is_report_json, reports_for, split_folder

    rest: list[str] = []
    made_from: set[Path] = set()  # the articles that loaded reports were made from
    in_report_folders: set[str] = set()  # articles found beside reports, left out when they have one
    for raw in paths:
        p = Path(raw)
        files: list[Path] = []
        if p.is_file() and (p.suffix.lower() == ".jsonl" or is_report_json(p)):
            files = [p]
        elif p.is_dir():
            reports, others = split_folder(p)
            if reports:
                # a folder of reports: its JSONL files are annotations, and its articles are run
                # through the model one by one (not skipped, which left them out silently)
                files = sorted(reports + [f for f in others if f.suffix.lower() == ".jsonl"])
                beside = [str(f) for f in others if f.suffix.lower() != ".jsonl"]
                rest += beside
                in_report_folders.update(beside)
            else:
                rest.append(raw)
        else:
            rest.append(raw)
        for f in files:
            if f.suffix.lower() == ".jsonl":
                yield from _jsonl_records(f)
                continue
            try:
                record = _report_json(f)
            except InterchangeError as err:
                yield str(err)
                continue
            if isinstance(record.get("path"), str) and record["path"]:
                made_from.add(_resolved(record["path"]))
            yield str(f), record
    rest = [r for r in rest if r not in in_report_folders or _resolved(r) not in made_from]
    if rest:
        for item in reports_for(rest, model_dir):
            yield item if isinstance(item, str) else (item.path or item.doc_id, item.to_dict(include_text=True))


def _resolved(path: str) -> Path | None:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


FORMATS = ("brat", "labelstudio", "conll")


MAX_NAME_BYTES = 120
"""Longest file-name stem written by an export, in UTF-8 bytes: file systems allow 255 bytes
per name, and a 300-character doc id once failed the whole export with "File name too long"."""


def _file_stem(doc_id: str) -> str:
    """A file-name stem for ``doc_id``: unsafe characters replaced, and a long id cut to
    :data:`MAX_NAME_BYTES` with a digest of the whole id appended, so cut ids stay distinct."""
    import hashlib
    import re

    stem = re.sub(r"[^\w.-]", "_", doc_id).strip(".") or "document"
    if len(stem.encode("utf-8")) <= MAX_NAME_BYTES:
        return stem
    digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    head = stem.encode("utf-8")[: MAX_NAME_BYTES - len(digest) - 1].decode("utf-8", "ignore")
    return f"{head}-{digest}"


def _unique_names(records: list[dict]) -> list[str]:
    names: list[str] = []
    used: set[str] = set()
    for rec in records:
        base = _file_stem(rec["doc_id"])
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name)
        names.append(name)
    return names


def write_export(records: list[dict], fmt: str, out: str | Path, predictions: bool = False) -> list[Path]:
    """Write normalised records in ``fmt`` under ``out``; returns the files written.

    brat: ``out`` is a folder of ``<doc_id>.txt``/``.ann`` pairs plus ``annotation.conf``.
    labelstudio: ``out`` is the tasks JSON (``<out>.config.xml`` beside it holds the labeling config).
    conll: ``out`` is one CoNLL file.  A folder given for a file format gets a default name inside.
    """
    from attribution.interchange import brat, conll, labelstudio

    out = Path(out)
    written: list[Path] = []
    if fmt == "brat":
        out.mkdir(parents=True, exist_ok=True)
        for rec, name in zip(records, _unique_names(records)):
            txt, ann = brat.to_brat(rec)
            for path, data in ((out / f"{name}.txt", txt), (out / f"{name}.ann", ann)):
                path.write_bytes(data.encode("utf-8"))
                written.append(path)
        conf = out / "annotation.conf"
        conf.write_text(brat.annotation_conf(), encoding="utf-8")
        written.append(conf)
    elif fmt == "labelstudio":
        if out.is_dir():
            out = out / "tasks.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(labelstudio.to_labelstudio(records, predictions=predictions),
                                  ensure_ascii=False, indent=1), encoding="utf-8")
        config = out.with_name(out.stem + ".config.xml")
        config.write_text(labelstudio.labeling_config(), encoding="utf-8")
        written += [out, config]
    elif fmt == "conll":
        if out.is_dir():
            out = out / "attributions.conll"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(conll.to_conll(records).encode("utf-8"))
        written.append(out)
    else:
        raise InterchangeError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return written


def _brat_pairs(path: Path) -> list[tuple[Path, Path]]:
    if path.is_dir():
        anns = sorted(path.rglob("*.ann"))
        if not anns:
            raise InterchangeError(f"{path}: no .ann files in this folder")
    elif path.suffix.lower() in (".ann", ".txt"):
        anns = [path.with_suffix(".ann")]
    else:
        raise InterchangeError(f"{path}: expected a folder of .txt/.ann pairs, or one .ann file")
    pairs = []
    for ann in anns:
        txt = ann.with_suffix(".txt")
        for p in (ann, txt):
            if not p.is_file():
                raise InterchangeError(f"{p}: missing (brat needs both the .txt and the .ann)")
        pairs.append((txt, ann))
    return pairs


def read_import(path: str | Path, fmt: str) -> list[dict]:
    """Normalised records from a brat folder/.ann, a Label Studio tasks JSON or a CoNLL file."""
    from attribution.interchange import brat, conll, labelstudio

    path = Path(path)
    if not path.exists():
        raise InterchangeError(f"{path}: no such file or folder")
    try:
        if fmt == "brat":
            return [brat.from_brat(read_text_file(txt), ann.read_text(encoding="utf-8-sig"), txt.stem, name=str(ann))
                    for txt, ann in _brat_pairs(path)]
        if fmt == "labelstudio":
            try:
                tasks = parse_json(path.read_text(encoding="utf-8-sig"))
            except json.JSONDecodeError as err:
                raise InterchangeError(f"{path}:{err.lineno}: malformed JSON: {err.msg}") from err
            return labelstudio.from_labelstudio(tasks, name=str(path))
        if fmt == "conll":
            return conll.from_conll(path.read_bytes().decode("utf-8-sig"), name=str(path))
    except (OSError, UnicodeDecodeError) as err:
        raise InterchangeError(f"{path}: cannot read ({err})") from err
    except (JsonTooDeep, RecursionError):  # JSON, or a structure built from it, too deep to follow
        raise InterchangeError(f"{path}: {TOO_DEEP}") from None
    raise InterchangeError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


__all__ = ["FORMATS", "InterchangeError", "load_records", "normalise_record", "read_import", "read_text_file",
           "write_export"]
