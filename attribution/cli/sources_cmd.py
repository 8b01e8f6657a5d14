"""``attribution sources``: the corpus-level source inventory (who is cited, how often, through whom)."""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from typing import Annotated

import typer

from attribution.cli._options import ActsOption, ModelOption, WidthOption
from attribution.cli._reports import collect_reports
from attribution.cli.console import table_console


class SourcesFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def sources(
    paths: Annotated[list[str], typer.Argument(help="Report JSONs (or folders of them) from `extract`, or articles.")],
    fmt: Annotated[SourcesFormat, typer.Option("--format", "-f", help="table, csv or json on standard output.")] = SourcesFormat.table,
    model: ModelOption = None,
    width: WidthOption = None,
    acts: ActsOption = None,
) -> None:
    """List every source entity across the articles (one row per person, body, outlet, document or group,
    however each article names it): mentions, claims, hedged share, citing outlets, per-article entity ids."""
    from attribution.report.acts import keep_acts, parse_acts
    from attribution.report.inventory import FIELDS, source_inventory

    kinds = parse_acts(acts)
    reports, failed = collect_reports("sources", paths, model)
    reports = [keep_acts(r, kinds) for r in reports]
    rows = source_inventory(reports)
    if fmt is SourcesFormat.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt is SourcesFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(FIELDS), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(csv_row(row))
    else:
        _print_table(rows, len(reports), width)
    if failed:
        raise typer.Exit(1)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM``)."""


def spreadsheet_safe(value: str) -> str:
    """A text cell that a spreadsheet shows as text: a leading ``'`` before anything that would
    start a formula, the escape OWASP recommends against CSV injection."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_row(row: dict) -> dict:
    """An inventory row for CSV: every text cell (names come from articles) made spreadsheet-safe;
    numbers stay numbers."""
    cells = {**row, "outlets": "; ".join(row["outlets"]), "entities": "; ".join(row["entities"])}
    return {k: spreadsheet_safe(v) if isinstance(v, str) else v for k, v in cells.items()}


def _print_table(rows: list[dict], n_reports: int, width: int | None) -> None:
    from rich.table import Table

    from attribution.report.literal import literal

    table = Table(title=f"sources across {n_reports} article{'s' if n_reports != 1 else ''}")
    for col in ("name", "kind", "anonymous", "mentions", "claims", "hedged", "articles", "outlets"):
        table.add_column(col, justify="right" if col in ("mentions", "claims", "hedged", "articles") else "left")
    for r in rows:
        table.add_row(literal(r["name"]), literal(r["kind"]), "yes" if r["anonymous"] else "no", str(r["mentions"]),
                      str(r["claims"]), f"{r['hedged_share']:.0%}", str(r["articles"]), literal(", ".join(r["outlets"])))
    table_console(width).print(table)
