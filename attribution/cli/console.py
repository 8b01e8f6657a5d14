"""The console tables are printed on: the terminal's width, or a fixed width when piped."""
from __future__ import annotations

import os
import sys

PIPED_WIDTH = 120
"""Columns for a table written to a pipe or a file.  Rich would use 80 there, which leaves a
six-column sentence table about a dozen characters per column; 120 keeps each sentence and
its attributions readable and still fits a common editor or pager window."""

def table_width(width: int | None, stream=None) -> int | None:
    """The width to print tables at: ``width`` when given; ``None`` (the terminal decides)
    on a terminal; ``$COLUMNS`` or :data:`PIPED_WIDTH` when the output is not a terminal."""
    if width is not None:
        return width
    stream = stream if stream is not None else sys.stdout
    if hasattr(stream, "isatty") and stream.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) >= 40 else PIPED_WIDTH


def table_console(width: int | None = None):
    """A Rich console on standard output whose width follows :func:`table_width`."""
    from rich.console import Console

    return Console(width=table_width(width))
