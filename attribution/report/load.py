"""Reports from disk (JSON written by ``attribution extract``) or fresh from text files."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
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


def split_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    """The report JSONs and the other readable files (articles, JSONL) below ``folder``,
    found by the same walk the article readers use (sorted, hidden names and links to
    folders left out)."""
    from attribution.read.documents import walk_text_files

    reports: list[Path] = []
    others: list[Path] = []
    for item in walk_text_files(folder):
        if isinstance(item, Path):
            (reports if is_report_json(item) else others).append(item)
    return reports, others


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
