#!/usr/bin/env python3
"""The entity layer's figures: coreference accuracy and entity-grouping pairwise F1.

For each gold set, twice: with gold spans through the assembly (``oracle``: the entity
layer alone) and with the released model (``model``: the whole tool).  Sets:

* ``corpus/entities/test.jsonl``: the frozen entity test part (written before any tuning);
* ``corpus/entities/train.jsonl``: what the ranker was trained and the rules tuned on;
* ``corpus/chains/train.jsonl`` and ``corpus/chains/test.jsonl``: short wire items with entity keys;
* PolNeAR dev's sources keyed by CoreNLP's silver coreference chains (machine-made: a
  reference, never a judge), with ``--polnear``.

Writes docs/bench-entities.json and prints a Markdown table.

    python scripts/bench_entities.py --polnear ../shared/data/polnear
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.assemble.build import build_report  # noqa: E402
from attribution.evaluation.evaluate import load_gold  # noqa: E402
from attribution.evaluation.scorer import score  # noqa: E402
from attribution.pipeline import Attributor  # noqa: E402
from attribution.read import Document  # noqa: E402
from attribution.tag.oracle import oracle_tagged  # noqa: E402

SETS = {
    "entities test (frozen)": ROOT / "corpus" / "entities" / "test.jsonl",
    "entities test2 (frozen, second part)": ROOT / "corpus" / "entities" / "test2.jsonl",
    "entities test3 (frozen, third part)": ROOT / "corpus" / "entities" / "test3.jsonl",
    "entities test4 (frozen, fourth part)": ROOT / "corpus" / "entities" / "test4.jsonl",
    "entities test5 (frozen, fifth part)": ROOT / "corpus" / "entities" / "test5.jsonl",
    "entities test6 (frozen, sixth part)": ROOT / "corpus" / "entities" / "test6.jsonl",
    "entities test7 (frozen, seventh part)": ROOT / "corpus" / "entities" / "test7.jsonl",
    "entities test8 (frozen, eighth part)": ROOT / "corpus" / "entities" / "test8.jsonl",
    "entities test9 (frozen, ninth part)": ROOT / "corpus" / "entities" / "test9.jsonl",
    "entities test10 (frozen, tenth part)": ROOT / "corpus" / "entities" / "test10.jsonl",
    "entities test11 (frozen, eleventh part)": ROOT / "corpus" / "entities" / "test11.jsonl",
    "entities test12 (frozen, twelfth part)": ROOT / "corpus" / "entities" / "test12.jsonl",
    "entities test13 (frozen, thirteenth part)": ROOT / "corpus" / "entities" / "test13.jsonl",
    "entities test14 (frozen, fourteenth part)": ROOT / "corpus" / "entities" / "test14.jsonl",
    "entities test15 (frozen, fifteenth part)": ROOT / "corpus" / "entities" / "test15.jsonl",
    "entities test16 (frozen, sixteenth part)": ROOT / "corpus" / "entities" / "test16.jsonl",
    "entities test17 (frozen, seventeenth part)": ROOT / "corpus" / "entities" / "test17.jsonl",
    "entities test18 (frozen, eighteenth part)": ROOT / "corpus" / "entities" / "test18.jsonl",
    "entities test19 (frozen, nineteenth part)": ROOT / "corpus" / "entities" / "test19.jsonl",
    "entities train (tuned on)": ROOT / "corpus" / "entities" / "train.jsonl",
    "chains train": ROOT / "corpus" / "chains" / "train.jsonl",
    "chains test (frozen)": ROOT / "corpus" / "chains" / "test.jsonl",
}


def polnear_silver(root: Path) -> list:
    """PolNeAR dev with each gold source keyed by the silver chain holding a mention that ends where it
    ends; ``resolves_to`` is the chain's representative mention when the source is not it."""
    chains = {}
    for line in (root / "corenlp-silver" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        chains[rec["doc_id"]] = rec["chains"]
    docs = []
    for doc in load_gold(str(root), "dev"):
        by_end = {}
        for i, chain in enumerate(chains.get(doc.doc_id, [])):
            rep = next((m["text"] for m in chain if m.get("representative")), chain[0]["text"])
            for m in chain:
                by_end[m["end"]] = (f"c{i}", rep)
        for a in doc.attributions:
            if a.source:
                hit = by_end.get(a.source[-1][1])
                if hit:
                    a.entity = hit[0]
                    text = doc.text[a.source[0][0]:a.source[-1][1]]
                    a.resolves_to = hit[1] if hit[1] != text else None
        docs.append(doc)
    return docs


def figures(docs, attributor: Attributor | None) -> dict:
    """The figures of ``docs`` on gold spans, and with ``attributor``'s tagger unless it is ``None``."""
    out = {}
    for mode in ("oracle", "model") if attributor is not None else ("oracle",):
        if mode == "oracle":
            calibrate = attributor.calibrate if attributor is not None else None
            preds = [build_report(d.doc_id, d.text, oracle_tagged(d), calibrate=calibrate) for d in docs]
        else:
            preds = list(attributor.extract_documents(Document(d.doc_id, d.text) for d in docs))
        result = score(zip(docs, preds))
        f = result["fields"]
        out[mode] = {"documents": len(docs), "attribution_f1": result["attribution"]["f1"],
                     "coreference_accuracy": f.get("coreference", {}).get("accuracy"),
                     "coreference_n": f.get("coreference", {}).get("total"),
                     "grouping_precision": f.get("entity_grouping", {}).get("precision"),
                     "grouping_recall": f.get("entity_grouping", {}).get("recall"),
                     "grouping_f1": f.get("entity_grouping", {}).get("f1"),
                     "grouping_gold_pairs": f.get("entity_grouping", {}).get("gold")}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", help="PolNeAR root with corenlp-silver/ (dev sources against silver chains)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "bench-entities.json"))
    parser.add_argument("--train-only", action="store_true",
                        help="skip the frozen test parts (for measuring a change while tuning)")
    parser.add_argument("--gold-spans-only", action="store_true",
                        help="only the assembly on gold spans (no tagger: the entity layer alone, fast on CPU)")
    args = parser.parse_args()
    attributor = None if args.gold_spans_only else Attributor.load()
    sets = {name: path for name, path in SETS.items() if not (args.train_only and "frozen" in name)}
    results = {name: figures(load_gold(str(path)), attributor) for name, path in sets.items() if path.exists()}
    if args.polnear:
        results["PolNeAR dev vs silver chains"] = figures(polnear_silver(Path(args.polnear)), attributor)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print("| set | spans | coreference accuracy (n) | grouping P / R / F1 (gold pairs) |")
    print("|---|---|---|---|")
    for name, r in results.items():
        for mode, f in r.items():
            coref = "–" if f["coreference_accuracy"] is None else f"{f['coreference_accuracy']:.3f} ({f['coreference_n']})"
            group = "–" if f["grouping_f1"] is None else (
                f"{f['grouping_precision']:.3f} / {f['grouping_recall']:.3f} / **{f['grouping_f1']:.3f}** "
                f"({f['grouping_gold_pairs']})")
            print(f"| {name} | {'gold' if mode == 'oracle' else 'model'} | {coref} | {group} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
