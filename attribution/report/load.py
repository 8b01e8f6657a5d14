"""Reports from disk (JSON written by ``attribution extract``) or fresh from text files."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from attribution.schema import Report, report_from_dict


def is_report_json(path: Path) -> bool:
    if path.suffix.lower() != ".json" or path.name.startswith("."):  # ".tmp-*": a write in flight
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
            yield from sorted(x for x in p.rglob("*.json") if not x.name.startswith("."))
        else:
            yield p


def load_report(path: str | Path) -> Report:
    """A report JSON file → Report (raises ValueError with the path on bad input)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"{path}: not a readable report JSON ({err})") from err
    if not isinstance(data, dict) or "attributions" not in data:
        raise ValueError(f"{path}: not an attribution report (no 'attributions')")
    return report_from_dict(data)


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
