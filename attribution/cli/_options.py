"""Command-line options shared by several commands, declared once (as spaCy's ``cli/_util.py`` does).

Each command imports the option it takes from here, so ``--model``, ``--engine``, ``--int8/--fp32``
and the rest read and behave the same everywhere; what they mean lives in
:class:`attribution.options.InferenceOptions`, which the commands build from them.
Nothing heavy is imported: ``attribution --help`` must not load torch.
"""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from attribution.cli.console import PIPED_WIDTH
from attribution.schema import ACTS


class Engine(str, Enum):
    onnx = "onnx"
    torch = "torch"


class Backend(str, Enum):
    local = "local"
    ray = "ray"


class HtmlMode(str, Enum):
    article = "article"
    full = "full"


HTML_MODE_HELP = ("How .html pages are read. article: the page's article (navigation, banners, lists of "
                  "other stories, footers left out) and its title, date, author, site name; full: all visible text.")

ModelOption = Annotated[Path | None, typer.Option(help="Model folder (default: the released model).")]
"""The tagger to load; commands that also read report JSONs load it only for articles."""

Int8Option = Annotated[bool | None, typer.Option(
    "--int8/--fp32", show_default=False,
    help="int8 or full-precision weights (default: int8 on onnx, about 0.4 F1 points below fp32; fp32 on torch).")]

EngineOption = Annotated[Engine, typer.Option(
    help="onnx: ONNX Runtime on the exported model (default, fastest); torch: eager PyTorch.")]

StrideOption = Annotated[float | None, typer.Option(
    min=0.1, max=1.0, show_default=False,
    help="Window step as a share of a window (default 0.6: every word is tagged with at least ~38 word pieces "
         "of context on each side); larger steps run faster and lose accuracy (README).")]

ThreadsOption = Annotated[int | None, typer.Option(
    help="Threads for the one in-process model (default: all cores); implies --workers 1 unless --workers is a number.")]

WorkersOption = Annotated[str, typer.Option(
    help="Worker processes, each with its own one-thread model, or auto: one per core for 8 documents or more, "
         "else 1 (README).")]

BackendOption = Annotated[Backend, typer.Option(
    help="local: this process; ray: Ray Data actors; needs Ray (from the clone: pip install -e '.[ray]').")]

RayAddressOption = Annotated[str | None, typer.Option(help="Ray cluster address (default: RAY_ADDRESS or a local Ray).")]

ActorsOption = Annotated[int | None, typer.Option(help="Ray actors (each loads the model once).")]

HtmlModeOption = Annotated[HtmlMode, typer.Option("--html-mode", help=HTML_MODE_HELP)]

WidthOption = Annotated[
    int | None,
    typer.Option("--width", min=40, max=1000, show_default=False,
                 help=f"Table width in characters (default: the terminal's width; {PIPED_WIDTH} when piped, "
                      "or $COLUMNS if set)."),
]


def workers_value(value: str) -> int | str:
    """``--workers`` checked as :func:`attribution.options.parse_workers` checks it, as a usage error."""
    from attribution.options import parse_workers

    try:
        return parse_workers(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--workers") from None


# --acts: extract, report (and its HTML pages) and sources share one definition
def _check_acts(value: str | None) -> str | None:
    from attribution.report.acts import parse_acts

    try:
        parse_acts(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    return value


ActsOption = Annotated[str | None, typer.Option(
    "--acts", callback=_check_acts, show_default=False,
    help=f"Keep only attributions of these kinds, comma-separated: {', '.join(ACTS)} "
         "(speech: said, told, according to an official, floating quotes; thought: believes, hopes; "
         "evidence: a study found, data show; other: plans, decided, and verbs that report no claim). "
         "Default: all. --acts speech keeps what a quote tracker counts.")]
