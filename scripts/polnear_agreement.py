#!/usr/bin/env python
"""How far PolNeAR's annotators agree with each other, and the model with them, on the same documents.

Every pair of annotations of a multiply-annotated PolNeAR document is scored with
the project's scorer (one side as gold; exact-match F1 is symmetric), and the model
against every annotation of the same documents (see
``attribution/evaluation/agreement.py``).  The ``annotator-training`` articles are in
neither train nor dev; the model's training read the first annotation of each train
document, so the train column flatters it.

Command (from the repository root, in the venv)::

    python scripts/polnear_agreement.py --polnear ../shared/data/polnear --json-out docs/bench-agreement.json

Prints a JSON summary, then a markdown table.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from attribution.evaluation.agreement import AGREEMENT_SPLITS, agreement_table, polnear_agreement


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--polnear", required=True, help="PolNeAR root (with annotator-training/, train/, dev/)")
    p.add_argument("--splits", nargs="+", default=list(AGREEMENT_SPLITS))
    p.add_argument("--model", help="model folder (default: the released model)")
    p.add_argument("--no-model", action="store_true", help="annotators only")
    p.add_argument("--json-out", help="also write the JSON summary here")
    args = p.parse_args(argv)

    attributor = None
    if not args.no_model:
        from attribution.pipeline import Attributor

        attributor = Attributor.load(args.model)
    results = polnear_agreement(args.polnear, attributor, tuple(args.splits))
    print(json.dumps(results, indent=1))
    print()
    print(agreement_table(results))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
