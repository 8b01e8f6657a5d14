"""``attribution claims``: the same claim across documents — who carried it, whose words it rests on, flags."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from attribution.cli._options import WidthOption
from attribution.cli._reports import collect_reports
from attribution.cli.console import table_console


class ClaimsBackend(str, Enum):
    local = "local"
    ray = "ray"


def claims(
    paths: Annotated[list[str], typer.Argument(help="Report JSONs (or folders of them) from `extract`, or articles (extracted first).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for claims.jsonl and the HTML view (html/).")],
    meta: Annotated[Path | None, typer.Option(help="JSON mapping doc ids to {\"outlet\", \"published\"} (a claims-corpus gold.json's \"documents\" is read as is); else page.date / page.site_name / the dateline publisher.")] = None,
    model: Annotated[Path | None, typer.Option(help="Model folder for articles (default: the released model).")] = None,
    threshold: Annotated[float | None, typer.Option(min=0.0, max=2.0, help="Mean pair probability (0-1) at or above which two clusters of statements merge (default: 0.5, even odds).")] = None,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Write the HTML view to OUT/html.")] = True,
    backend: Annotated[ClaimsBackend, typer.Option(help="local: this process; ray: embeddings and grouping on Ray Data (pip install -e '.[ray]' from the clone).")] = ClaimsBackend.local,
    top: Annotated[int, typer.Option(min=0, help="Clusters shown in the terminal summary.")] = 20,
    width: WidthOption = None,
) -> None:
    """Group the attributions (and the writer's own statements) of different documents that carry the same
    claim; write OUT/claims.jsonl (one cluster per line), OUT/html/ and a summary: flagged clusters first,
    then those carried by the most outlets."""
    from attribution.claims.group import THRESHOLD
    from attribution.claims.items import load_metadata
    from attribution.claims.run import build_claims, collect_items, records_for, summary_order, write_claims
    from attribution.report.literal import visible

    try:
        metadata = load_metadata(meta) if meta else {}
    except (OSError, ValueError) as err:
        raise typer.BadParameter(str(err), param_hint="--meta") from None
    reports, failed = collect_reports("claims", paths, model)
    items = collect_items(reports, metadata)
    limit = THRESHOLD if threshold is None else threshold
    if backend is ClaimsBackend.ray:
        from attribution.backends import RayUnavailableError
        from attribution.claims.ray_claims import ray_group

        try:
            clusters, _ = ray_group(items, limit)
        except RayUnavailableError as error:
            raise typer.BadParameter(str(error), param_hint="--backend") from None
        records = records_for(items, clusters)
    else:
        records = build_claims(items, threshold=limit)
    path = write_claims(records, out)
    ordered = summary_order(records)
    if html:
        from attribution.claims.html import write_claims_html

        write_claims_html(ordered, out / "html")
    print_summary(ordered[:top] if top else [], len(records), len(reports), len(items), width)
    print(f"attribution claims: {len(records)} cluster(s) from {len(items)} statements in {len(reports)} document(s) → "
          f"{visible(str(path))}", file=sys.stderr)
    if failed:
        raise typer.Exit(1)


def print_summary(records: list[dict], total: int, n_reports: int, n_items: int, width: int | None) -> None:
    """The terminal table: flagged clusters first, then those carried by the most outlets."""
    from rich.table import Table

    from attribution.report.literal import literal

    table = Table(title=f"{total} claim cluster{'s' if total != 1 else ''} across {n_reports} documents "
                        f"({n_items} statements)", show_lines=True)
    for col, justify in (("id", "left"), ("outlets", "right"), ("claim", "left"), ("origin", "left"), ("flags", "left")):
        table.add_column(col, justify=justify, ratio=4 if col == "claim" else None)
    for r in records:
        table.add_row(literal(r["id"]), str(len(r["outlets"])), literal(r["claim"][:240]),
                      literal(r["origin"]["text"] or "—"), literal(", ".join(r["flags"]) or "—", style="bold red"))
    table_console(width).print(table)
