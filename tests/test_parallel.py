"""Worker processes give the same reports, in the same order, as one process."""
from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from attribution.cli.main import app
from attribution.parallel import ProcessPoolAttributor
from attribution.pipeline import Attributor
from attribution.read import Document
from tests.folders import write_articles

TEXTS = [f"Officials said on day {i} that the talks had failed, according to Reuters. "
         f"\"We will not sign,\" the minister told reporters.\n\nMarkets fell {i}%." for i in range(11)]


def test_workers_match_one_process_in_order(tiny_model_dir):
    docs = [Document(f"d{i}", t) for i, t in enumerate(TEXTS)]
    one = _one_process(tiny_model_dir, docs)
    many = [r.to_dict() for r in ProcessPoolAttributor(2, tiny_model_dir, chunk=3).extract_documents(docs)]
    assert [r["doc_id"] for r in many] == [f"d{i}" for i in range(11)]
    assert many == one


def test_cli_workers_write_the_same_files(tiny_model_dir, tmp_path):
    write_articles(tmp_path / "in", TEXTS)
    runner = CliRunner()
    for out, extra in (("one", ["--threads", "1"]), ("two", ["--workers", "2"])):
        result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / out),
                                     "--model", str(tiny_model_dir), *extra])
        assert result.exit_code == 0, result.output
    one = {p.name: json.loads(p.read_text()) for p in (tmp_path / "one").iterdir()}
    two = {p.name: json.loads(p.read_text()) for p in (tmp_path / "two").iterdir()}
    assert len(one) == 11 and one == two


def test_a_missing_model_is_refused_before_any_worker_starts(tmp_path):
    result = CliRunner().invoke(app, ["extract", "-", "--format", "jsonl", "--workers", "2", "--model", str(tmp_path)],
                                input="The minister said so.")
    flat = " ".join(re.sub(r"[\u2500-\u257f]", " ", result.output).split())
    assert result.exit_code == 2 and "not a saved tagger" in flat


def test_auto_workers_one_per_core_for_a_folder_of_many_documents(tmp_path):
    from attribution.parallel import AUTO_MIN_DOCUMENTS, MAX_AUTO_WORKERS, auto_workers

    few, many = tmp_path / "few", tmp_path / "many" / "nested"
    few.mkdir()
    many.mkdir(parents=True)
    for i in range(3):
        (few / f"{i}.txt").write_text("x", encoding="utf-8")
    for i in range(AUTO_MIN_DOCUMENTS):
        (many / f"{i}.txt").write_text("x", encoding="utf-8")
    (many / "notes.bin").write_bytes(b"\0")  # not a document: not counted
    assert auto_workers([str(few)], cores=2) == 1  # a pool's start-up would cost more than it saves
    assert auto_workers([str(tmp_path / "many")], cores=2) == 2
    assert auto_workers([str(tmp_path / "many")], cores=64) == MAX_AUTO_WORKERS
    assert auto_workers([str(tmp_path / "many")], cores=1) == 1
    assert auto_workers([str(few), str(few / "0.txt")] * 2, cores=4) == 4  # files and folders add up
    assert auto_workers(["corpus.jsonl"], cores=2) == 2  # one JSONL file holds many documents
    assert auto_workers(["-"], cores=2) == 1


def test_cli_workers_auto_uses_a_pool_and_threads_keep_one_process(tiny_model_dir, tmp_path, pool_starts):
    write_articles(tmp_path / "in", TEXTS)
    runner = CliRunner()
    base = ["extract", str(tmp_path / "in"), "--model", str(tiny_model_dir)]
    assert runner.invoke(app, [*base, "--out", str(tmp_path / "auto")]).exit_code == 0
    assert pool_starts == [2] and len(list((tmp_path / "auto").iterdir())) == len(TEXTS)
    assert runner.invoke(app, [*base, "--out", str(tmp_path / "threads"), "--threads", "1"]).exit_code == 0
    assert pool_starts == [2]  # --threads asks for one in-process model
    for bad in ("0", "many", "-2"):
        result = runner.invoke(app, [*base, "--out", str(tmp_path / "bad"), "--workers", bad])
        assert result.exit_code == 2 and "--workers" in result.output, bad


def _one_process(model_dir, docs):
    return [r.to_dict() for r in Attributor.load(model_dir, threads=1).extract_documents(docs)]


