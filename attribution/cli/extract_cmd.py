"""``attribution extract``: files, folders or stdin → one contract JSON per document."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from attribution.cli._options import (ActorsOption, ActsOption, Backend, BackendOption, Engine, EngineOption,
                                      HtmlMode, HtmlModeOption, Int8Option, ModelOption, RayAddressOption, StrideOption,
                                      ThreadsOption, WorkersOption, workers_value)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"


def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for <doc_id>.json reports.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="json: files in --out; jsonl: one report per line on stdout.")] = OutputFormat.json,
    model: ModelOption = None,
    int8: Int8Option = None,
    stride: StrideOption = None,
    engine: EngineOption = Engine.onnx,
    resume: Annotated[bool, typer.Option(help="Skip documents whose report in --out was made from the same text (content hash); off with --acts.")] = True,
    max_bytes: Annotated[int, typer.Option(help="Refuse input files larger than this.")] = 64 * 1024 * 1024,
    threads: ThreadsOption = None,
    workers: WorkersOption = "auto",
    backend: BackendOption = Backend.local,
    ray_address: RayAddressOption = None,
    actors: ActorsOption = None,
    html_mode: HtmlModeOption = HtmlMode.article,
    follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="Read file links inside an input folder that point outside it (skipped and reported by default).")] = False,
    acts: ActsOption = None,
) -> None:
    """Extract attributions from news articles into contract JSON reports."""
    from attribution.report.acts import parse_acts

    kinds = parse_acts(acts)
    from attribution.batch import prepare_out_dir, run_batch
    from attribution.cli.progress import progress_reporter
    from attribution.options import InferenceOptions
    from attribution.pipeline import open_attributor
    from attribution.read import set_html_mode

    options = InferenceOptions(model_dir=model, engine=engine.value, quantize=int8, threads=threads, stride=stride,
                               workers=workers_value(workers), backend=backend.value, ray_address=ray_address,
                               actors=actors, html_mode=html_mode.value)
    set_html_mode(options.html_mode)
    n_workers = options.workers_for(paths)
    if fmt is OutputFormat.json and out is None:
        raise typer.BadParameter("give --out DIR for JSON files, or --format jsonl for standard output", param_hint="--out")
    if fmt is OutputFormat.jsonl and out is not None:  # silently ignoring one of the two lost a run's output
        raise typer.BadParameter("--format jsonl prints reports on standard output (redirect it: > reports.jsonl); "
                                 "--out writes one JSON file per document: give one or the other", param_hint="--out")
    if backend is Backend.ray:
        if kinds is not None:
            raise typer.BadParameter("the Ray backend writes whole reports; filter them afterwards with "
                                     "`attribution report DIR --acts ...`", param_hint="--acts")
        if fmt is not OutputFormat.json:
            raise typer.BadParameter("the Ray backend writes report files: use --out DIR", param_hint="--backend")
        _extract_with_ray(paths, out, options, resume, max_bytes, follow_symlinks)
        return
    _terminate_as_interrupt()
    try:
        if fmt is OutputFormat.json:
            try:  # before the model loads: a bad --out is a usage error, found at once
                prepare_out_dir(out)
            except OSError as error:
                raise typer.BadParameter(str(error), param_hint="--out") from error
        try:
            attributor = open_attributor(options, paths, workers=n_workers)
        except FileNotFoundError as error:
            if n_workers < 2:  # one process: the loader's own error, as before
                raise
            raise typer.BadParameter(str(error), param_hint="--model") from error
    except KeyboardInterrupt:
        print("attribution extract: interrupted while loading the model; nothing written", file=sys.stderr)
        raise typer.Exit(130) from None

    from attribution.report.literal import visible

    if kinds is not None:
        attributor = ActsFilter(attributor, kinds)
        resume = False  # a report saved before may hold other kinds: --acts redoes every document

    def err(msg: str) -> None:
        print(visible(msg), file=sys.stderr)  # file names and ids may hold ESC sequences

    one_document = len(paths) == 1 and not Path(paths[0]).is_dir() and Path(paths[0]).suffix.lower() != ".jsonl"
    with progress_reporter(paths, disabled=one_document) as tick:
        summary = run_batch(attributor, paths, out if fmt is OutputFormat.json else None,
                            emit=lambda line: print(line, flush=True), on_error=err, on_progress=tick,
                            resume=resume, max_bytes=max_bytes, follow_symlinks=follow_symlinks)
    _finish(summary)


class ActsFilter:
    """An attributor whose reports keep only the attributions of some acts (``--acts``)."""

    def __init__(self, attributor, kinds: frozenset[str]):
        self.attributor = attributor
        self.kinds = kinds

    def extract_documents(self, documents, on_failure=None):
        from attribution.report.acts import keep_acts

        for report in self.attributor.extract_documents(documents, on_failure=on_failure):
            yield keep_acts(report, self.kinds)

    def __getattr__(self, name: str):
        return getattr(self.attributor, name)


def _terminate_as_interrupt() -> None:
    """``kill`` (SIGTERM, what schedulers and ``timeout`` send) stops a run like Ctrl-C does:
    the report being written is cleaned up and the summary line is printed."""
    import signal
    import threading

    def handler(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def _extract_with_ray(paths: list[str], out: Path, options, resume: bool, max_bytes: int,
                      follow_symlinks: bool) -> None:
    from attribution.backends import RayUnavailableError
    from attribution.pipeline import extract_folder

    try:
        summary = extract_folder(paths, out, options, resume=resume, max_bytes=max_bytes,
                                 follow_symlinks=follow_symlinks, on_error=_print_error)
    except RayUnavailableError as error:  # a missing optional extra is the user's to fix: no traceback
        raise typer.BadParameter(str(error), param_hint="--backend") from None
    _finish(summary)


def _print_error(message: str) -> None:
    from attribution.report.literal import visible

    print(visible(message), file=sys.stderr)


def _finish(summary) -> None:
    """The closing line on stderr and the exit code (0 ok, 1 some documents failed, 130 interrupted)."""
    parts = [f"{summary.written} written"]
    if summary.skipped:
        parts.append(f"{summary.skipped} already done")
    if summary.failed:
        parts.append(f"{len(summary.failed)} failed")
    print("attribution extract: " + ", ".join(parts) + (" (interrupted)" if summary.interrupted else ""), file=sys.stderr)
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.failed:
        raise typer.Exit(1)
