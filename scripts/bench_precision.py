#!/usr/bin/env python
"""What each inference engine and precision costs in accuracy, and what it buys in time.

Scores PolNeAR dev (``attribution evaluate``'s function) once per configuration,
with the same model and the same rules, and times the whole pass (tagging,
assembly and scoring of all dev documents, model already loaded):

* onnx int8  (the default: ONNX Runtime, int8 weights per output channel)
* onnx fp32  (ONNX Runtime, full precision)
* torch fp32 (eager PyTorch)
* torch int8 (PyTorch dynamic quantization, per-tensor)

Command (from the repository root, in the venv)::

    python scripts/bench_precision.py --polnear ../shared/data/polnear --threads 2

Prints a JSON summary and a markdown table (``--json-out FILE`` also saves the JSON).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import markdown_table  # noqa: E402

CONFIGS = (("onnx", True), ("onnx", False), ("torch", False), ("torch", True))
METRICS = ("attribution_f1", "cue_exact_f1", "source_overlap_f1", "content_overlap_f1")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--polnear", required=True, help="PolNeAR root (with dev/)")
    p.add_argument("--model", default=None, help="model folder (default: the released model)")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--limit", type=int, default=None, help="score only the first N dev documents")
    p.add_argument("--json-out")
    args = p.parse_args(argv)

    from attribution.evaluation.evaluate import evaluate
    from attribution.pipeline import Attributor

    rows = []
    for engine, int8 in CONFIGS:
        att = Attributor.load(args.model, quantize=int8, threads=args.threads, engine=engine)
        t0 = time.perf_counter()
        summary = evaluate(args.polnear, attributor=att, limit=args.limit)["summary"]
        rows.append({"engine": engine, "precision": "int8" if int8 else "fp32",
                     "seconds": round(time.perf_counter() - t0, 1), **{m: summary[m] for m in METRICS}})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    base = next(r for r in rows if r["engine"] == "onnx" and r["precision"] == "fp32")
    for r in rows:
        r["attribution_f1_cost_points"] = round(100 * (base["attribution_f1"] - r["attribution_f1"]), 2)
    result = {"model": args.model or "released", "threads": args.threads, "limit": args.limit, "runs": rows}
    print(json.dumps(result, indent=1))
    print()
    print(markdown_table(["engine", "precision", "attribution F1", "cost (points)", "cue exact F1", "source overlap F1",
                          "content overlap F1", "seconds for dev"],
                         [[r["engine"], r["precision"], r["attribution_f1"], r["attribution_f1_cost_points"],
                           r["cue_exact_f1"], r["source_overlap_f1"], r["content_overlap_f1"], r["seconds"]] for r in rows]))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
