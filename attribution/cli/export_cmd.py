"""``attribution export`` / ``attribution import``: brat, Label Studio and CoNLL ↔ annotation JSONL.

Export turns reports (or gold annotations) into files an annotation tool opens;
import turns what annotators saved back into the JSONL that
``attribution train --extra-train`` reads.  The conversions live in
``attribution.interchange``; these commands only read paths and report errors.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from attribution.cli._options import ModelOption


class Format(str, Enum):
    brat = "brat"
    labelstudio = "labelstudio"
    conll = "conll"


def _fail(command: str, message: str) -> None:
    from attribution.report.literal import visible

    print(f"attribution {command}: {visible(message)}", file=sys.stderr)


def export(
    paths: Annotated[list[str], typer.Argument(help="Report JSONs (or a folder of them), annotation .jsonl, or articles (run through the model).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="brat: a folder of .txt/.ann; labelstudio: a tasks JSON (+ .config.xml); conll: one file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder (brat) or file (labelstudio, conll).")],
    model: ModelOption = None,
    as_predictions: Annotated[bool, typer.Option("--as-predictions", help="Label Studio: write pre-annotations (predictions) instead of annotations.")] = False,
) -> None:
    """Write reports or annotations in an annotation tool's format."""
    from attribution.interchange import InterchangeError, load_records, normalise_record, write_export

    records, failed = [], 0
    for item in load_records(paths, str(model) if model else None):
        if isinstance(item, str):
            _fail("export", item)
            failed += 1
            continue
        where, record = item
        try:
            records.append(normalise_record(record, where))
        except InterchangeError as err:
            _fail("export", str(err))
            failed += 1
    if records:
        try:
            written = write_export(records, fmt.value, out, predictions=as_predictions)
        except (InterchangeError, OSError) as err:
            _fail("export", str(err))
            raise typer.Exit(2) from err
        print(f"attribution export: {len(records)} documents as {fmt.value} → {out} ({len(written)} files)",
              file=sys.stderr)
    if failed or not records:
        if not records and not failed:
            _fail("export", "no documents to export")
        raise typer.Exit(2)


def import_(
    path: Annotated[Path, typer.Argument(help="brat: a folder of .txt/.ann pairs or one .ann; labelstudio: the tasks JSON; conll: the file.")],
    fmt: Annotated[Format, typer.Option("--from", help="The format PATH is in.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Annotation JSONL to write (for train --extra-train).")],
) -> None:
    """Read annotations back from brat, Label Studio or CoNLL into annotation JSONL."""
    from attribution.data.jsonl import AnnotationError, write_annotations
    from attribution.interchange import InterchangeError, read_import

    if out.is_dir():  # checked first: the annotators' files are not read for nothing
        _fail("import", f"--out {out} is a folder; give the name of the annotation JSONL file to write "
                        f"(for example {out / 'annotations.jsonl'})")
        raise typer.Exit(2)
    try:
        records = read_import(path, fmt.value)
    except (InterchangeError, AnnotationError) as err:
        _fail("import", str(err))
        raise typer.Exit(2) from err
    if not records:
        _fail("import", f"{path}: no annotated documents found")
        raise typer.Exit(2)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_annotations(records, out)
    except OSError as err:
        _fail("import", f"cannot write {out}: {err.strerror or err}")
        raise typer.Exit(2) from None
    n = sum(len(r["attributions"]) for r in records)
    print(f"attribution import: {len(records)} documents, {n} attributions → {out}", file=sys.stderr)
