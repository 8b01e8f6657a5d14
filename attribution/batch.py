"""Batch runs: stream documents through the model and write one report each, atomically.

* Streaming: documents are read, tagged and written one after another (windows
  are batched across neighbouring documents), so memory does not grow with the
  size of the corpus.
* Atomic: each report is written to a temporary file in the output folder
  (``.tmp-<pid>-*.json``) and renamed into place, so an interrupted run never
  leaves a half-written report; the next run removes temporary files whose
  process is gone (a ``kill -9`` leftover).
* Resumable by content: a rerun skips a document only when its report exists and
  records the SHA-256 of the same text (``text_sha256``); an edited article is
  extracted again.
* Safe names: output names are a function of the doc id alone (:func:`output_stem`)
  and never leave ``--out``; repeated ids get ``-2``, ``-3`` suffixes in input
  order, never colliding with another document's name (compared without case, so
  a case-insensitive file system cannot merge two either).
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from attribution.read import Document, ReadError, iter_documents
from attribution.read.documents import DEFAULT_MAX_BYTES, output_stem, safe_id
from attribution.schema import Report, text_digest


@dataclass
class BatchSummary:
    written: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted

    def to_dict(self) -> dict:
        return {"written": self.written, "skipped": self.skipped, "failed": len(self.failed),
                "errors": list(self.failed), "interrupted": self.interrupted}


def report_json(report: Report) -> str:
    """The canonical serialisation (stable key order, so reruns are byte-identical)."""
    return json.dumps(report.to_dict(include_text=True), ensure_ascii=False, indent=1) + "\n"


def report_json_chunks(report: Report) -> Iterator[str]:
    """``report_json`` in pieces, for writing a very large report without building the whole string."""
    yield from json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(report.to_dict(include_text=True))
    yield "\n"


TMP_PREFIX = ".tmp-"


def _file_mode() -> int:
    """The mode an ordinary new file gets (0o644 under the usual umask); mkstemp's is 0o600."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def atomic_write(path: Path, data: str | Iterable[str]) -> None:
    """Write ``data`` (a string, or string pieces) to ``path`` via a temporary file and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".json", dir=str(path.parent))
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            if isinstance(data, str):
                fh.write(data)
            else:
                fh.writelines(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # someone else's live process
    except (OSError, OverflowError, ValueError):
        return False
    return True


def clean_stale_temp_files(out_dir: Path) -> list[Path]:
    """Remove ``.tmp-<pid>-*.json`` files left by runs that were killed (their process is gone)."""
    removed = []
    for p in out_dir.glob(f"{TMP_PREFIX}*.json"):
        pid = p.name[len(TMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and (int(pid) == os.getpid() or _pid_alive(int(pid))):
            continue  # a run is writing into this folder right now
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def prepare_out_dir(out_dir: Path) -> None:
    """Create ``out_dir``, prove a report can be written there, and clear stale temporary files.

    Raises :class:`OSError` with a message a person can act on.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise NotADirectoryError(f"output folder {out_dir} exists and is not a folder") from err
    except OSError as err:
        raise type(err)(f"cannot create output folder {out_dir}: {err.strerror or err}") from err
    try:
        fd, probe = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".json", dir=str(out_dir))
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise PermissionError(f"output folder {out_dir} is not writable: {err.strerror or err}") from err
    clean_stale_temp_files(out_dir)


def output_path(out_dir: Path, doc_id: str) -> Path:
    """Where a document's report goes: always directly inside ``out_dir``."""
    name = output_stem(doc_id) + ".json"
    path = (out_dir / name).resolve()
    if path.parent != out_dir.resolve():  # output_stem prevents this; the check keeps a regression there harmless
        raise ValueError(f"unsafe document id {doc_id!r}")
    return path


def unique_ids(items: Iterable[Document | ReadError]) -> Iterator[Document | ReadError]:
    """Give repeated doc ids a ``-2``, ``-3`` ... suffix, in input order.

    Uniqueness is of the output file name (:func:`output_stem`, compared without case),
    and a suffixed name never takes the name of another document (``x``, ``x``, ``x-2``
    → ``x``, ``x-2``, ``x-2-2``) nor is cut off by the length limit.
    """
    used: set[str] = set()
    for item in items:
        if isinstance(item, Document):
            name = output_stem(item.doc_id)
            if name.casefold() in used:
                raw, n = item.doc_id, 2
                while True:
                    suffix = f"-{n}"
                    cand = safe_id(name[: 150 - len(suffix)]) + suffix
                    if cand.casefold() not in used:
                        break
                    n += 1
                item.warnings.append(f"duplicate doc id {raw!r}; written as {cand}")
                item.doc_id = cand  # the new id is its own file name: output_stem(cand) == cand
                name = cand
            used.add(name.casefold())
        yield item


