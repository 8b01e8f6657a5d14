"""Several worker processes, each with its own single-threaded model, for batch runs.

On a small machine one process does not keep every core busy: the tagger runs on
all cores, but tokenizing, decoding and assembling a document is single-threaded
Python.  With ``workers`` processes, each tagging on one thread, that Python work
runs in parallel too (measured in the README: about 1.3x the documents per second
on 2 cores).  Documents go out in small chunks, at most a few chunks ahead of what
has been written, so memory stays flat; reports come back in input order.

A worker that dies (killed, out of memory, a crash in native code) breaks the pool
rather than hanging the run: the documents that were in flight are tagged again one
at a time in a fresh pool, so only a document that kills its worker twice is lost,
reported through ``on_failure`` like any other failed document.  Where processes
cannot be started at all, the run continues in this process, with a warning.
"""
from __future__ import annotations

import os
import signal
import sys
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
    _exit_with_parent()


def _exit_with_parent(poll_s: float = 0.5) -> None:
    """End this worker when its parent dies (SIGKILL gives the parent no chance to stop it, and a
    worker waiting for work would otherwise wait forever): a daemon thread watches the parent pid."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


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
        from concurrent.futures.process import BrokenProcessPool

        source = iter(documents)
        pool = self._start_pool()
        if pool is None:
            yield from self._in_process(source, on_failure)
            return
        inflight: deque = deque()  # (chunk of documents, future), in input order
        finished = False
        try:
            while True:
                while not finished and len(inflight) < 2 * self.workers:
                    chunk = [d for _, d in zip(range(self.chunk), source)]
                    if not chunk:
                        finished = True
                        break
                    inflight.append((chunk, _submit(pool, self.settings, chunk)))
                if not inflight:
                    break
                chunk, future = inflight.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    lost = chunk + [d for c, _ in inflight for d in c]
                    inflight.clear()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = yield from self._retry_alone(lost, on_failure)
                    if pool is None:  # no fresh pool could start: finish here
                        yield from self._in_process(source, on_failure)
                        return
                    continue
                yield from _unpack(results, on_failure)
        finally:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)

    def _start_pool(self):
        """A fresh pool, or None (with a warning) where this system cannot start processes."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_worker)
        except (OSError, NotImplementedError, ImportError) as err:
            _warn(f"cannot start worker processes ({type(err).__name__}: {err}); running in one process")
            return None

    def _retry_alone(self, lost: list[Document], on_failure):
        """After a worker died: tag each lost document alone in a fresh pool, in order; a document
        that breaks the pool again failed.  Returns the pool to go on with (None if none starts)."""
        from concurrent.futures.process import BrokenProcessPool

        _warn(f"a worker process died; tagging the {len(lost)} documents it may have held one at a time")
        pool = self._start_pool()
        for i, doc in enumerate(lost):
            if pool is None:
                yield from self._in_process(iter(lost[i:]), on_failure)
                return None
            try:
                results = _submit(pool, self.settings, [doc]).result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                err = WorkerDied("the worker process died while tagging this document (killed, or out of memory?)")
                if on_failure is None:
                    raise err from None
                on_failure(doc, err)
                pool = self._start_pool()
                continue
            yield from _unpack(results, on_failure)
        return pool

    def _in_process(self, documents: Iterator[Document], on_failure) -> Iterator[Report]:
        from attribution.pipeline import Attributor

        s = self.settings
        attributor = Attributor.load(s.model_dir, quantize=s.quantize, engine=s.engine, stride=s.stride)
        yield from attributor.extract_documents(documents, on_failure=on_failure)


def _submit(pool, settings: WorkerSettings, chunk: list[Document]):
    """``pool.submit``, but a pool that already broke gives a failed future instead of raising, so
    the chunk is handled in its turn with the others that were lost."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_work, settings, chunk)
    except BrokenProcessPool as err:
        failed: Future = Future()
        failed.set_exception(err)
        return failed


class WorkerDied(RuntimeError):
    """A worker process ended abnormally while it held this document."""


def _unpack(results: list[tuple[Report | None, Document, str | None]], on_failure) -> Iterator[Report]:
    """Reports of one chunk, in order; a document the worker failed goes to ``on_failure`` (or raises)."""
    for report, doc, error in results:
        if report is not None:
            yield report
            continue
        kind, _, message = (error or "RuntimeError: no report").partition(": ")
        err = type(kind, (RuntimeError,), {})(message)  # the worker's error, by name
        if on_failure is None:
            raise err
        on_failure(doc, err)


def _warn(message: str) -> None:
    print(f"attribution: {message}", file=sys.stderr)
