"""``attribution report``: the per-sentence report on the terminal (or as HTML pages)."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from attribution.cli._options import ActsOption, HtmlMode, HtmlModeOption, ModelOption, WidthOption
from attribution.cli.console import table_console


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def report(
    paths: Annotated[list[str], typer.Argument(help="Articles (run through the model), report JSONs from `extract`, or folders holding either or both.")],
    html: Annotated[Path | None, typer.Option("--html", help="Write one HTML page per article (and an index) into this folder.")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="table: on the terminal; json: JSON Lines, one report per line.")] = ReportFormat.table,
    model: ModelOption = None,
    width: WidthOption = None,
    html_mode: HtmlModeOption = HtmlMode.article,
    acts: ActsOption = None,
) -> None:
    """Show who says what, sentence by sentence."""
    from attribution.read import set_html_mode
    from attribution.report.acts import keep_acts, parse_acts
    from attribution.report.literal import visible
    from attribution.report.load import reports_for
    from attribution.report.terminal import print_report

    set_html_mode(html_mode.value)

    if html is not None:
        _check_html_folder(html)
    console = table_console(width)
    kinds = parse_acts(acts)
    reports, failed = [], 0
    for item in reports_for(paths, str(model) if model else None,
                            on_note=lambda note: print(f"attribution report: {note}", file=sys.stderr)):
        if isinstance(item, str):
            print(visible(item), file=sys.stderr)
            failed += 1
            continue
        item = keep_acts(item, kinds)
        reports.append(item)
        if html is None:
            if fmt is ReportFormat.json:
                print(json.dumps(item.to_dict(), ensure_ascii=False), flush=True)
            else:
                print_report(item, console)
    if html is not None:
        from attribution.report.html import write_html_reports

        try:
            pages = write_html_reports(reports, html)
        except OSError as error:
            print(f"attribution report: cannot write the HTML pages to {html}: {error.strerror or error}", file=sys.stderr)
            raise typer.Exit(1) from None
        print(f"wrote {len(pages)} HTML pages to {html}", file=sys.stderr)
    if failed:
        raise typer.Exit(1)


def _check_html_folder(folder: Path) -> None:
    """Before any model loads: ``--html`` must be a folder that exists or can be made, and is writable."""
    from attribution.batch import prepare_out_dir

    try:
        prepare_out_dir(folder)
    except OSError as error:
        raise typer.BadParameter(str(error), param_hint="--html") from None
