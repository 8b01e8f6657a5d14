"""The project's own annotation format: one contract-shaped report per JSONL line.

Each line is a JSON object with ``doc_id``, ``text`` and ``attributions`` in the
shape of ``CONTRACT.md`` (span objects with ``start``/``end``/``text``).  Span
texts are checked against the document slice so a shifted offset fails loudly.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from attribution.data.annotations import AnnotatedDocument, GoldAttribution, Range
from attribution.read.documents import JsonTooDeep, parse_json


class AnnotationError(ValueError):
    """An annotation line that is not valid."""


def _range(span: dict | None, text: str, where: str) -> Range | None:
    if span is None:
        return None
    try:
        start, end = int(span["start"]), int(span["end"])
    except (KeyError, TypeError, ValueError) as err:
        raise AnnotationError(f"{where}: span without integer start/end: {span!r}") from err
    if not 0 <= start <= end <= len(text):
        raise AnnotationError(f"{where}: span {start}-{end} outside the text")
    if "text" in span and text[start:end] != span["text"]:
        raise AnnotationError(f"{where}: span text {span['text']!r} != document slice {text[start:end]!r}")
    return (start, end)


def document_from_record(record: dict, where: str = "<record>") -> AnnotatedDocument:
    """One contract-shaped record (with its ``text``) → an annotated document."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise AnnotationError(f"{where}: expected an object with a 'text' string")
    text = record["text"]
    atts = []
    for i, a in enumerate(record.get("attributions") or []):
        w = f"{where}: attribution {a.get('id', i)}"
        src = a.get("source")
        cue = _range(a.get("cue"), text, w + " cue")
        atts.append(GoldAttribution(
            id=a.get("id"),
            cue=[cue] if cue else [],
            content=[r for r in (_range(c, text, w + " content") for c in a.get("content") or []) if r],
            source=[r] if (r := _range(src, text, w + " source")) else [],
            via=a.get("via"),
            recipient=_range(a.get("recipient"), text, w + " recipient"),
            source_kind=(src or {}).get("kind"),
            anonymous=(src or {}).get("anonymous"),
            resolves_to=(src or {}).get("resolves_to"),
            entity=(src or {}).get("entity"),
            quote=a.get("quote"),
            hedges=[r for r in (_range(h, text, w + " hedge") for h in a.get("hedges") or []) if r],
            act=a.get("act"),
            floating=bool(a.get("floating", False)),
        ))
    hedges = []
    for h in record.get("hedges") or []:
        r = _range(h, text, where + " hedge")
        if r:
            hedges.append((r[0], r[1], h.get("class")))
    return AnnotatedDocument(
        doc_id=str(record.get("doc_id") or where),
        text=text,
        attributions=atts,
        publisher=_range(record.get("publisher"), text, where + " publisher"),
        hedges=hedges,
        meta={"corpus": "jsonl", "unattributed_sentences": record.get("unattributed_sentences"),
              "entity_mentions": _entity_mentions(record)},
    )


def _entity_mentions(record: dict) -> dict[str, list[Range]]:
    """Every mention of each gold entity (``sources`` and ``other_entities``), by entity key:
    what tells whether a predicted source names the right entity."""
    out: dict[str, list[Range]] = {}
    for entry in (record.get("sources") or []) + (record.get("other_entities") or []):
        if isinstance(entry, dict) and entry.get("id") is not None:
            out.setdefault(str(entry["id"]), []).extend(
                (int(m["start"]), int(m["end"])) for m in entry.get("mentions") or [] if isinstance(m, dict))
    return out


def iter_jsonl(path: str | Path) -> Iterator[tuple[str, object, str | None]]:
    """``(where, record, error)`` for each non-blank line: ``where`` is ``path:line``; a line that
    is not JSON has ``record`` None and says why in ``error``.  Callers choose to raise or go on."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                record = parse_json(line)
            except json.JSONDecodeError as err:
                yield where, None, f"{where}: malformed JSON: {err.msg}"
            except JsonTooDeep as err:
                yield where, None, f"{where}: {err}"
            else:
                yield where, record, None


def read_annotations(path: str | Path) -> Iterator[AnnotatedDocument]:
    """Yield documents from an annotation JSONL file; a bad line raises with its number."""
    for where, record, error in iter_jsonl(path):
        if error:
            raise AnnotationError(error)
        yield document_from_record(record, where)


def write_annotations(docs: list[dict], path: str | Path) -> None:
    """Write contract-shaped records (each with ``text``) as JSONL."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for rec in docs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
