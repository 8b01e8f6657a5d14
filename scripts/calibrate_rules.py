"""Calibrate the confidence of attributions that assembly rules make, not the tagger.

The released calibration (``calibration.json``, table ``model``) maps the tagger's raw
score to the share of attributions that are right, fitted on PolNeAR dev. Some
attributions are made by assembly steps with a raw score the step sets: a floating
quotation given to the speaker named before it, a report nested inside a report, a
citation clause ("citing anonymous sources"), a headline's dash, a claim marked only by a
hedge. Their raw scores are the steps' guesses, and mapping them through the tagger's table
says nothing about how often they are right. This script measures it per rule on gold sets
with those constructions and, for each rule with enough attributions, fits a table of its own
where that lowers the expected calibration error on held-out documents:

    python scripts/calibrate_rules.py corpus/authored/train.jsonl corpus/authored/dev.jsonl \\
        corpus/chains/train.jsonl corpus/entities/train.jsonl --write --json docs/calibration-rules.json

Correctness is the calibration's own: an attribution is right when it matches a gold
attribution by cue overlap (the scorer's matching). The error of each choice is measured by
two-fold cross-fitting over documents (fit on one half, measure on the other), so a rule's
table is shipped only if it beats the tagger's table on attributions it was not fitted on.
``--write`` adds the shipped tables to the model's ``calibration.json`` beside ``model``
(which stays as fitted on PolNeAR dev). Only train and dev sets belong here, never a frozen
test part.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MIN_ATTRIBUTIONS = 30
"""A rule with fewer attributions over the gold sets keeps the tagger's table: too few to fit bins on."""

PER_BIN = 25
"""About this many attributions per bin (at most the calibration's default number of bins)."""


def rule_observations(gold_paths: list[str], model_dir: str | None) -> list[tuple[str, float, bool, str]]:
    """(rule, raw score, right?, document id) for every predicted attribution on the gold sets."""
    from attribution.assemble.build import Assembler
    from attribution.assemble.steps.finish import raw_confidence
    from attribution.evaluation.evaluate import load_gold
    from attribution.evaluation.scorer import Scores, score_document
    from attribution.pipeline import Attributor
    from attribution.schema import Report

    attributor = Attributor.load(model_dir)
    assembler = Assembler()
    seen: list[tuple[str, float, bool, str]] = []
    for path in gold_paths:
        docs = load_gold(path)
        for doc, tagged in zip(docs, attributor.tagger.tag_many(d.text for d in docs)):
            state = assembler.run(doc.doc_id, doc.text, tagged, retag=attributor.retagger(doc.text))
            report = Report(doc_id=doc.doc_id, path=None, publisher=state.publisher, sentences=state.sentences,
                            attributions=state.attributions, sources=state.sources, text=doc.text)
            scores = Scores()
            score_document(doc, report, scores, extended=False)
            # the attributions step numbers state.drafts in order: draft i is attribution i
            for draft, (_, right) in zip(state.drafts, scores.confidence, strict=True):
                seen.append((draft.rule, raw_confidence(draft), right, f"{path}#{doc.doc_id}"))
    return seen


def bins_for(n: int) -> int:
    from attribution.evaluation.calibration import DEFAULT_BINS

    return max(1, min(DEFAULT_BINS, n // PER_BIN))


def cross_fitted(rows: list[tuple[float, bool, str]], base: dict | None) -> dict:
    """Expected calibration error of the rule's own table and of the tagger's, on held-out halves."""
    from attribution.evaluation.calibration import apply_calibration, fit_calibration, reliability_table

    docs = sorted({d for _, _, d in rows})
    fold_of = {d: i % 2 for i, d in enumerate(docs)}
    own: list[tuple[float, bool]] = []
    for k in (0, 1):
        train = [(s, ok) for s, ok, d in rows if fold_of[d] != k]
        if not train:
            return {}
        table = fit_calibration([s for s, _ in train], [ok for _, ok in train], bins_for(len(train)))
        own += [(apply_calibration({"model": table}, s), ok) for s, ok, d in rows if fold_of[d] == k]
    tagger = [(apply_calibration(base, s), ok) for s, ok, _ in rows]
    raw = [(s, ok) for s, ok, _ in rows]

    def ece(pairs: list[tuple[float, bool]]) -> float:
        return reliability_table([c for c, _ in pairs], [ok for _, ok in pairs])["ece"]

    return {"ece_own_table": ece(own), "ece_tagger_table": ece(tagger), "ece_raw": ece(raw)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="+", help="annotation JSONL files or a PolNeAR folder (its dev split); train or dev sets only")
    ap.add_argument("--model", default=None, help="model folder (default: the released model)")
    ap.add_argument("--write", action="store_true", help="add the tables that help to the model's calibration.json")
    ap.add_argument("--json", default=None, help="write the measurements here")
    args = ap.parse_args(argv)

    from attribution.evaluation.calibration import fit_calibration
    from attribution.tag.tagger import default_model_dir

    model_dir = Path(args.model) if args.model else default_model_dir()
    calibration_path = model_dir / "calibration.json"
    shipped = json.loads(calibration_path.read_text(encoding="utf-8")) if calibration_path.exists() else {}
    base = {"model": shipped["model"]} if "model" in shipped else None

    by_rule: dict[str, list[tuple[float, bool, str]]] = defaultdict(list)
    for rule, raw, right, doc in rule_observations(args.gold, str(model_dir)):
        by_rule[rule].append((raw, right, doc))

    report: dict[str, dict] = {}
    tables: dict[str, dict] = {}
    for rule, rows in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        entry: dict = {"attributions": len(rows), "right": round(sum(ok for _, ok, _ in rows) / len(rows), 3),
                       "mean_raw": round(sum(s for s, _, _ in rows) / len(rows), 3)}
        if rule != "model" and len(rows) >= MIN_ATTRIBUTIONS:
            entry.update(cross_fitted(rows, base))
            if entry.get("ece_own_table", 1.0) < entry.get("ece_tagger_table", 0.0):
                tables[rule] = fit_calibration([s for s, _, _ in rows], [ok for _, ok, _ in rows], bins_for(len(rows)))
                entry["shipped"] = True
        elif rule == "model":
            entry["note"] = "the tagger's table (fitted on PolNeAR dev) stays"
        report[rule] = entry
        print(f"{rule:10} n={entry['attributions']:4}  right={entry['right']:.3f}  mean raw={entry['mean_raw']:.3f}"
              + (f"  ECE raw {entry['ece_raw']:.3f} / tagger table {entry['ece_tagger_table']:.3f} / own table "
                 f"{entry['ece_own_table']:.3f} (held-out halves)" if "ece_own_table" in entry else "")
              + ("  -> shipped" if entry.get("shipped") else ""))

    if args.write and tables:
        kept = {k: v for k, v in shipped.items() if k not in by_rule or k == "model"}
        kept.update(tables)
        kept["rules_fitted_on"] = ", ".join(Path(g).as_posix() for g in args.gold) + " (cue-overlap correctness)"
        calibration_path.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {', '.join(sorted(tables))} to {calibration_path}")
    if args.json:
        Path(args.json).write_text(json.dumps({"gold": args.gold, "rules": report}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
