"""``--acts``: one definition of the option that ``extract``, ``report`` (and its HTML pages) and
``sources`` share, so its name, help and checking are the same everywhere."""
from __future__ import annotations

from typing import Annotated

import typer

from attribution.schema import ACTS


def _check(value: str | None) -> str | None:
    from attribution.report.acts import parse_acts

    try:
        parse_acts(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    return value


ActsOption = Annotated[str | None, typer.Option(
    "--acts", callback=_check, show_default=False,
    help=f"Keep only attributions of these kinds, comma-separated: {', '.join(ACTS)} "
         "(speech: said, told, according to an official, floating quotes; thought: believes, hopes; "
         "evidence: a study found, data show; other: plans, decided, and verbs that report no claim). "
         "Default: all. --acts speech keeps what a quote tracker counts.")]
