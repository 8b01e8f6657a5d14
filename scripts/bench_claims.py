"""Score `attribution claims` on a split of the claims corpus (corpus/claims/<split>/).

    python scripts/bench_claims.py corpus/claims/train                 # extract, cluster, score
    python scripts/bench_claims.py corpus/claims/train --sweep         # thresholds (train only!)
    python scripts/bench_claims.py corpus/claims/test --json docs/bench-claims-test.json   # once, at the end

The articles are run through the released model (`attribution extract`, reports cached in
``--reports DIR``), with the split's gold.json `documents` as metadata (outlet, published),
exactly as `attribution claims DOCS --meta gold.json` does.  Prints pairwise P/R/F1 of the
clusters, per-flag precision and recall, and origin accuracy (attribution/claims/score.py).
The test split is frozen: run it once, and report only these aggregates.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _corpus_loader():
    spec = importlib.util.spec_from_file_location("build_claims_corpus", ROOT / "scripts" / "build_claims_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_claims_corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def reports_of(split: Path, cache: Path | None) -> list:
    """The split's reports: loaded from ``cache`` when there, else extracted (and cached)."""
    from attribution.report.load import load_report, reports_for

    docs = sorted((split / "docs").glob("*.txt"))
    if cache and cache.is_dir() and len(list(cache.glob("*.json"))) == len(docs):
        return [load_report(p) for p in sorted(cache.glob("*.json"))]
    reports = [r for r in reports_for([str(split / "docs")]) if not isinstance(r, str)]
    if cache:
        from attribution.batch import report_json

        cache.mkdir(parents=True, exist_ok=True)
        for r in reports:
            (cache / f"{r.doc_id}.json").write_text(report_json(r), encoding="utf-8")
    return reports


def fmt(v) -> str:
    return "–" if v is None else f"{v:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", type=Path)
    parser.add_argument("--reports", type=Path, help="cache folder for the split's reports")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--sweep", action="store_true", help="score a range of thresholds (never on test)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)

    from attribution.claims.embed import ClaimEncoder
    from attribution.claims.group import THRESHOLD
    from attribution.claims.items import load_metadata
    from attribution.claims.run import build_claims, collect_items
    from attribution.claims.score import score_claims

    split = args.split.resolve()
    if args.sweep and "test" in split.name:
        parser.error("the test split is frozen: no sweeps on it")
    corpus = _corpus_loader().load_split(split)
    texts = {doc_id: a.text for doc_id, a in corpus.articles.items()}
    started = time.perf_counter()
    reports = reports_of(split, args.reports)
    items = collect_items(reports, load_metadata(split / "gold.json"))
    vectors = ClaimEncoder().encode([it.text for it in items])
    thresholds = [round(0.30 + 0.05 * k, 2) for k in range(11)] if args.sweep else [args.threshold or THRESHOLD]
    results = {}
    for threshold in thresholds:
        records = build_claims(items, vectors, threshold)
        s = score_claims(records, corpus.gold, texts)
        results[threshold] = s
        pw = s["pairwise"]
        flags = "  ".join(f"{f}: P {fmt(v['precision'])} R {fmt(v['recall'])} ({v['gold']})" for f, v in s["flags"].items())
        print(f"threshold {threshold:.2f}: pairwise P {pw['precision']:.3f} R {pw['recall']:.3f} F1 {pw['f1']:.3f}; "
              f"clusters {s['clusters']['predicted']} (gold {s['clusters']['gold']}, found {s['clusters']['gold_found']}); "
              f"origin {fmt(s['origin']['accuracy'])} ({s['origin']['right']}/{s['origin']['of']})\n    {flags}")
    print(f"{len(reports)} reports, {len(items)} claim items, {time.perf_counter() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps({"split": str(args.split), "items": len(items), "documents": len(reports),
                                         "results": {str(k): v for k, v in results.items()}}, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
