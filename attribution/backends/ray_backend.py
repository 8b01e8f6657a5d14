"""Batch extraction on Ray (``pip install -e ".[ray]"`` from the clone, i.e. ``ray[data]``; written against Ray 2.60).

:func:`run_ray_batch` produces the same output folder as the local backend
(:func:`attribution.batch.run_batch`): one ``<output_stem>.json`` per document,
serialised with :func:`attribution.batch.report_json` and written with
:func:`attribution.batch.atomic_write`, reports made from the same text skipped
(resume by content hash), repeated doc ids suffixed ``-2``, ``-3`` in input order.

How it runs
-----------
1. The **driver** (the process calling this function) reads the inputs with the
   project's own readers — :func:`attribution.read.iter_documents` then
   :func:`attribution.batch.unique_ids` — so doc ids, texts, encodings and read
   warnings are exactly those of the local backend, and drops documents whose
   report already exists and was made from the same text.
2. The pending documents become a Ray Dataset (``ray.data.from_items``), in
   chunks of at most ``chunk_chars`` characters of text so driver memory stays
   bounded on a large corpus (each chunk is one Dataset run; its actors load
   the model once for that chunk).
3. ``Dataset.map_batches`` runs :class:`ExtractActor` — a callable class that
   loads :class:`attribution.pipeline.Attributor` once per actor — on a fixed
   actor pool (``compute=ray.data.ActorPoolStrategy(size=actors)``; Ray 2.60
   deprecates ``concurrency=`` for this).  Each actor returns the serialised
   reports (strings), not Python objects.
4. The driver writes each returned report to ``out_dir`` with ``atomic_write``.

Numbers: each actor tags its own batches of documents.  Model arithmetic is
the same, but windows are padded together with different neighbours than in a
single local run, so in rare cases a confidence (rounded to 4 places) can differ
in its last digit from the local backend's (the same is true of a local run over
a different set of files).  On the test corpus the two folders are byte-identical.

Running on a cluster
--------------------
Connect with ``address="ray://head:10001"`` (Ray Client) or ``address="auto"``
when the driver runs on a cluster node, or leave ``address=None`` and set
``RAY_ADDRESS``; if Ray is already initialised (``ray.init(...)`` by the
caller) that connection is used and left open.  What this code assumes, and
what a user would change:

* **Inputs** are read by the driver only, from local paths (or stdin) — the
  workers never open input files.  So inputs need not be on the workers, but
  the driver must see them (a local disk, NFS, or an object-store bucket
  mounted with e.g. s3fs/gcsfuse).  Reading ``s3://``/``gs://`` URIs directly is
  *not* implemented; to do it, list and fetch objects with
  ``pyarrow.fs.FileSystem.from_uri(uri)`` (``get_file_info`` +
  ``open_input_stream().read()``), turn each object's bytes into documents with
  :func:`attribution.read.documents.read_text_input` ``(data, name, suffix)``
  and pass them as ``documents=`` (any iterable of ``Document``/``ReadError``),
  which replaces ``paths``.
* **Reports** are written by the driver to a local or shared folder (atomic
  temp-file + rename, which object stores do not offer).  Writing to object
  storage is *not* implemented; a user would replace the ``atomic_write`` call
  in :func:`_write` by ``fs.open_output_stream(f"{bucket}/{name}")`` of a
  ``pyarrow.fs`` filesystem (a single-object PUT is already all-or-nothing) and
  the resume check by ``fs.get_file_info``.  Or write locally and sync.
* **The model** must be readable at ``model_dir`` on every node that runs an
  actor (the path is resolved on the driver and sent as a string): a shared
  file system, or the same folder baked into each node's image.  Each node also
  needs this package and its dependencies installed (including the base-encoder
  package), e.g. via the cluster image or ``runtime_env={"pip": [...]}`` /
  ``{"py_modules": [...]}`` passed through ``runtime_env=``.
* **Throughput** scales with ``actors`` × ``cpus_per_actor`` (each actor uses
  ``cpus_per_actor`` torch threads); all results flow back through the driver,
  which only writes files, so one driver comfortably keeps up with many actors.
"""
from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from attribution.batch import BatchSummary, already_done, atomic_write, output_path, report_json, unique_ids
from attribution.read import Document, ReadError, iter_documents
from attribution.read.documents import DEFAULT_MAX_BYTES

RAY_MISSING = ('the Ray backend needs Ray Data, which is not installed: from the clone, pip install -e ".[ray]" '
               '(the name "attribution" on the public package index is another project)')


class RayUnavailableError(RuntimeError):
    """Ray (the optional ``ray`` extra) is not installed: a setup problem the user fixes, not a crash."""


DEFAULT_CHUNK_CHARS = 64_000_000


def _encode(doc: Document) -> str:
    return json.dumps({"doc_id": doc.doc_id, "text": doc.text, "path": doc.path,
                       "encoding": doc.encoding, "warnings": list(doc.warnings)}, ensure_ascii=False)


def _decode(raw: str) -> Document:
    d = json.loads(raw)
    return Document(d["doc_id"], d["text"], d["path"], d["encoding"], list(d["warnings"]))