def test_a_killed_worker_loses_nothing(tiny_model_dir, capsys):
    import multiprocessing
    import os
    import signal

    docs = [Document(f"d{i}", t) for i, t in enumerate(TEXTS)]
    reports = ProcessPoolAttributor(2, tiny_model_dir, chunk=2).extract_documents(docs)
    got = [next(reports).to_dict()]
    for victim in multiprocessing.active_children():  # no survivor can finish the rest unnoticed
        os.kill(victim.pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
    got += [r.to_dict() for r in reports]
    assert got == _one_process(tiny_model_dir, docs)
    assert "a worker process died" in capsys.readouterr().err
    assert not multiprocessing.active_children() or all(not p.is_alive() for p in multiprocessing.active_children())


def test_a_document_that_kills_its_worker_every_time_fails_alone(tiny_model_dir, monkeypatch):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    import attribution.parallel as parallel

    real = parallel._submit

    def dies_on_poison(pool, settings, chunk):
        if any(d.doc_id == "poison" for d in chunk):
            broken: Future = Future()
            broken.set_exception(BrokenProcessPool("a child process terminated abruptly"))
            return broken
        return real(pool, settings, chunk)

    monkeypatch.setattr(parallel, "_submit", dies_on_poison)
    docs = [Document(f"d{i}", t) for i, t in enumerate(TEXTS)]
    docs.insert(4, Document("poison", TEXTS[0]))
    failed: list[tuple[str, Exception]] = []
    got = [r.to_dict() for r in ProcessPoolAttributor(2, tiny_model_dir, chunk=3).extract_documents(
        docs, on_failure=lambda d, e: failed.append((d.doc_id, e)))]
    assert got == _one_process(tiny_model_dir, [d for d in docs if d.doc_id != "poison"])
    assert [(i, type(e).__name__) for i, e in failed] == [("poison", "WorkerDied")]


def _always_broken(pool, settings, chunk):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    broken: Future = Future()
    broken.set_exception(BrokenProcessPool("a child process terminated abruptly"))
    return broken


def test_workers_that_die_whatever_they_tag_hand_the_run_to_this_process(tiny_model_dir, monkeypatch, capsys):
    import attribution.parallel as parallel

    monkeypatch.setattr(parallel, "_submit", _always_broken)
    docs = [Document(f"d{i}", t) for i, t in enumerate(TEXTS)]
    failed: list[str] = []
    got = [r.to_dict() for r in ProcessPoolAttributor(2, tiny_model_dir, chunk=3).extract_documents(
        docs, on_failure=lambda d, e: failed.append(d.doc_id))]
    assert got == _one_process(tiny_model_dir, docs) and failed == []  # the suspects were not to blame
    assert f"died {parallel.DEATHS_BEFORE_GIVING_UP} times in a row" in capsys.readouterr().err


def test_a_refused_process_start_on_submit_goes_on_in_this_process(tiny_model_dir, monkeypatch, capsys):
    import concurrent.futures

    def refused(self, *args, **kwargs):
        raise BlockingIOError(11, "Resource temporarily unavailable")  # fork/exec refused: EAGAIN

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "submit", refused)
    docs = [Document(f"d{i}", t) for i, t in enumerate(TEXTS)]
    got = [r.to_dict() for r in ProcessPoolAttributor(2, tiny_model_dir).extract_documents(docs)]
    assert got == _one_process(tiny_model_dir, docs)
    assert "cannot start worker processes" in capsys.readouterr().err


def test_a_consumer_that_stops_early_ends_the_workers(tiny_model_dir):
    import multiprocessing
    import time

    docs = [Document(f"d{i}", t) for i, t in enumerate(TEXTS)]
    reports = ProcessPoolAttributor(2, tiny_model_dir, chunk=1).extract_documents(docs)
    next(reports)
    workers = multiprocessing.active_children()
    assert workers
    reports.close()  # GeneratorExit inside: the pool is stopped, its workers terminated
    deadline = time.monotonic() + 10
    while any(w.is_alive() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(w.is_alive() for w in workers)


def test_cgroup_quota_caps_the_cores(tmp_path):
    from attribution.parallel import cgroup_cpu_limit

    (tmp_path / "cpu.max").write_text("200000 100000\n")
    assert cgroup_cpu_limit(tmp_path) == 2.0
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert cgroup_cpu_limit(tmp_path) is None
    v1 = tmp_path / "v1"
    (v1 / "cpu").mkdir(parents=True)
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("150000")
    (v1 / "cpu" / "cpu.cfs_period_us").write_text("100000")
    assert cgroup_cpu_limit(v1) == 1.5
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("-1")
    assert cgroup_cpu_limit(v1) is None
    assert cgroup_cpu_limit(tmp_path / "missing") is None


def test_where_no_process_can_start_the_run_goes_on_in_this_one(tiny_model_dir, monkeypatch, capsys):
    import concurrent.futures

    def no_processes(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_processes)
    docs = [Document(f"d{i}", t) for i, t in enumerate(TEXTS[:3])]
    got = [r.to_dict() for r in ProcessPoolAttributor(2, tiny_model_dir).extract_documents(docs)]
    assert got == _one_process(tiny_model_dir, docs)
    assert "cannot start worker processes" in capsys.readouterr().err
