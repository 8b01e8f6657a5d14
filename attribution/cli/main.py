"""``attribution`` — the command-line entry point (nothing heavy is imported here)."""
from __future__ import annotations

import typer

from attribution.cli import evaluate_cmd, extract_cmd, info_cmd, report_cmd, train_cmd

app = typer.Typer(
    name="attribution",
    help="Who says so, through whom, with which words, and how sure the text sounds — for news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract_cmd.extract)
app.command("report")(report_cmd.report)
app.command("info")(info_cmd.info)
app.command("train")(train_cmd.train)
app.command("evaluate")(evaluate_cmd.evaluate)

try:  # commands contributed by optional modules register themselves if present
    from attribution.cli import sources_cmd

    app.command("sources")(sources_cmd.sources)
except ImportError:  # pragma: no cover
    pass
try:
    from attribution.cli import export_cmd

    app.command("export")(export_cmd.export)
    app.command("import")(export_cmd.import_)
except ImportError:  # pragma: no cover
    pass


if __name__ == "__main__":  # pragma: no cover
    app()
