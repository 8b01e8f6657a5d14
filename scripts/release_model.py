"""Release a trained checkpoint into models/: evaluate on dev, calibrate confidence, write the card.

    python scripts/release_model.py --run runs/polnear-v1 [--checkpoint epoch-5] \
        --polnear ../shared/data/polnear --authored-dev corpus/authored/dev.jsonl

Steps: copy the checkpoint's weights and config to ``models/attribution-tagger``;
score PolNeAR dev (and the authored dev set) with ``attribution evaluate``'s
function; fit confidence calibration on PolNeAR dev with two-fold cross-fitting
(so the reliability table and ECE reported are measured on attributions the
calibration did not see), then store the calibration fitted on all of dev; and
render the model card from the run and these figures.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, help="training run folder (with history.json and epoch-N/)")
    ap.add_argument("--checkpoint", default=None,
                    help="checkpoint folder name inside the run, e.g. epoch-5 (default: the epoch with the best dev "
                         "attribution F1 in the run's history.json, as `attribution train` selects)")
    ap.add_argument("--polnear", required=True)
    ap.add_argument("--authored-dev", default=None)
    ap.add_argument("--out", default=str(ROOT / "models" / "attribution-tagger"))
    args = ap.parse_args(argv)

    from attribution.evaluation.calibration import fit_calibration, reliability_table
    from attribution.evaluation.evaluate import evaluate, format_table, load_gold, predict
    from attribution.pipeline import Attributor
    from attribution.train.card import render_card

    run, out = Path(args.run), Path(args.out)
    history = json.loads((run / "history.json").read_text(encoding="utf-8"))
    checkpoint, selected_on = chosen_checkpoint(history["history"], args.checkpoint)
    ckpt = run / checkpoint
    out.mkdir(parents=True, exist_ok=True)
    for name in ("tagger.safetensors", "tagger_config.json"):
        shutil.copy2(ckpt / name, out / name)
    (out / "calibration.json").unlink(missing_ok=True)

    attributor = Attributor.load(out)
    attributor.calibration = None
    t0 = time.time()
    docs = load_gold(args.polnear, "dev")
    reports = predict(docs, attributor=attributor)
    eval_s = time.time() - t0
    # confidence calibration: raw scores of the model's attributions vs. cue-overlap correctness
    from attribution.evaluation.scorer import Scores, score_document

    raw: list[tuple[float, bool, int]] = []
    for i, (doc, rep) in enumerate(zip(docs, reports)):
        s = Scores()
        score_document(doc, rep, s, extended=False)
        raw += [(c, ok, i) for c, ok in s.confidence]
    folds = []
    for k in (0, 1):
        fit = fit_calibration([c for c, _, i in raw if i % 2 != k], [ok for _, ok, i in raw if i % 2 != k])
        for c, ok, i in raw:
            if i % 2 == k:
                from attribution.evaluation.calibration import apply_calibration

                folds.append((apply_calibration({"model": fit}, c), ok))
    table = reliability_table([c for c, _ in folds], [ok for _, ok in folds])
    raw_table = reliability_table([c for c, _, _ in raw], [ok for _, ok, _ in raw])
    calibration = {"model": fit_calibration([c for c, _, _ in raw], [ok for _, ok, _ in raw]),
                   "fitted_on": "PolNeAR dev (cue-overlap correctness)"}
    if table["ece"] < raw_table["ece"]:  # ship the binning only where it helps on held-out halves
        (out / "calibration.json").write_text(json.dumps(calibration, indent=1) + "\n", encoding="utf-8")
    else:
        calibration = None

    # the same reports, with calibrated confidences (what the released model now outputs)
    from attribution.evaluation.calibration import apply_calibration
    from attribution.evaluation.scorer import score

    for rep in reports:
        for att in rep.attributions:
            att.confidence = round(float(apply_calibration(calibration, att.confidence)), 4)
    result = score(zip(docs, reports))
    if calibration is not None:  # scored on the dev it was fitted on, ECE would read ~0: report the cross-fitted one
        result["calibration"] = table
    attributor = Attributor.load(out)
    evaluation = {
        "command": f"attribution evaluate {args.polnear} --model {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}",
        "summary": result["summary"],
        "table": format_table(result),
        "calibration_cross_fitted": table,
        "calibration_shipped": calibration is not None,
        "calibration_raw": raw_table,
        "inference": f"{attributor.tagger.engine.name} {'int8' if getattr(attributor.tagger.engine, 'int8', False) else 'fp32'}"
                     " (the default engine and precision)",
        "dev_documents": len(docs),
        "dev_seconds": round(eval_s, 1),
    }
    from attribution.evaluation.agreement import agreement_table, polnear_agreement

    agreement = polnear_agreement(args.polnear, attributor)
    if agreement:
        evaluation["agreement"] = {"splits": agreement, "table": agreement_table(agreement),
                                   "command": f"python scripts/polnear_agreement.py --polnear {args.polnear}"}
    if args.authored_dev:
        authored = evaluate(args.authored_dev, attributor=attributor)
        evaluation["authored_dev"] = {"summary": authored["summary"], "table": format_table(authored)}
    from attribution.train.config import TrainingOptions
    from attribution.train.run import command_line

    options = TrainingOptions.from_dict(history["options"])
    run_info = {"options": history["options"], "history": history["history"], "best_checkpoint": str(ckpt),
                "selected_on": selected_on, "command": command_line(options), "evaluation": evaluation,
                "stages": lineage(run, checkpoint)}
    prev = run / "model" / "training_run.json"
    if prev.exists():
        old = json.loads(prev.read_text(encoding="utf-8"))
        for key in ("train_windows", "elapsed_s"):
            if key in old:
                run_info[key] = old[key]
    (out / "training_run.json").write_text(json.dumps(run_info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    render_card(out)
    print(evaluation["table"])
    print(json.dumps({"ece_cross_fitted": table["ece"], "ece_raw": raw_table["ece"],
                      "authored_dev": evaluation.get("authored_dev", {}).get("summary")}, indent=1))
    return 0


def chosen_checkpoint(history: list[dict], named: str | None) -> tuple[str, str]:
    """The checkpoint to release and how it was chosen (the card says which): the one named on the
    command line, or else the epoch the training loop's own rule selects from the run's history."""
    from attribution.train.trainer import checkpoint_dir, select_epoch, selection_rule

    if named:
        return named, "named"
    chosen = select_epoch(history)
    return checkpoint_dir(Path(), chosen["epoch"]).name, selection_rule(chosen)


def lineage(run: Path, checkpoint: str) -> list[dict]:
    """The training stages behind a checkpoint, oldest first: a warm-started run (``--init-from``)
    continues the checkpoint of an earlier run, whose own stages come before it."""
    from attribution.train.config import TrainingOptions
    from attribution.train.run import command_line

    stages: list[dict] = []
    seen: set[Path] = set()
    while run.resolve() not in seen and (run / "history.json").exists():
        seen.add(run.resolve())
        history = json.loads((run / "history.json").read_text(encoding="utf-8"))
        options = TrainingOptions.from_dict(history["options"])
        epoch = int(checkpoint.split("-")[-1]) if checkpoint.startswith("epoch-") else None
        used = [h for h in history["history"] if epoch is None or h["epoch"] <= epoch]
        stages.insert(0, {"run": run.name, "checkpoint": checkpoint, "command": command_line(options), "history": used})
        if not options.init_from:
            break
        start = Path(options.init_from)
        run, checkpoint = start.parent, start.name
    return stages


if __name__ == "__main__":
    raise SystemExit(main())
