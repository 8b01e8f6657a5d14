"""A progress bar on standard error for a batch: done/total, documents per second and time left.

It stays silent when standard error is not a terminal (logs and pipes get only the
closing summary line).  The total is counted before the run from the same folder walk
the readers use (a JSONL file counts its non-blank lines), so it costs one pass over
file names, and one over the bytes of JSONL files only; standard input has no total.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents ``paths`` hold, or ``None`` when it cannot be known up front (stdin)."""
    from attribution.read.documents import walk_text_files

    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        files = (f for f in walk_text_files(path) if isinstance(f, Path)) if path.is_dir() else iter([path])
        for file in files:
            total += _jsonl_records(file) if file.suffix.lower() == ".jsonl" else 1
    return total


def _jsonl_records(path: Path) -> int:
    """Non-blank lines of a JSONL file (each is a document or an error, and both advance the bar)."""
    try:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return 1  # the reader reports the error, which counts as one step


def _rate_column():
    """A Rich column with the documents per second so far (blank until the first one is done)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class DocumentsPerSecond(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:.1f} docs/s")

    return DocumentsPerSecond()


@contextmanager
def progress_reporter(paths: Iterable[str] = (), disabled: bool = False, console=None) -> Iterator[Callable[[str], None]]:
    """Yield a ``tick(doc_id)`` to call once per document finished (written, skipped or failed).

    ``console``: where to draw (tests pass a terminal-forced one); by default standard error,
    and nothing at all when that is not a terminal.
    """
    if disabled or (console is None and not sys.stderr.isatty()):
        yield lambda _doc_id: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    from attribution.report.literal import visible

    total = count_documents(paths)
    columns = [SpinnerColumn(), MofNCompleteColumn() if total is not None else TextColumn("{task.completed} documents")]
    if total is not None:
        columns.insert(1, BarColumn(bar_width=20))
    columns += [_rate_column(), TimeElapsedColumn(), TextColumn("elapsed")]
    if total is not None:  # "… 0:00:02 elapsed, 0:00:01 left"
        columns[-1] = TextColumn("elapsed,")
        columns += [TimeRemainingColumn(), TextColumn("left")]
    columns.append(TextColumn("{task.description}", markup=False))  # a doc id is not Rich markup
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=total)
        # a doc id is shown as it is: no Rich markup ("[/red]"), and its control characters escaped
        yield lambda doc_id: progress.update(task, advance=1, description=visible(doc_id))
