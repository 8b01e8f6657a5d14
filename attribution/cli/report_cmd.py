"""``attribution report``: the per-sentence report on the terminal (or as HTML pages)."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def report(
    paths: Annotated[list[str], typer.Argument(help="Articles (run through the model) or report JSONs from `extract`.")],
    html: Annotated[Path | None, typer.Option("--html", help="Write one HTML page per article (and an index) here.")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    model: Annotated[Path | None, typer.Option(help="Model folder (default: the released model).")] = None,
) -> None:
    """Show who says what, sentence by sentence."""
    from rich.console import Console

    from attribution.report.literal import visible
    from attribution.report.load import reports_for
    from attribution.report.terminal import print_report

    console = Console()
    reports, failed = [], 0
    for item in reports_for(paths, str(model) if model else None):
        if isinstance(item, str):
            print(visible(item), file=sys.stderr)
            failed += 1
            continue
        reports.append(item)
        if html is None:
            if fmt is ReportFormat.json:
                print(json.dumps(item.to_dict(), ensure_ascii=False, indent=1))
            else:
                print_report(item, console)
    if html is not None:
        from attribution.report.html import write_html_reports

        pages = write_html_reports(reports, html)
        print(f"wrote {len(pages)} HTML pages to {html}", file=sys.stderr)
    if failed:
        raise typer.Exit(1)
