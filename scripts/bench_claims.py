"""Score `attribution claims` on a split of the claims corpus (corpus/claims/<split>/).

    python scripts/bench_claims.py corpus/claims/train                 # extract, cluster, score
    python scripts/bench_claims.py corpus/claims/train --sweep         # thresholds (train only!)
    python scripts/bench_claims.py corpus/claims/test --json docs/bench-claims-test.json   # once, at the end
    python scripts/bench_claims.py corpus/claims/train --oracle-statements   # grouping alone (train only!)
    python scripts/bench_claims.py corpus/claims/train --oracle-statements --oracle-noise --reports DIR

The articles are run through the released model (`attribution extract`, reports cached in
``--reports DIR``), with the split's gold.json `documents` as metadata (outlet, published),
exactly as `attribution claims DOCS --meta gold.json` does.  Prints pairwise P/R/F1 of the
clusters, per-flag precision and recall, and origin accuracy (attribution/claims/score.py).
The test split is frozen: run it once, and report only these aggregates.

``--oracle-statements`` splits the error between extraction and grouping: instead of the
extractor's statements, the grouping gets *ideal* ones built from the gold itself
(:func:`oracle_items`): one statement per gold member (its exact text and span, its document's
outlet and date, its voice, source, chain, hedge and denial as annotated) and one per ``also``
piece (a headline restatement, in the writer's voice).  The same embedding, pair model, linkage
and scorer then run on them, so the F1 left below 1.0 is the grouping's own, and the gap between
it and the end-to-end F1 is what the statements cost.  Gold members only make no noise; with
``--oracle-noise`` the extractor's statements that stand for no gold member (sentences that carry
no clustered claim) are added, as distractors the grouping must keep apart.  It reads the gold,
so it is refused on the test split.
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


def oracle_items(corpus, noise: list | None = None) -> list:
    """Ideal statements from the gold of a loaded claims split (``build_claims_corpus.load_split``):
    one :class:`~attribution.claims.items.ClaimItem` per gold member and per ``also`` piece, with
    ``noise`` (extracted items that stand for no gold member) appended.

    A member's statement is attributed (an ``attribution`` id of its own, ``g:<cluster>:<member>``)
    or in the writer's voice as annotated; ``source``/``chain``/``ends_anonymous`` come from the
    gold (the chain's first link is the source entity), ``hedge`` makes it hedged, ``denies`` makes
    its certainty ``denied``.  ``sentence`` numbers the document's statements by position, so the
    scorer's origin lookup (document, attribution, sentence) finds exactly one; ``headline`` is
    whether the piece lies on the document's first line."""
    from attribution.claims.items import ClaimItem

    documents = corpus.gold.get("documents", {})
    rows = []
    for cluster in corpus.clusters():
        for m in cluster["members"]:
            text = corpus.articles[m["doc"]].text
            pieces = [(m["text"], m.get("voice") == "attributed")] + [(also, False) for also in m.get("also", [])]
            for piece, attributed in pieces:
                start = text.find(piece)
                if start < 0:
                    raise ValueError(f"{cluster['id']}/{m['id']}: {piece!r} not in {m['doc']}")
                rows.append((m["doc"], start, piece, attributed, cluster["id"], m, text))
    order = {}
    for doc, start, *_ in sorted(rows, key=lambda r: (r[0], r[1])):
        order.setdefault(doc, {}).setdefault(start, len(order[doc]))
    items = []
    for doc, start, piece, attributed, cluster_id, m, text in rows:
        meta = documents.get(doc, {})
        first_line_end = text.find("\n") if "\n" in text else len(text)
        hedge = m.get("hedge") if attributed else None
        chain = list(m.get("chain", [])) if attributed else []
        items.append(ClaimItem(
            doc_id=doc, attribution=f"g:{cluster_id}:{m['id']}" if attributed else None,
            sentence=order[doc][start], text=piece, outlet=meta.get("outlet"), date=meta.get("published"),
            source=m.get("source") if attributed else None, source_entity=chain[0] if chain else None,
            anonymous_end=bool(m.get("ends_anonymous")) if attributed else False, chain=chain,
            hedges=[hedge] if hedge else [], hedged=bool(hedge),
            certainty=("denied" if m.get("denies") else "hedged" if hedge else "stated") if attributed else None,
            headline=start < first_line_end, spans=[[start, start + len(piece)]]))
    return items + list(noise or [])


def unmatched_items(items: list, corpus) -> list:
    """The extracted ``items`` that stand for no gold member (the scorer's matching): the noise statements."""
    from attribution.claims.score import gold_pieces, match_member

    texts = {doc_id: a.text for doc_id, a in corpus.articles.items()}
    pieces = gold_pieces(corpus.gold, texts)
    return [it for it in items if match_member({"doc_id": it.doc_id, "spans": it.spans}, pieces) is None]


def fmt(v) -> str:
    return "–" if v is None else f"{v:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", type=Path)
    parser.add_argument("--reports", type=Path, help="cache folder for the split's reports")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--sweep", action="store_true", help="score a range of thresholds (never on test)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--oracle-statements", action="store_true",
                        help="group ideal statements built from the gold instead of the extractor's (train only!)")
    parser.add_argument("--oracle-noise", action="store_true",
                        help="with --oracle-statements: add the extracted statements that match no gold member")
    args = parser.parse_args(argv)

    from attribution.claims.embed import ClaimEncoder
    from attribution.claims.group import THRESHOLD
    from attribution.claims.items import load_metadata
    from attribution.claims.run import build_claims, collect_items
    from attribution.claims.score import score_claims

    split = args.split.resolve()
    if args.sweep and "test" in split.name:
        parser.error("the test split is frozen: no sweeps on it")
    if args.oracle_statements and "test" in split.name:
        parser.error("the test split is frozen: no oracle runs on it")
    if args.oracle_noise and not args.oracle_statements:
        parser.error("--oracle-noise goes with --oracle-statements")
    corpus = _corpus_loader().load_split(split)
    texts = {doc_id: a.text for doc_id, a in corpus.articles.items()}
    started = time.perf_counter()
    if args.oracle_statements and not args.oracle_noise:
        reports = []
        items = oracle_items(corpus)
    else:
        reports = reports_of(split, args.reports)
        items = collect_items(reports, load_metadata(split / "gold.json"))
        if args.oracle_statements:
            items = oracle_items(corpus, unmatched_items(items, corpus))
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
                                         "statements": "oracle+noise" if args.oracle_noise else
                                         "oracle" if args.oracle_statements else "extracted",
                                         "results": {str(k): v for k, v in results.items()}}, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
