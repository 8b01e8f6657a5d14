"""``attribution evaluate``: gold against the model or against prediction files."""
from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from attribution.cli._options import Engine, EngineOption, Int8Option, ModelOption


def evaluate(
    gold: Annotated[str, typer.Argument(help="PolNeAR root, an annotation .jsonl, or a gold .json with its text.")],
    model: ModelOption = None,
    predictions: Annotated[str | None, typer.Option(help="Folder of report JSONs to score instead of running the model.")] = None,
    split: Annotated[str, typer.Option(help="PolNeAR split to score.")] = "dev",
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
    int8: Int8Option = None,
    engine: EngineOption = Engine.onnx,
    text: Annotated[str | None, typer.Option(help="The document of a single gold JSON that lacks a 'text' field.")] = None,
    oracle: Annotated[bool, typer.Option("--oracle", help="Assemble from the gold spans instead of the model (scores the rules alone).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
    disable: Annotated[list[str] | None, typer.Option(help="Leave this assembly step out (repeatable) to see what it is worth; `attribution info` lists the steps (* = required).")] = None,
) -> None:
    """Exact and overlap P/R/F1 for source, cue and content, attribution F1, and the fields beyond spans."""
    from attribution.evaluation.evaluate import evaluate as run, format_table

    try:
        result = run(gold, str(model) if model else None, predictions, split, limit, quantize=int8, text=text, oracle=oracle,
                     engine=engine.value, disable=tuple(disable or ()))
    except (ValueError, FileNotFoundError) as err:
        print(f"attribution evaluate: {err}", file=sys.stderr)
        raise typer.Exit(2) from err
    print(json.dumps(result, indent=1) if as_json else format_table(result))
