#!/usr/bin/env python
"""Peak memory of a batch run, at two corpus sizes, to show it does not grow with the corpus.

Generates ``--docs`` short news-like articles (default 10,000; deterministic,
one ``.txt`` each) in a temporary folder, then runs
``attribution extract DIR --out OUT --model M`` in a subprocess on the first
N/10 of them and on all N.  Peak RSS is taken two ways: ``ru_maxrss`` of
``getrusage(RUSAGE_CHILDREN)`` in a small wrapper process that runs only that
one command, and the ``VmHWM`` high-water mark polled from ``/proc/PID/status``
every 50 ms, plus the RSS of the whole process tree (the parent and its
``--workers``), polled.  Streaming means the peaks should be about the same (models
+ a few documents in flight), whatever N is; the growth figure is the tree's.

Commands (run from the repository root, in the venv)::

    # the full measurement with the released model (a few minutes on 2 cores), as the CLI
    # runs by default (--workers auto: one worker per core), then in one process
    python scripts/bench_memory.py --model models/attribution-tagger --docs 10000
    python scripts/bench_memory.py --model models/attribution-tagger --docs 10000 --workers 1
    # the same on the torch engine (fp32)
    python scripts/bench_memory.py --model models/attribution-tagger --docs 10000 --engine torch
    # a smoke run with a tiny random model (numbers meaningless, checks the script)
    python scripts/bench_memory.py --tiny --docs 200

Prints a JSON summary, then a markdown table (``--json-out FILE`` also saves the JSON).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import add_model_args, cli_path, markdown_table, news_article, resolve_model  # noqa: E402

# Runs one command, polls its VmHWM, and prints {"rc", "maxrss_kb", "vmhwm_kb", "seconds"} as JSON.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
hwm = 0
tree = 0
import os
def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
def descendants(root):
    kids = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += kids.get(pid, [])
    return out
def poll():
    global hwm, tree
    try:
        with open(f"/proc/{proc.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
    except OSError:
        pass
    tree = max(tree, sum(rss_kb(p) for p in descendants(proc.pid)))
import threading
err = []
t = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
t.start()
while proc.poll() is None:
    poll()
    time.sleep(0.05)
t.join()
secs = time.perf_counter() - t0
print(json.dumps({"rc": proc.returncode, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "vmhwm_kb": hwm, "tree_rss_kb": tree, "seconds": secs, "stderr_tail": err[0].decode(errors="replace")[-2000:]}))
"""


def write_corpus(folder: Path, n: int, seed: int = 29) -> int:
    """``n`` short articles (4-8 sentences) as ``doc-00000.txt`` ...; returns total characters."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        text = news_article(rng, rng.randint(4, 8))
        (folder / f"doc-{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def measure(inp: Path, out: Path, model: Path, engine: str, threads: int | None, workers: str = "auto") -> dict:
    cmd = [cli_path(), "extract", str(inp), "--out", str(out), "--model", str(model), "--engine", engine]
    cmd += ["--workers", str(workers)]
    cmd += ["--threads", str(threads)] if threads else []
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"wrapper failed: {proc.stderr[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    if res["rc"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {res['rc']}: {res['stderr_tail']}")
    written = sum(1 for _ in out.glob("*.json"))
    return {"documents": written, "seconds": round(res["seconds"], 2), "docs_per_s": round(written / res["seconds"], 2),
            "peak_rss_mb": round(res["maxrss_kb"] / 1024, 1), "peak_vmhwm_mb": round(res["vmhwm_kb"] / 1024, 1),
            "peak_tree_rss_mb": round(res["tree_rss_kb"] / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog="See the module docstring for the exact commands.")
    add_model_args(p)
    p.add_argument("--docs", type=int, default=10_000, help="corpus size N (default 10000); N/10 is measured too")
    p.add_argument("--engine", choices=("onnx", "torch"), default="onnx",
                   help="inference engine, at its default precision (onnx: int8, the CLI default; torch: fp32)")
    p.add_argument("--threads", type=int, default=None, help="passed to attribution extract --threads")
    p.add_argument("--workers", default="auto",
                   help="passed to attribution extract --workers (default auto, as the CLI: one worker per core for "
                        "folders; the process tree's peak RSS then sums the workers)")
    p.add_argument("--keep", help="generate into / keep this folder instead of a temporary one")
    p.add_argument("--json-out", help="also write the JSON summary here")
    args = p.parse_args(argv)
    if args.docs < 10:
        p.error("--docs must be at least 10")

    keep: list = []
    model = resolve_model(args, keep)
    tmp = tempfile.TemporaryDirectory(prefix="bench-mem-") if not args.keep else None
    base = Path(args.keep) if args.keep else Path(tmp.name)
    small_n = args.docs // 10
    big_dir, small_dir = base / "corpus", base / "corpus-small"
    t0 = time.perf_counter()
    chars = write_corpus(big_dir, args.docs)
    small_dir.mkdir(parents=True, exist_ok=True)
    for i in range(small_n):  # the first N/10 documents, the same bytes
        name = f"doc-{i:05d}.txt"
        (small_dir / name).write_bytes((big_dir / name).read_bytes())
    gen_s = time.perf_counter() - t0

    runs = []
    for n, folder in ((small_n, small_dir), (args.docs, big_dir)):
        out = base / f"out-{n}"
        if out.exists():  # a kept folder from an earlier run: start clean so nothing is skipped
            for f in out.glob("*.json"):
                f.unlink()
        r = measure(folder, out, model, args.engine, args.threads, args.workers)
        r["corpus_docs"] = n
        runs.append(r)
    # the whole process tree: with workers the parent alone is not the memory the run takes
    growth = runs[1]["peak_tree_rss_mb"] / runs[0]["peak_tree_rss_mb"] if runs[0]["peak_tree_rss_mb"] else None
    result = {"model": str(model), "tiny": bool(args.tiny), "workers": args.workers, "inference": "onnx int8" if args.engine == "onnx" else "torch fp32",
              "corpus": {"docs": args.docs, "chars": chars, "avg_chars": round(chars / args.docs), "generate_s": round(gen_s, 2)},
              "runs": runs, "peak_rss_growth_x": round(growth, 3) if growth else None}
    print(json.dumps(result, indent=1))
    print()
    print(f"Peak memory of `attribution extract DIR --out OUT` ({result['inference']}, model `{Path(model).name}`"
          + (", tiny random model: smoke test only" if args.tiny else "") + ")")
    print()
    print(markdown_table(["documents", "seconds (whole process)", "docs/s (incl. start-up)", "peak RSS (MB, ru_maxrss)", "peak VmHWM (MB, polled)", "peak RSS of the process tree (MB, polled)"],
                         [[r["corpus_docs"], r["seconds"], r["docs_per_s"], r["peak_rss_mb"], r["peak_vmhwm_mb"], r["peak_tree_rss_mb"]] for r in runs]))
    print()
    print(f"Peak RSS of the process tree at N={args.docs} is {result['peak_rss_growth_x']}x the peak at N={small_n}.")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
