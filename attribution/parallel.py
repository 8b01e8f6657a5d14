"""Several worker processes, each with its own single-threaded model, for batch runs.

On a small machine one process does not keep every core busy: the tagger runs on
all cores, but tokenizing, decoding and assembling a document is single-threaded
Python.  With ``workers`` processes, each tagging on one thread, that Python work
runs in parallel too (measured in the README: about 1.3x the documents per second
on 2 cores).  Documents go out in small chunks, at most a few chunks ahead of what
has been written, so memory stays flat; reports come back in input order.
"""
from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from attribution.read import Document
from attribution.schema import Report

_WORKER: dict = {}

AUTO_MIN_DOCUMENTS = 8
"""``--workers auto`` starts a pool only for at least this many documents: starting the workers
costs about 0.6 s on 2 cores, which a handful of articles would pay for nothing."""
MAX_AUTO_WORKERS = 8


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask where the OS has one, else the CPU count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def auto_workers(paths: list[str], cores: int | None = None) -> int:
    """How many worker processes ``--workers auto`` runs for these inputs: one per core (at most
    :data:`MAX_AUTO_WORKERS`) when the input holds at least :data:`AUTO_MIN_DOCUMENTS` documents
    (a JSONL file counts as many), else 1 (tag in this process)."""
    from attribution.read.documents import walk_text_files

    cores = usable_cores() if cores is None else cores
    if cores < 2:
        return 1
    found = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for item in walk_text_files(path):
                if isinstance(item, Path):
                    found += AUTO_MIN_DOCUMENTS if item.suffix.lower() == ".jsonl" else 1
                if found >= AUTO_MIN_DOCUMENTS:
                    break
        else:
            found += AUTO_MIN_DOCUMENTS if path.suffix.lower() == ".jsonl" else 1
        if found >= AUTO_MIN_DOCUMENTS:
            return min(cores, MAX_AUTO_WORKERS)
    return 1


@dataclass(frozen=True)
class WorkerSettings:
    model_dir: str | None
    quantize: bool | None
    engine: str | None
    stride: float | None


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _work(settings: WorkerSettings, docs: list[Document]) -> list[tuple[Report | None, Document, str | None]]:
    """Run one chunk in a worker: (report, document, None) or (None, document, error message) per document."""
    from attribution.pipeline import Attributor

    att = _WORKER.get(settings)
    if att is None:
        att = _WORKER[settings] = Attributor.load(settings.model_dir, quantize=settings.quantize, threads=1,
                                                  engine=settings.engine, stride=settings.stride)
    failed: dict[int, str] = {}

    def on_failure(doc: Document, err: Exception) -> None:
        failed[id(doc)] = f"{type(err).__name__}: {err}"

    reports = iter(list(att.extract_documents(docs, on_failure=on_failure)))
    # reports come in the order of docs, one for each document that did not fail
    return [(None, d, failed[id(d)]) if id(d) in failed else (next(reports), d, None) for d in docs]


class ProcessPoolAttributor:
    """``extract_documents`` like :class:`~attribution.pipeline.Attributor`, on ``workers`` processes."""

    def __init__(self, workers: int, model_dir: str | Path | None = None, quantize: bool | None = None,
                 engine: str | None = None, stride: float | None = None, chunk: int = 4):
        if workers < 2:
            raise ValueError("ProcessPoolAttributor needs at least 2 workers (use Attributor for one)")
        from attribution.tag.tagger import default_model_dir

        folder = Path(model_dir) if model_dir else default_model_dir()
        if not (folder / "tagger_config.json").is_file():  # fail now, not in every worker later
            raise FileNotFoundError(f"{folder}: not a saved tagger (no tagger_config.json)")
        self.workers = workers
        self.settings = WorkerSettings(str(model_dir) if model_dir else None, quantize, engine, stride)
        self.chunk = chunk

    def extract_documents(self, documents: Iterable[Document],
                          on_failure: Callable[[Document, Exception], None] | None = None) -> Iterator[Report]:
        import multiprocessing

        pool = multiprocessing.get_context("spawn").Pool(self.workers, initializer=_init_worker)
        inflight: deque = deque()
        source = iter(documents)
        finished = False
        try:
            while True:
                while not finished and len(inflight) < 2 * self.workers:
                    chunk = [d for _, d in zip(range(self.chunk), source)]
                    if not chunk:
                        finished = True
                        break
                    inflight.append(pool.apply_async(_work, (self.settings, chunk)))
                if not inflight:
                    break
                for report, doc, error in inflight.popleft().get():
                    if report is not None:
                        yield report
                        continue
                    kind, _, message = (error or "RuntimeError: no report").partition(": ")
                    err = type(kind, (RuntimeError,), {})(message)  # the worker's error, by name
                    if on_failure is None:
                        raise err
                    on_failure(doc, err)
            pool.close()
        finally:
            pool.terminate()
            pool.join()
