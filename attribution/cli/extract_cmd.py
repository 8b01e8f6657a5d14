"""``attribution extract``: files, folders or stdin → one contract JSON per document."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from attribution.cli.acts_option import ActsOption


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"


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


def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for <doc_id>.json reports.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="json: files in --out; jsonl: one report per line on stdout.")] = OutputFormat.json,
    model: Annotated[Path | None, typer.Option(help="Model folder (default: the released model).")] = None,
    int8: Annotated[bool | None, typer.Option("--int8/--fp32", help="int8 or full-precision weights (default: int8 on onnx, about 0.4 F1 points below fp32; fp32 on torch).", show_default=False)] = None,
    stride: Annotated[float | None, typer.Option(min=0.1, max=1.0, help="Window step as a share of a window (default 0.6: every word is tagged with at least ~38 word pieces of context on each side); larger steps run faster and lose accuracy (README).", show_default=False)] = None,
    engine: Annotated[Engine, typer.Option(help="onnx: ONNX Runtime on the exported model (default, fastest); torch: eager PyTorch.")] = Engine.onnx,
    resume: Annotated[bool, typer.Option(help="Skip documents whose report in --out was made from the same text (content hash); off with --acts.")] = True,
    max_bytes: Annotated[int, typer.Option(help="Refuse input files larger than this.")] = 64 * 1024 * 1024,
    threads: Annotated[int | None, typer.Option(help="Threads for the one in-process model (default: all cores); implies --workers 1 unless --workers is a number.")] = None,
    workers: Annotated[str, typer.Option(help="Worker processes, each with its own one-thread model, or auto: one per core for 8 documents or more, else 1 (README).")] = "auto",
    backend: Annotated[Backend, typer.Option(help="local: this process; ray: Ray Data actors; needs Ray (from the clone: pip install -e '.[ray]').")] = Backend.local,
    ray_address: Annotated[str | None, typer.Option(help="Ray cluster address (default: RAY_ADDRESS or a local Ray).")] = None,
    actors: Annotated[int | None, typer.Option(help="Ray actors (each loads the model once).")] = None,
    html_mode: Annotated[HtmlMode, typer.Option("--html-mode", help=HTML_MODE_HELP)] = HtmlMode.article,
    follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="Read file links inside an input folder that point outside it (skipped and reported by default).")] = False,
    acts: ActsOption = None,
) -> None:
    """Extract attributions from news articles into contract JSON reports."""
    from attribution.report.acts import parse_acts

    kinds = parse_acts(acts)
    from attribution.batch import prepare_out_dir, run_batch
    from attribution.cli.progress import progress_reporter
    from attribution.pipeline import Attributor
    from attribution.read import set_html_mode

    set_html_mode(html_mode.value)

    n_workers = _parse_workers(workers, paths, threads)
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
        _extract_with_ray(paths, out, model, int8, resume, max_bytes, ray_address, actors, follow_symlinks)
        return
    _terminate_as_interrupt()
    try:
        if fmt is OutputFormat.json:
            try:  # before the model loads: a bad --out is a usage error, found at once
                prepare_out_dir(out)
            except OSError as error:
                raise typer.BadParameter(str(error), param_hint="--out") from error
        if n_workers > 1:
            from attribution.parallel import ProcessPoolAttributor

            try:
                attributor = ProcessPoolAttributor(n_workers, model, quantize=int8, engine=engine.value, stride=stride)
            except FileNotFoundError as error:
                raise typer.BadParameter(str(error), param_hint="--model") from error
        else:
            attributor = Attributor.load(model, quantize=int8, threads=threads, engine=engine.value, stride=stride)
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


def _parse_workers(value: str, paths: list[str], threads: int | None) -> int:
    """``--workers``: a positive number, or auto (one process when ``--threads`` is given)."""
    if value.strip().lower() == "auto":
        if threads is not None:
            return 1
        from attribution.parallel import auto_workers

        return auto_workers(paths)
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise typer.BadParameter(f"{value!r}: give a number of processes (1 or more) or auto", param_hint="--workers")
    return n


def _terminate_as_interrupt() -> None:
    """``kill`` (SIGTERM, what schedulers and ``timeout`` send) stops a run like Ctrl-C does:
    the report being written is cleaned up and the summary line is printed."""
    import signal
    import threading

    def handler(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def _extract_with_ray(paths: list[str], out: Path, model: Path | None, int8: bool | None, resume: bool, max_bytes: int,
                      address: str | None, actors: int | None, follow_symlinks: bool) -> None:
    from attribution.backends import RayUnavailableError, run_ray_batch
    from attribution.tag.tagger import default_model_dir

    try:
        summary = run_ray_batch(model or default_model_dir(), paths, out, quantize=int8, address=address, actors=actors,
                                resume=resume, max_bytes=max_bytes, follow_symlinks=follow_symlinks,
                                on_error=_print_error)
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
