"""Batch runs without a model: a stand-in attributor makes the reports, so what is under test is
the batch itself: which documents are skipped on a rerun, what lands on disk (atomically, with
an ordinary file mode), what a failure, a warning or Ctrl-C leaves in the summary and the
messages, and the names repeated doc ids get.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from attribution import batch, memory
from attribution.read import Document, ReadError
from attribution.read.documents import output_stem
from attribution.schema import Report, text_digest


class StandIn:
    """Makes a report per document, as the pipeline would, without a model.  A text holding
    ``FAIL`` is a document assembly fails on; ``STOP`` is Ctrl-C while it is processed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract_documents(self, documents, on_failure=None):
        for doc in documents:
            self.seen.append(doc.doc_id)
            if "STOP" in doc.text:
                raise KeyboardInterrupt
            if "FAIL" in doc.text:
                on_failure(doc, ValueError("boom"))
                continue
            yield Report(doc.doc_id, doc.path, None, [], [], [], text=doc.text, warnings=list(doc.warnings),
                         text_sha256=text_digest(doc.text), model="stand-in")


def files(folder: Path, **texts: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def report(doc_id: str = "d", text: str = "Él dijo «sí».") -> Report:
    return Report(doc_id, None, None, [], [], [], text=text)


# --- summary and serialisation ------------------------------------------------------------------------------

def test_summary():
    summary = batch.BatchSummary()
    assert (summary.written, summary.skipped, summary.failed, summary.interrupted, summary.ok) == (0, 0, [], False, True)
    summary.failed.append("x: bad")
    assert not summary.ok
    assert summary.to_dict() == {"written": 0, "skipped": 0, "failed": 1, "errors": ["x: bad"], "interrupted": False}
    assert summary.to_dict()["errors"] is not summary.failed
    assert not batch.BatchSummary(interrupted=True).ok
    assert batch.BatchSummary().failed is not batch.BatchSummary().failed


def test_report_json_is_stable_readable_and_whole():
    text = batch.report_json(report())
    assert text.endswith("}\n") and "Él dijo «sí»." in text  # no \\u escapes
    assert text.splitlines()[1].startswith(' "doc_id": "d"')  # one space of indent
    assert json.loads(text) == report().to_dict(include_text=True)
    assert "".join(batch.report_json_chunks(report())) == text


# --- atomic writes ------------------------------------------------------------------------------------------

def test_file_mode_follows_the_umask():
    saved = os.umask(0o027)
    try:
        assert batch._file_mode() == 0o640
        assert os.umask(0o027) == 0o027  # left as it was
    finally:
        os.umask(saved)
    for mask, mode in ((0o022, 0o644), (0o002, 0o664), (0o077, 0o600)):
        saved = os.umask(mask)
        try:
            assert batch._file_mode() == mode
        finally:
            os.umask(saved)
    assert batch._FILE_MODE == 0o666 & ~saved


def test_atomic_write_replaces_the_file_in_one_step(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    during: list[list[str]] = []

    def pieces():
        yield "é"
        during.append(sorted(p.name for p in tmp_path.iterdir()))
        yield "2"

    batch.atomic_write(target, pieces())
    assert target.read_text(encoding="utf-8") == "é2" and len(synced) == 1
    temporary, final = during[0]  # while it is written: the old report, and the new one beside it
    assert final == "r.json" and temporary.startswith(f".tmp-{os.getpid()}-") and temporary.endswith(".json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]
    assert target.stat().st_mode & 0o777 == batch._FILE_MODE
    batch.atomic_write(target, "plain string")
    assert target.read_text(encoding="utf-8") == "plain string"


def test_atomic_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")

    def broken():
        yield "new"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batch.atomic_write(target, broken())
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["r.json"]
    with pytest.raises(UnicodeEncodeError):
        batch.atomic_write(target, "lone \udc80 surrogate")
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_atomic_write_failing_after_its_temporary_is_gone_raises_the_first_error(tmp_path, monkeypatch):
    def replace_and_lose(src, dst):
        os.unlink(src)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", replace_and_lose)
    with pytest.raises(OSError, match="No space left"):
        batch.atomic_write(tmp_path / "r.json", "x")
    assert list(tmp_path.iterdir()) == []


# --- stale temporary files and the output folder ----------------------------------------------------------

def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_pid_alive(monkeypatch):
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert batch._pid_alive(other.pid)
    finally:
        other.kill()
        other.wait()
    assert not batch._pid_alive(0) and not batch._pid_alive(-1)
    assert not batch._pid_alive(dead_pid())
    assert not batch._pid_alive(2 ** 80)  # OverflowError
    sent: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: sent.append((pid, sig)))
    assert batch._pid_alive(1) and sent == [(1, 0)]  # signal 0 asks, and sends nothing; pid 1 is a pid
    monkeypatch.setattr(os, "kill", lambda pid, sig: (_ for _ in ()).throw(PermissionError()))
    assert batch._pid_alive(12345)  # someone else's process
    monkeypatch.setattr(os, "kill", lambda pid, sig: (_ for _ in ()).throw(ValueError()))
    assert not batch._pid_alive(12345)


def test_clean_stale_temp_files_removes_only_those_of_gone_processes(tmp_path):
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    gone, mine, live = dead_pid(), os.getpid(), other.pid
    names = [f".tmp-{gone}-a.json", f".tmp-{mine}-b.json", f".tmp-{live}-c.json", ".tmp-x-d.json", ".tmp--e.json",
             f".tmp-{gone}-f.txt", "report.json", f"tmp-{gone}-g.json", f".tmp-{mine}-h-i.json"]
    for name in names:
        (tmp_path / name).write_text("{", encoding="utf-8")
    try:
        removed = batch.clean_stale_temp_files(tmp_path)
    finally:
        other.kill()
        other.wait()
    assert sorted(p.name for p in removed) == sorted([f".tmp-{gone}-a.json", ".tmp-x-d.json", ".tmp--e.json"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f".tmp-{mine}-b.json", f".tmp-{live}-c.json", f".tmp-{gone}-f.txt", "report.json", f"tmp-{gone}-g.json",
         f".tmp-{mine}-h-i.json"])


def test_clean_stale_temp_files_goes_on_past_a_file_it_cannot_remove(tmp_path, monkeypatch):
    gone = dead_pid()
    for name in ("a", "b"):
        (tmp_path / f".tmp-{gone}-{name}.json").write_text("{", encoding="utf-8")
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if self.name.endswith("-a.json"):
            raise PermissionError(13, "Permission denied")
        return real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    assert [p.name for p in batch.clean_stale_temp_files(tmp_path)] == [f".tmp-{gone}-b.json"]


def test_prepare_out_dir(tmp_path, monkeypatch):
    out = tmp_path / "a" / "b"
    probes: list[tuple] = []
    real_mkstemp = batch.tempfile.mkstemp

    def recording_mkstemp(**kwargs):
        probes.append((kwargs["dir"], kwargs["prefix"], kwargs["suffix"]))
        return real_mkstemp(**kwargs)

    monkeypatch.setattr(batch.tempfile, "mkstemp", recording_mkstemp)
    batch.prepare_out_dir(out)
    assert out.is_dir() and list(out.iterdir()) == []  # the probe is gone
    # written in the folder itself, named as a write in flight of this process (so other runs leave it alone)
    assert probes == [(str(out), f".tmp-{os.getpid()}-", ".json")]
    monkeypatch.undo()
    stale = out / f".tmp-{dead_pid()}-x.json"
    stale.write_text("{", encoding="utf-8")
    batch.prepare_out_dir(out)
    assert not stale.exists()

    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(NotADirectoryError) as err:
        batch.prepare_out_dir(tmp_path / "file")
    assert str(err.value) == f"output folder {tmp_path / 'file'} exists and is not a folder"
    with pytest.raises(NotADirectoryError) as err:
        batch.prepare_out_dir(tmp_path / "file" / "below")
    assert str(err.value) == f"cannot create output folder {tmp_path / 'file' / 'below'}: Not a directory"

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(batch.tempfile, "mkstemp", refuse)
    with pytest.raises(PermissionError) as err:
        batch.prepare_out_dir(out)
    assert str(err.value) == f"output folder {out} is not writable: Permission denied"
    monkeypatch.setattr(batch.tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(OSError("odd")))
    with pytest.raises(PermissionError, match="is not writable: odd$"):
        batch.prepare_out_dir(out)
    monkeypatch.setattr(Path, "mkdir", lambda *a, **k: (_ for _ in ()).throw(OSError("no reason")))
    with pytest.raises(OSError, match=f"^cannot create output folder {out}: no reason$"):
        batch.prepare_out_dir(out)


def test_output_path_stays_in_the_folder(tmp_path):
    assert batch.output_path(tmp_path, "story") == (tmp_path / "story.json").resolve()
    odd = batch.output_path(tmp_path, "../../etc/passwd")
    assert odd.parent == tmp_path.resolve() and odd.name == output_stem("../../etc/passwd") + ".json"


def test_output_path_refuses_a_name_that_would_leave_the_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "output_stem", lambda doc_id: "../" + doc_id)  # were output_stem ever to allow it
    with pytest.raises(ValueError, match="^unsafe document id 'x'$"):
        batch.output_path(tmp_path, "x")


# --- names ------------------------------------------------------------------------------------------------

def test_unique_ids_suffixes_repeats_in_input_order():
    docs = [Document("x", "1"), ReadError("bad.txt", "unreadable"), Document("X", "2"), Document("x-2", "3"),
            Document("x", "4"), Document("a b", "5"), Document("a b", "6")]
    out = list(batch.unique_ids(docs))
    assert out[1] is docs[1]
    ids = [d.doc_id for d in out if isinstance(d, Document)]
    first_ab = output_stem("a b")
    assert ids == ["x", "X-2", "x-2-2", "x-3", "a b", f"{first_ab}-2"]
    assert out[0].warnings == [] and out[2].warnings == ["duplicate doc id 'X'; written as X-2"]
    assert out[3].warnings == ["duplicate doc id 'x-2'; written as x-2-2"]
    assert out[-1].warnings == [f"duplicate doc id 'a b'; written as {first_ab}-2"]
    assert len({output_stem(i).casefold() for i in ids}) == len(ids)


def test_unique_ids_keep_a_long_name_within_the_limit():
    long_id = "n" * 150
    out = list(batch.unique_ids([Document(long_id, "1"), Document(long_id, "2")]))
    assert out[1].doc_id == "n" * 148 + "-2" and len(output_stem(out[1].doc_id)) == 150


# --- resume -----------------------------------------------------------------------------------------------

def test_recorded_digest():
    assert batch.recorded_digest({"text_sha256": "abc", "text": "x"}) == "abc"
    assert batch.recorded_digest({"text_sha256": 5, "text": "x"}) == text_digest("x")
    assert batch.recorded_digest({"text": "x"}) == text_digest("x")
    assert batch.recorded_digest({"text": None}) is None and batch.recorded_digest({}) is None


def test_already_done_only_for_a_whole_report_of_the_same_text(tmp_path):
    doc = Document("d", "The text.")
    path = tmp_path / "d.json"
    assert not batch.already_done(path, doc)  # missing
    for body, done in [(json.dumps({"text_sha256": text_digest("The text.")}), True),
                       (json.dumps({"text": "The text."}), True),
                       (json.dumps({"text_sha256": text_digest("Other text.")}), False),
                       (json.dumps({"text_sha256": text_digest("The text.")})[:-1], False),  # cut short
                       (json.dumps([text_digest("The text.")]), False),
                       ("[" * 100_000 + "]" * 100_000, False)]:
        path.write_text(body, encoding="utf-8")
        assert batch.already_done(path, doc) is done, body[:60]
    path.write_bytes(b'{"text": "\xff"}')
    assert batch.already_done(path, doc) is False


# --- run_batch ----------------------------------------------------------------------------------------------

def run(paths, out, attributor=None, **kwargs):
    messages: list[str] = []
    progress: list[str] = []
    summary = batch.run_batch(attributor or StandIn(), [str(p) for p in paths], out, on_error=messages.append,
                              on_progress=progress.append, **kwargs)
    return summary, messages, progress


def test_run_batch_writes_reports_and_a_rerun_skips_them(tmp_path):
    src = files(tmp_path / "in", a="Alpha said so.", b="Beta said so.")
    out = tmp_path / "out"
    summary, messages, progress = run([src], out)
    assert (summary.written, summary.skipped, summary.failed, messages, progress) == (2, 0, [], [], ["a", "b"])
    saved = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert saved["text"] == "Alpha said so." and saved["path"] == str(src / "a.txt")
    assert (out / "a.json").read_text(encoding="utf-8") == batch.report_json(
        Report("a", str(src / "a.txt"), None, [], [], [], text="Alpha said so.", model="stand-in",
               text_sha256=text_digest("Alpha said so.")))

    (src / "b.txt").write_text("Beta said otherwise.", encoding="utf-8")
    again = StandIn()
    summary, messages, progress = run([src], out, again)
    assert (summary.written, summary.skipped, again.seen, progress) == (1, 1, ["b"], ["a", "b"])
    assert run([src], out)[0].skipped == 2
    redo = StandIn()
    summary, _, _ = run([src], out, redo, resume=False)
    assert (summary.written, summary.skipped, redo.seen) == (2, 0, ["a", "b"])


def test_run_batch_reports_failures_warnings_and_unreadable_inputs(tmp_path):
    src = files(tmp_path / "in", a="FAIL here.", b="Fine.")
    (tmp_path / "in" / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    missing = tmp_path / "missing.txt"
    dup = files(tmp_path / "dup", b="Another b.")
    summary, messages, progress = run([src, missing, dup / "b.txt"], tmp_path / "out")
    internal = f"{src / 'a.txt'}: internal error, no report written: ValueError: boom"
    assert summary.failed[0] == internal and len(summary.failed) == 3
    assert summary.failed[1].startswith(f"{src / 'c.txt'}: ") and summary.failed[2].startswith(f"{missing}: ")
    assert messages == [internal, summary.failed[1], summary.failed[2],
                        f"{dup / 'b.txt'}: warning: duplicate doc id 'b'; written as b-2"]
    assert progress == ["a", "b", str(src / "c.txt"), str(missing), "b-2"]
    assert summary.written == 2 and sorted(p.name for p in (tmp_path / "out").iterdir()) == ["b-2.json", "b.json"]
    assert not summary.ok


def test_run_batch_without_callbacks_still_counts(tmp_path):
    src = files(tmp_path / "in", a="FAIL here.", b="Fine.")
    (tmp_path / "in" / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    files(tmp_path / "in2", b="Another b.")
    (tmp_path / "out" / "b-2.json").mkdir(parents=True)  # a folder where a report should go
    summary = batch.run_batch(StandIn(), [str(src), str(tmp_path / "in2")], tmp_path / "out")
    assert summary.written == 1 and len(summary.failed) == 3
    assert summary.failed[2].endswith("cannot write report: Is a directory")
    again = batch.run_batch(StandIn(), [str(src)], tmp_path / "out")
    assert again.skipped == 1
    assert batch.run_batch(StandIn(), [str(src / "b.txt")], None).written == 1  # no output at all: counted


def test_run_batch_says_why_a_report_cannot_be_written(tmp_path):
    src = files(tmp_path / "in", a="Fine.", b="Also fine.")
    (tmp_path / "out" / "a.json").mkdir(parents=True)
    summary, messages, progress = run([src], tmp_path / "out")
    assert summary.failed == [f"{src / 'a.txt'}: cannot write report: Is a directory"] == messages
    assert summary.written == 1 and progress == ["a", "b"]

    class Surrogate(StandIn):
        def extract_documents(self, documents, on_failure=None):
            for doc in documents:
                yield Report(doc.doc_id, None, None, [], [], [], text="bad \udc80")

    summary, messages, _ = run([src / "b.txt"], tmp_path / "out2", Surrogate())
    assert messages[0].startswith("b: cannot write report: 'utf-8' codec can't encode")
    assert not (tmp_path / "out2" / "b.json").exists()


def test_run_batch_emits_json_lines_without_an_output_folder(tmp_path):
    src = files(tmp_path / "in", a="Él dijo.", b="Beta.")
    lines: list[str] = []
    summary = batch.run_batch(StandIn(), [str(src)], None, emit=lines.append)
    assert summary.written == 2 and [json.loads(x)["doc_id"] for x in lines] == ["a", "b"]
    assert "Él dijo." in lines[0] and "\n" not in lines[0]
    assert json.loads(lines[0])["text"] == "Él dijo."
    stdin = batch.run_batch(StandIn(), ["-"], None, emit=lines.append, stdin=b"From the pipe.")
    assert stdin.written == 1 and json.loads(lines[-1])["text"] == "From the pipe."


def test_run_batch_stops_cleanly_on_ctrl_c(tmp_path):
    src = files(tmp_path / "in", a="Fine.", b="STOP now.", c="Never reached.")
    summary, _, progress = run([src], tmp_path / "out")
    assert summary.interrupted and not summary.ok and (summary.written, progress) == (1, ["a"])
    assert summary.to_dict()["interrupted"] is True


def test_run_batch_reads_no_report_back_and_respects_limits(tmp_path, monkeypatch):
    src = files(tmp_path / "in", a="Fine.", big="x" * 50)
    out = src / "reports"
    link = src / "link.txt"
    link.symlink_to(files(tmp_path / "elsewhere", z="Outside.") / "z.txt")
    summary, messages, _ = run([src], out, max_bytes=40)
    assert summary.written == 1 and (out / "a.json").exists()
    assert any("big.txt" in m for m in messages) and any("link.txt" in m for m in messages)
    again = StandIn()
    summary, _, _ = run([src], out, again, max_bytes=40, follow_symlinks=True)
    assert again.seen == ["link"] and summary.skipped == 1  # the reports folder is never read as input
    assert len(summary.failed) == 1 and "big.txt" in summary.failed[0]


def test_run_batch_pins_malloc_and_trims_every_so_often(tmp_path, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(memory, "pin_mmap_threshold", lambda: calls.append("pin"))
    monkeypatch.setattr(memory, "trim", lambda: calls.append("trim"))
    monkeypatch.setattr(batch, "TRIM_EVERY", 2)
    src = files(tmp_path / "in", **{f"d{i}": f"Text {i}." for i in range(5)})
    batch.run_batch(StandIn(), [str(src)], None, emit=lambda line: calls.append("emit"))
    assert calls == ["pin", "emit", "emit", "trim", "emit", "emit", "trim", "emit"]


def test_an_interrupt_between_a_temp_file_and_its_cleanup_leaves_no_temp_file(tmp_path, monkeypatch):
    """Ctrl-C inside ``mkstemp`` (the file made, its name not yet returned) escapes atomic_write's cleanup;
    the batch removes its own temp files when it stops."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("The minister said the plan would go ahead.", encoding="utf-8")
    out = tmp_path / "out"

    def interrupted_write(path, data):
        (path.parent / f"{batch.TMP_PREFIX}{os.getpid()}-x.json").write_text("{", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "atomic_write", interrupted_write)
    summary, _, _ = run([src], out)
    assert summary.interrupted and list(out.iterdir()) == []
