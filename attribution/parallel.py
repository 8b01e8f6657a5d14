"""Several worker processes, each with its own single-threaded model, for batch runs.

On a small machine one process does not keep every core busy: the tagger runs on
all cores, but tokenizing, decoding and assembling a document is single-threaded
Python.  With ``workers`` processes, each tagging on one thread, that Python work
runs in parallel too (measured in the README: about 1.3x the documents per second
on 2 cores).  Documents go out in small chunks, at most a few chunks ahead of what
has been written, so memory stays flat; reports come back in input order.

A worker that dies (killed, out of memory, a crash in native code) breaks the pool
rather than hanging the run: chunks that had finished keep their reports, and the
documents of the others are tagged again one at a time in a fresh pool, so only a
document whose worker dies while tagging it alone is lost, reported through
``on_failure`` like any other failed document.  Where processes cannot be started,
or workers keep dying whatever they tag, the run continues in this process, with a
warning.  An interrupted run (Ctrl-C, SIGTERM, a consumer that stops early) ends its
workers at once; workers also end by themselves if the batch is killed outright.
"""
from __future__ import annotations

import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from attribution.options import InferenceOptions
from attribution.read import Document
from attribution.schema import Report

_WORKER: dict = {}

AUTO_MIN_DOCUMENTS = 8
"""``--workers auto`` starts a pool only for at least this many documents: starting the workers
costs about 0.6 s on 2 cores, which a handful of articles would pay for nothing."""
MAX_AUTO_WORKERS = 8


def usable_cores() -> int:
    """Cores this process may use: the affinity mask (else the CPU count), capped by a cgroup CPU
    quota (containers limited to 2 CPUs on a 64-core host report 64 cores otherwise)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = cgroup_cpu_limit()
    return max(1, min(cores, int(quota))) if quota else cores


def cgroup_cpu_limit(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """CPUs allowed by a cgroup quota (v2 ``cpu.max``, else v1 ``cpu.cfs_quota_us``), None if unlimited."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        return quota / period if quota > 0 and period > 0 else None
    except (OSError, ValueError):
        return None


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


def _init_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _exit_with_parent(parent)


