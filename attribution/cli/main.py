"""``attribution`` — the command-line entry point (nothing heavy is imported here)."""
from __future__ import annotations

from typing import Annotated

import typer

from attribution.cli import (claims_cmd, evaluate_cmd, export_cmd, extract_cmd, info_cmd, report_cmd, sources_cmd,
                             train_cmd)

app = typer.Typer(
    name="attribution",
    help="Who says so, through whom, with which words, and how sure the text sounds — for news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # help texts are literal: with Rich markup on, "pip install -e '.[ray]'" lost its "[ray]"
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    """``--version``: the package version, answered before any command (or the model) loads."""
    if value:
        from attribution import __version__

        print(f"attribution {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Who says so, through whom, with which words, and how sure the text sounds — for news articles."""


app.command("extract")(extract_cmd.extract)
app.command("report")(report_cmd.report)
app.command("sources")(sources_cmd.sources)
app.command("claims")(claims_cmd.claims)
app.command("info")(info_cmd.info)
app.command("train")(train_cmd.train)
app.command("evaluate")(evaluate_cmd.evaluate)
app.command("export")(export_cmd.export)
app.command("import")(export_cmd.import_)


if __name__ == "__main__":  # pragma: no cover
    app()
