"""A progress bar on standard error that stays silent when stderr is not a terminal."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_reporter(disabled: bool = False) -> Iterator[Callable[[str], None]]:
    if disabled or not sys.stderr.isatty():
        yield lambda _doc_id: None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from attribution.report.literal import visible

    with Progress(SpinnerColumn(), TextColumn("{task.completed} documents"), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=None)
        # the description is rich markup: a doc id like "[/red]" must be escaped, and its controls shown
        yield lambda doc_id: progress.update(task, advance=1, description=escape(visible(doc_id)))
