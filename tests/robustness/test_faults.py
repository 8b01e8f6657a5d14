"""Faults lose nothing: ``kill -9`` mid-batch and Ctrl-C, with real subprocesses.

The batch runs in a child process through a small driver that makes each report's
rename slow (a sleep just before ``os.replace``), so the signal reliably lands in
the middle of the run, often while a temporary file is open.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from attribution.batch import clean_stale_temp_files
from attribution.validate import contract_errors

N_DOCS = 60
DRIVER = textwrap.dedent("""
    import os, sys, time
    delay = float(os.environ.get("SLOW_REPLACE", "0"))
    if delay:
        import attribution.batch as batch
        real = os.replace
        def slow_replace(src, dst):
            time.sleep(delay)
            real(src, dst)
        batch.os.replace = slow_replace
    if __name__ == "__main__":  # worker processes are spawned: they import this file too
        from attribution.cli.main import app
        app(sys.argv[1:], prog_name="attribution")
""")


def make_corpus(folder: Path) -> dict[str, str]:
    folder.mkdir()
    texts = {}
    for i in range(N_DOCS):
        text = (f"Story {i}. The minister said on Monday that talks number {i} had failed, "
                f"according to sources who spoke to Reuters.\n\n\u201cWe will try again,\u201d an official said.\n")
        (folder / f"doc{i:02d}.txt").write_text(text, encoding="utf-8")
        texts[f"doc{i:02d}"] = text
    return texts


PROCESSES = pytest.mark.parametrize("processes", [
    pytest.param(["--threads", "1"], id="one-process"),
    pytest.param(["--workers", "2"], id="workers", marks=pytest.mark.slow),  # worker start-up: seconds each, CI runs it
])


def start(tmp_path: Path, src: Path, out: Path, model: Path, delay: float,
          processes: list[str] | None = None) -> subprocess.Popen:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = dict(os.environ, SLOW_REPLACE=str(delay), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, str(driver), "extract", str(src), "--out", str(out), "--model", str(model),
                             *(processes or ["--threads", "1"])], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, preexec_fn=_default_sigint)


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _default_sigint() -> None:
    """A shell that runs the suite in the background ignores SIGINT for its children;
    give the batch the terminal's default so Ctrl-C behaves as for a person."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_reports(proc: subprocess.Popen, out: Path, at_least: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.exists() and len([p for p in out.glob("doc*.json")]) >= at_least:
            return
        if proc.poll() is not None:
            raise AssertionError(f"batch ended early ({proc.returncode}): {proc.stderr.read()[-2000:]}")
        time.sleep(0.02)
    proc.kill()
    raise AssertionError("no reports appeared in time")


def visible_reports(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if not p.name.startswith("."))


def check_reports(out: Path, texts: dict[str, str]) -> list[str]:
    names = []
    for p in visible_reports(out):
        report = json.loads(p.read_text(encoding="utf-8"))  # complete JSON, never half a file
        assert report["text"] == texts[p.stem] and contract_errors(report, texts[p.stem]) == [], p.name
        names.append(p.stem)
    return names


@PROCESSES
def test_sigkill_mid_batch_then_rerun(tmp_path, tiny_model_dir, processes):
    texts = make_corpus(tmp_path / "in")
    out = tmp_path / "out"
    proc = start(tmp_path, tmp_path / "in", out, tiny_model_dir, delay=0.05, processes=processes)
    wait_for_reports(proc, out, at_least=3)
    time.sleep(0.07)
    workers = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers), "worker processes outlived the killed batch"
    done = check_reports(out, texts)
    assert 3 <= len(done) < N_DOCS, "the kill should land mid-batch"
    # whatever is left over is a hidden temporary file, never a report
    assert all(p.name.startswith(".tmp-") and p.suffix == ".json" for p in out.iterdir() if p.stem not in done)

    rerun = start(tmp_path, tmp_path / "in", out, tiny_model_dir, delay=0)
    stdout, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr[-2000:]
    assert f"{N_DOCS - len(done)} written, {len(done)} already done" in stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.json" for k in texts)  # temp files cleaned
    assert check_reports(out, texts) == sorted(texts)  # each document exactly once, none duplicated


@PROCESSES
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_cleanly_with_a_summary(tmp_path, tiny_model_dir, sig, processes):
    texts = make_corpus(tmp_path / "in")
    out = tmp_path / "out"
    proc = start(tmp_path, tmp_path / "in", out, tiny_model_dir, delay=0.05, processes=processes)
    wait_for_reports(proc, out, at_least=2)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("attribution extract: ") and last.endswith("(interrupted)")
    done = check_reports(out, texts)
    assert f"{len(done)} written" in last and 2 <= len(done) < N_DOCS
    assert not any(p.name.startswith(".tmp-") for p in out.iterdir())  # the write in flight cleaned up


def test_ctrl_c_while_the_model_loads(tmp_path, tiny_model_dir):
    make_corpus(tmp_path / "in")
    out = tmp_path / "out"
    proc = start(tmp_path, tmp_path / "in", out, tiny_model_dir, delay=0)
    deadline = time.monotonic() + 60
    while not out.exists() and time.monotonic() < deadline:  # --out is checked just before the model loads
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert list(out.iterdir()) == []


def test_stale_temp_files_of_dead_runs_are_removed_live_ones_kept(tmp_path):
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        names = [f".tmp-{live.pid}-abc.json", ".tmp-999999999-abc.json", ".tmp-legacyname.json", "keep.json",
                 f".tmp-{os.getpid()}-old.json"]
        for n in names:
            (tmp_path / n).write_text("{", encoding="utf-8")
        removed = clean_stale_temp_files(tmp_path)
        assert sorted(p.name for p in removed) == sorted([".tmp-999999999-abc.json", ".tmp-legacyname.json"])
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f".tmp-{live.pid}-abc.json", "keep.json",
                                                                      f".tmp-{os.getpid()}-old.json"])
    finally:
        live.kill()
        live.wait()