def recorded_digest(report: dict) -> str | None:
    """The SHA-256 of the text a saved report was made from: its ``text_sha256``, or for a
    report written before that field existed, the digest of the ``text`` it carries."""
    digest = report.get("text_sha256")
    if isinstance(digest, str):
        return digest
    text = report.get("text")
    return text_digest(text) if isinstance(text, str) else None


def already_done(path: Path, doc: Document) -> bool:
    """Is ``path`` a complete report made from exactly ``doc``'s text?  A truncated report, one of
    an earlier version of the article, or one of another document does not count."""
    try:
        with path.open(encoding="utf-8") as fh:
            report = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(report, dict) and recorded_digest(report) == text_digest(doc.text)


TRIM_EVERY = 200
"""Documents between two ``malloc_trim`` calls (see :mod:`attribution.memory`)."""


def run_batch(
    attributor,
    paths: list[str],
    out_dir: str | Path | None,
    emit: Callable[[str], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_progress: Callable[[str], None] | None = None,
    resume: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: bytes | None = None,
    follow_symlinks: bool = False,
) -> BatchSummary:
    """Extract every document under ``paths``: to ``out_dir`` files, or to ``emit`` as JSONL lines.

    ``out_dir`` is never read as input, even when it lies inside an input folder.
    """
    from attribution import memory

    memory.pin_mmap_threshold()
    summary = BatchSummary()
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        prepare_out_dir(out)

    def todo() -> Iterator[Document]:
        documents = iter_documents(paths, max_bytes=max_bytes, stdin=stdin, follow_symlinks=follow_symlinks,
                                   skip_dirs=[out] if out is not None else [])
        for item in unique_ids(documents):
            if isinstance(item, ReadError):
                summary.failed.append(str(item))
                if on_error:
                    on_error(str(item))
                if on_progress:  # every document counts towards done/total, whatever became of it
                    on_progress(item.path)
                continue
            if out is not None and resume:
                target = output_path(out, item.doc_id)
                if target.exists() and already_done(target, item):
                    summary.skipped += 1
                    if on_progress:
                        on_progress(item.doc_id)
                    continue
            yield item

    def failed(doc: Document, err: Exception) -> None:
        msg = f"{doc.path or doc.doc_id}: internal error, no report written: {type(err).__name__}: {err}"
        summary.failed.append(msg)
        if on_error:
            on_error(msg)
        if on_progress:
            on_progress(doc.doc_id)

    try:
        for report in attributor.extract_documents(todo(), on_failure=failed):
            for w in report.warnings:
                if on_error:
                    on_error(f"{report.path or report.doc_id}: warning: {w}")
            if out is not None:
                try:
                    atomic_write(output_path(out, report.doc_id), report_json_chunks(report))
                except (OSError, UnicodeError) as err:
                    msg = f"{report.path or report.doc_id}: cannot write report: {getattr(err, 'strerror', None) or err}"
                    summary.failed.append(msg)
                    if on_error:
                        on_error(msg)
                    if on_progress:
                        on_progress(report.doc_id)
                    continue
            elif emit is not None:
                emit(json.dumps(report.to_dict(include_text=True), ensure_ascii=False))
            summary.written += 1
            if summary.written % TRIM_EVERY == 0:
                memory.trim()
            if on_progress:
                on_progress(report.doc_id)
    except KeyboardInterrupt:
        summary.interrupted = True
        if out is not None:
            remove_own_temp_files(out)  # Ctrl-C may land between a temp file's creation and its cleanup
    return summary


def remove_own_temp_files(out_dir: Path) -> None:
    """Remove this process's ``.tmp-<pid>-*.json`` files: an interrupted run leaves no half-written output,
    even when the interrupt came inside ``mkstemp``, before :func:`atomic_write` could clean up."""
    for p in out_dir.glob(f"{TMP_PREFIX}{os.getpid()}-*.json"):
        try:
            p.unlink()
        except OSError:
            pass