def _exit_with_parent(parent: int, poll_s: float = 0.5) -> None:
    """End this worker when ``parent`` (the batch's pid, passed at start) is no longer its parent:
    SIGKILL gives the batch no chance to stop its workers, and a worker waiting for work would
    otherwise wait forever.  A daemon thread polls the parent pid."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _work(settings: InferenceOptions, docs: list[Document]) -> list[tuple[Report | None, Document, str | None]]:
    """Run one chunk in a worker: (report, document, None) or (None, document, error message) per document."""
    from attribution.pipeline import Attributor

    att = _WORKER.get(settings)
    if att is None:
        att = _WORKER[settings] = Attributor.from_options(settings)  # threads=1: see ProcessPoolAttributor
    failed: dict[int, str] = {}

    def on_failure(doc: Document, err: Exception) -> None:
        failed[id(doc)] = f"{type(err).__name__}: {err}"

    reports = iter(list(att.extract_documents(docs, on_failure=on_failure)))
    # reports come in the order of docs, one for each document that did not fail
    return [(None, d, failed[id(d)]) if id(d) in failed else (next(reports), d, None) for d in docs]


class WorkerDied(RuntimeError):
    """A worker process ended abnormally while it held this document alone."""


class _CannotStart(RuntimeError):
    """The operating system refused to start a worker process."""


DEATHS_BEFORE_GIVING_UP = 3
"""Workers that die this many times in a row, each on a different document tagged alone, are
dying whatever they tag (out of memory while loading the model, a broken install): go on in
one process instead of failing every document."""


class ProcessPoolAttributor:
    """``extract_documents`` like :class:`~attribution.pipeline.Attributor`, on ``workers`` processes."""

    def __init__(self, workers: int, model_dir: str | Path | None = None, quantize: bool | None = None,
                 engine: str | None = None, stride: float | None = None, chunk: int = 4,
                 disable: tuple[str, ...] = ()):
        if workers < 2:
            raise ValueError("ProcessPoolAttributor needs at least 2 workers (use Attributor for one)")
        from attribution.tag.tagger import default_model_dir

        folder = Path(model_dir) if model_dir else default_model_dir()
        if not (folder / "tagger_config.json").is_file():  # fail now, not in every worker later
            raise FileNotFoundError(f"{folder}: not a saved tagger (no tagger_config.json)")
        self.workers = workers
        # what each worker loads: a one-thread model, so the workers share the cores rather than fight for them
        self.settings = InferenceOptions(model_dir=str(model_dir) if model_dir else None, quantize=quantize,
                                         engine=engine, stride=stride, threads=1, disable=tuple(disable))
        self.chunk = chunk
        self._pool = None
        self._attributor = None

    def extract_documents(self, documents: Iterable[Document],
                          on_failure: Callable[[Document, Exception], None] | None = None) -> Iterator[Report]:
        from attribution.tag.tagger import prepare_engine

        s = self.settings
        prepare_engine(s.model_dir, quantize=s.quantize, engine=s.engine)  # export once here, not in every worker
        try:
            yield from self._run(iter(documents), on_failure)
        except BaseException:  # interrupted, failed, or the consumer stopped reading: end the workers now
            self._stop(kill=True)
            raise
        self._stop(kill=False)

    def _run(self, source: Iterator[Document], on_failure) -> Iterator[Report]:
        from concurrent.futures.process import BrokenProcessPool

        if not self._start_pool():
            yield from self._in_process(source, on_failure)
            return
        inflight: deque = deque()  # (chunk of documents, future), in input order
        finished = False
        while True:
            while not finished and len(inflight) < 2 * self.workers:
                chunk = [d for _, d in zip(range(self.chunk), source)]
                if not chunk:
                    finished = True
                    break
                inflight.append((chunk, _submit(self._pool, self.settings, chunk)))
            if not inflight:
                return
            chunk, future = inflight.popleft()
            try:
                results = future.result()
            except (BrokenProcessPool, _CannotStart) as err:
                pending = [(chunk, future), *inflight]
                inflight.clear()
                self._stop()
                if isinstance(err, _CannotStart):
                    _warn_one_process(f"cannot start worker processes ({err})")
                    lost = [d for c, _ in pending for d in c]
                    yield from self._in_process(itertools.chain(lost, source), on_failure)
                    return
                if not (yield from self._recover(pending, on_failure)) or (self._pool is None and not self._start_pool()):
                    yield from self._in_process(source, on_failure)
                    return
                continue
            yield from _unpack(results, on_failure)

    def _start_pool(self) -> bool:
        """A fresh pool in ``self._pool``; False (with a warning) where processes cannot be started."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(os.getpid(),))
        except (OSError, NotImplementedError, ImportError) as err:
            _warn_one_process(f"cannot start worker processes ({type(err).__name__}: {err})")
            self._pool = None
        return self._pool is not None

    def _stop(self, kill: bool = True) -> None:
        """Shut the pool down; ``kill``: end the workers now rather than after the chunks they hold."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
            if terminate is not None:
                terminate()
            else:  # before 3.14 the executor offers no public way to end running workers
                for process in list((getattr(pool, "_processes", None) or {}).values()):
                    process.terminate()
        pool.shutdown(wait=not kill, cancel_futures=True)

    def _recover(self, pending: list, on_failure):
        """After a worker died: keep the reports of chunks that had finished; tag the documents of
        the others one at a time in a fresh pool, in order.  A document whose worker dies while it
        is tagged alone failed, unless workers then keep dying on the next documents too: after
        :data:`DEATHS_BEFORE_GIVING_UP` deaths in a row they die whatever they tag, and those
        documents and the rest go on in this process.  Returns False when the run must go on in
        this process (no pool starts, or workers keep dying); ``pending`` is then done already."""
        from concurrent.futures.process import BrokenProcessPool

        _warn("a worker process died; documents it may have held are tagged again one at a time")
        suspects: list[Document] = []  # died alone, in a row: failed, unless every worker dies
        for n, (chunk, future) in enumerate(pending):
            if future.done() and not future.cancelled() and future.exception() is None:
                _fail(suspects, on_failure)
                yield from _unpack(future.result(), on_failure)
                continue
            for i, doc in enumerate(chunk):
                def rest(start: int = i) -> Iterator[Document]:
                    yield from chunk[start:]
                    yield from (d for c, _ in pending[n + 1:] for d in c)

                if self._pool is None and not self._start_pool():
                    yield from self._in_process(itertools.chain(suspects, rest()), on_failure)
                    return False
                try:
                    results = _submit(self._pool, self.settings, [doc]).result()
                except _CannotStart as err:
                    self._stop()
                    _warn_one_process(f"cannot start worker processes ({err})")
                    yield from self._in_process(itertools.chain(suspects, rest()), on_failure)
                    return False
                except BrokenProcessPool:
                    self._stop()
                    suspects.append(doc)
                    if len(suspects) >= DEATHS_BEFORE_GIVING_UP:
                        _warn_one_process(f"worker processes died {len(suspects)} times in a row, each on a "
                                          "different document")
                        yield from self._in_process(itertools.chain(suspects, rest(i + 1)), on_failure)
                        return False
                    continue
                _fail(suspects, on_failure)
                yield from _unpack(results, on_failure)
        _fail(suspects, on_failure)
        return True

    def _in_process(self, documents: Iterator[Document], on_failure) -> Iterator[Report]:
        from attribution.pipeline import Attributor

        if self._attributor is None:  # in this process the model may use every core
            self._attributor = Attributor.from_options(replace(self.settings, threads=None))
        yield from self._attributor.extract_documents(documents, on_failure=on_failure)


def _submit(pool, settings: InferenceOptions, chunk: list[Document]):
    """``pool.submit``, but failures to submit come back as a failed future, so the chunk is handled
    in its turn with the others in flight: a pool that already broke (BrokenProcessPool), or an
    operating system that refuses to start a worker process (:class:`_CannotStart`)."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_work, settings, chunk)
    except BrokenProcessPool as err:
        failed: Future = Future()
        failed.set_exception(err)
        return failed
    except OSError as err:  # fork/exec refused (EAGAIN, EPERM in a sandbox): processes start on submit
        failed = Future()
        failed.set_exception(_CannotStart(f"{type(err).__name__}: {err}"))
        return failed


def _fail(docs: list[Document], on_failure) -> None:
    """Report documents whose worker died while tagging them alone (and empty the list)."""
    for doc in docs:
        err = WorkerDied("the worker process died while tagging this document alone (killed, or out of memory?)")
        if on_failure is None:
            raise err
        on_failure(doc, err)
    docs.clear()


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


def _warn_one_process(reason: str) -> None:
    _warn(f"{reason}; running in one process")