class ExtractActor:
    """A Ray Data callable class: loads the model once, turns batches of encoded documents into report JSON."""

    def __init__(self, model_dir: str, quantize: bool | None = None, threads: int | None = 1):
        from attribution import memory
        from attribution.pipeline import Attributor

        memory.pin_mmap_threshold()

        self.attributor = Attributor.load(model_dir, quantize=quantize, threads=threads)

    def _rows(self, docs: list[Document]) -> list[tuple[str, str, str, str, str]]:
        rows = []
        for report in self.attributor.extract_documents(docs):
            rows.append((report.doc_id, report.path or "", report_json(report), json.dumps(report.warnings), ""))
        return rows

    def __call__(self, batch: dict) -> dict:
        import numpy as np

        docs = [_decode(str(raw)) for raw in batch["doc"]]
        try:
            rows = self._rows(docs)
        except Exception:  # one bad document must not sink its batch: redo one by one
            rows = []
            for doc in docs:
                try:
                    rows += self._rows([doc])
                except Exception as err:  # noqa: BLE001 - reported per document
                    rows.append((doc.doc_id, doc.path or "", "", "[]", f"extraction failed: {type(err).__name__}: {err}"))
        cols = ("doc_id", "path", "report", "warnings", "error")
        return {c: np.array([r[i] for r in rows], dtype=object) for i, c in enumerate(cols)}


def _resolve_model_dir(model_dir: str | Path | None) -> str:
    if model_dir is None:
        from attribution.tag.tagger import default_model_dir

        model_dir = default_model_dir()
    return str(Path(model_dir).resolve())


def _write(out: Path, row: dict, summary: BatchSummary, on_error, on_progress) -> None:
    label = row["path"] or row["doc_id"]
    if row["error"]:
        msg = f"{label}: {row['error']}"
        summary.failed.append(msg)
        if on_error:
            on_error(msg)
        return
    if on_error:
        for w in json.loads(row["warnings"]):
            on_error(f"{label}: warning: {w}")
    try:
        atomic_write(output_path(out, row["doc_id"]), row["report"])
    except OSError as err:
        msg = f"{label}: cannot write report: {err.strerror or err}"
        summary.failed.append(msg)
        if on_error:
            on_error(msg)
        return
    summary.written += 1
    if on_progress:
        on_progress(row["doc_id"])


def run_ray_batch(
    model_dir: str | Path | None,
    paths: list[str] | None,
    out_dir: str | Path,
    quantize: bool | None = None,
    num_cpus: int | None = None,
    address: str | None = None,
    *,
    actors: int | None = None,
    cpus_per_actor: int = 1,
    batch_size: int = 16,
    resume: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: bytes | None = None,
    follow_symlinks: bool = False,
    documents: Iterable[Document | ReadError] | None = None,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
    runtime_env: dict | None = None,
    on_error: Callable[[str], None] | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> BatchSummary:
    """Extract every document under ``paths`` into ``out_dir`` with a pool of Ray actors.

    ``num_cpus`` sizes a Ray instance this call starts locally (ignored when
    connecting to a cluster or when Ray is already initialised); ``address``
    connects to a cluster (``"ray://head:10001"``, ``"auto"``; ``None`` honours
    ``RAY_ADDRESS``).  ``actors`` defaults to the cluster's CPUs divided by
    ``cpus_per_actor``.  Returns the same :class:`BatchSummary` as the local
    backend (``.to_dict()`` for JSON).
    """
    try:
        import ray
        import ray.data
    except ImportError as err:
        raise RayUnavailableError(RAY_MISSING) from err

    if paths is None and documents is None:
        raise ValueError("give paths or documents")
    summary = BatchSummary()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if not os.access(out, os.W_OK):
        raise PermissionError(f"output folder {out} is not writable")
    model = _resolve_model_dir(model_dir)

    def chunks() -> Iterator[list[str]]:
        source = documents if documents is not None else iter_documents(paths or [], max_bytes=max_bytes, stdin=stdin,
                                                                         follow_symlinks=follow_symlinks, skip_dirs=[out])
        chunk: list[str] = []
        size = 0
        for item in unique_ids(source):
            if isinstance(item, ReadError):
                summary.failed.append(str(item))
                if on_error:
                    on_error(str(item))
                continue
            if resume:
                target = output_path(out, item.doc_id)
                if target.exists() and already_done(target, item):
                    summary.skipped += 1
                    continue
            chunk.append(_encode(item))
            size += len(item.text)
            if size >= chunk_chars:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    started = False
    if not ray.is_initialized():
        local = address is None and not os.environ.get("RAY_ADDRESS")
        kwargs: dict = {"include_dashboard": False, "log_to_driver": True}
        if local and num_cpus is not None:
            kwargs["num_cpus"] = num_cpus
        if runtime_env:
            kwargs["runtime_env"] = runtime_env
        ray.init(address=address, **kwargs)
        started = True
    ctx = ray.data.DataContext.get_current()
    saved_bars = ctx.enable_progress_bars
    ctx.enable_progress_bars = False
    try:
        if actors is None:
            cpus = ray.cluster_resources().get("CPU", 1)
            actors = max(1, int(cpus // max(cpus_per_actor, 1)))
        for chunk in chunks():
            pool = max(1, min(actors, math.ceil(len(chunk) / batch_size)))
            ds = ray.data.from_items([{"doc": s} for s in chunk],
                                     override_num_blocks=max(1, min(len(chunk), pool * 4)))
            ds = ds.map_batches(
                ExtractActor,
                fn_constructor_kwargs={"model_dir": model, "quantize": quantize, "threads": cpus_per_actor},
                batch_size=batch_size,
                batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=pool),
                num_cpus=cpus_per_actor,
                udf_modifying_row_count=False,
            )
            for row in ds.iter_rows():
                _write(out, {k: str(v) for k, v in row.items()}, summary, on_error, on_progress)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        ctx.enable_progress_bars = saved_bars
        if started:
            ray.shutdown()
    return summary
