#!/usr/bin/env python3
"""What each assembly step is worth: every gold set scored with all steps, then with each step left out.

Equal to running ``attribution evaluate GOLD --disable NAME`` once per step (tagging is
deterministic, so each corpus is tagged once here and only the assembly is re-run).
Writes docs/bench-steps.json and prints a Markdown table: the change in attribution F1
(cue exact) and in the fields a step exists for, when that step is disabled.

    python scripts/step_worth.py --polnear ../shared/data/polnear [--authored corpus/authored/dev.jsonl]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.assemble.build import DEFAULT_STEPS, build_report  # noqa: E402
from attribution.assemble.step import STEPS  # noqa: E402
from attribution.evaluation.evaluate import load_gold  # noqa: E402
from attribution.evaluation.scorer import score  # noqa: E402
from attribution.pipeline import Attributor  # noqa: E402

FIELDS = ("via", "chain", "source_kind", "coreference", "recipient", "hedges", "publisher", "act", "floating")


def measures(result: dict) -> dict[str, float | None]:
    out: dict[str, float | None] = {"attribution": result["attribution"]["f1"]}
    for name in FIELDS:
        f = result["fields"].get(name, {})
        out[name] = f.get("accuracy", f.get("f1"))
    return out


def worth(attributor: Attributor, docs, tagged) -> dict:
    def run(disable: tuple[str, ...]) -> dict:
        preds = [build_report(d.doc_id, d.text, t, calibrate=attributor.calibrate, disable=disable,
                              retag=attributor.retagger(d.text))  # nested reports re-read by the tagger
                 for d, t in zip(docs, tagged)]
        return measures(score(zip(docs, preds), extended=True))

    table = {"all steps": run(())}
    for name in DEFAULT_STEPS:
        if not STEPS[name].required:
            table[name] = run((name,))
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", help="PolNeAR root (its dev split is scored)")
    parser.add_argument("--authored", default=str(ROOT / "corpus" / "authored" / "dev.jsonl"))
    parser.add_argument("--chains", default=str(ROOT / "corpus" / "chains" / "train.jsonl"),
                        help="short wire items with chains, acts and floating quotes (a train part: the new steps' check)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "bench-steps.json"))
    args = parser.parse_args()
    attributor = Attributor.load()
    golds = {"authored dev": load_gold(args.authored)}
    if args.chains and Path(args.chains).exists():
        golds["chains train"] = load_gold(args.chains)
    if args.polnear:
        golds["PolNeAR dev"] = load_gold(args.polnear, "dev")
    results = {}
    for name, docs in golds.items():
        tagged = list(attributor.tagger.tag_many(d.text for d in docs))
        results[name] = worth(attributor, docs, tagged)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    names = list(golds)
    print("| step disabled | " + " | ".join(f"{n}: attribution F1 / step's field" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for step in results[names[0]]:
        cells = []
        for n in names:
            base, row = results[n]["all steps"], results[n][step]
            delta = row["attribution"] - base["attribution"]
            changed = [f"{k} {row[k] - base[k]:+.3f}" for k in FIELDS
                       if row[k] is not None and base[k] is not None and abs(row[k] - base[k]) >= 0.0005]
            cells.append(f"{row['attribution']:.3f}" + ("" if step == "all steps" else f" ({delta:+.3f})")
                         + (f"; {', '.join(changed)}" if changed and step != "all steps" else ""))
        print(f"| {step} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
