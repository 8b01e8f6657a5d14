"""``attribution evaluate`` as a plain function returning the numbers."""
from __future__ import annotations

import json
from pathlib import Path

from attribution.data.annotations import AnnotatedDocument


def load_gold(gold: str, split: str = "dev", limit: int | None = None, text: str | None = None) -> list[AnnotatedDocument]:
    """Gold from a PolNeAR root (``split`` folder), an annotation JSONL, or a contract JSON with ``text``/a text file beside it."""
    from attribution.data.jsonl import document_from_record, read_annotations
    from attribution.data.polnear import read_polnear

    path = Path(gold)
    if path.is_dir() and (path / split).is_dir():
        return list(read_polnear(path, split, limit))
    if path.suffix == ".jsonl":
        docs = list(read_annotations(path))
        return docs[:limit] if limit else docs
    if path.suffix == ".json":
        record = json.loads(path.read_text(encoding="utf-8"))
        if text is not None:
            record["text"] = Path(text).read_bytes().decode("utf-8-sig")
        if "text" not in record:
            raise ValueError(f"{path}: a gold JSON needs its document: add 'text' or pass --text FILE")
        return [document_from_record(record, str(path))]
    raise ValueError(f"{gold}: not a PolNeAR folder (with {split}/), an annotation .jsonl or a gold .json")


def predict(docs: list[AnnotatedDocument], model_dir: str | None = None, quantize: bool | None = None, attributor=None,
            engine: str | None = None, disable: tuple[str, ...] = ()):
    from attribution.pipeline import Attributor
    from attribution.read import Document

    attributor = attributor or Attributor.load(model_dir, quantize=quantize, engine=engine, disable=disable)
    return list(attributor.extract_documents(Document(d.doc_id, d.text) for d in docs))


def evaluate(gold: str, model_dir: str | None = None, predictions: str | None = None, split: str = "dev",
             limit: int | None = None, quantize: bool | None = None, attributor=None, text: str | None = None, oracle: bool = False,
             engine: str | None = None, disable: tuple[str, ...] = ()) -> dict:
    """Score the model (or a folder of prediction JSONs) against gold; returns the scorer's dict.

    ``oracle=True`` feeds the gold spans through the same assembly code instead of
    the model: what the rules alone lose.  ``disable`` leaves assembly steps out (what each is worth).
    """
    from attribution.evaluation.scorer import score
    from attribution.report.load import load_report

    if disable and predictions:
        raise ValueError("--disable changes the assembly; it cannot apply to saved --predictions")
    docs = load_gold(gold, split, limit, text)
    if oracle:
        from attribution.assemble.build import build_report
        from attribution.tag.oracle import oracle_retag, oracle_tagged

        preds = [build_report(d.doc_id, d.text, oracle_tagged(d), disable=disable, retag=oracle_retag(d)) for d in docs]
    elif predictions:
        folder = Path(predictions)
        preds = []
        for d in docs:
            from attribution.read.documents import output_stem

            f = folder / f"{output_stem(d.doc_id)}.json"
            if not f.exists():
                raise FileNotFoundError(f"no prediction for {d.doc_id} in {folder}")
            preds.append(load_report(f))
    else:
        preds = predict(docs, model_dir, quantize, attributor, engine, disable)
    result = score(zip(docs, preds), extended=True)
    result["gold"] = str(gold)
    result["split"] = split
    result["disabled"] = list(disable)
    return result


def format_table(result: dict) -> str:
    """A fixed-width table of the scores (what the CLI prints)."""
    lines = [f"{'metric':<26}{'P':>8}{'R':>8}{'F1':>8}{'n gold':>8}"]
    rows = [("attribution (cue exact)", result["attribution"]), ("attribution (cue overlap)", result["attribution_overlap"]),
            ("attribution (all parts)", result["attribution_full"])]
    rows += [(k.replace("_", " "), v) for k, v in result["spans"].items()]
    for name, r in rows:
        lines.append(f"{name:<26}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['gold']:>8}")
    for name, r in result.get("fields", {}).items():
        if "accuracy" in r:
            acc = "-" if r["accuracy"] is None else f"{r['accuracy']:.3f}"
            lines.append(f"{name + ' accuracy':<26}{'':>8}{'':>8}{acc:>8}{r['total']:>8}")
        else:
            lines.append(f"{name:<26}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['gold']:>8}")
    if "calibration" in result:
        lines.append(f"{'confidence ECE':<26}{'':>16}{result['calibration']['ece']:>8.3f}{result['calibration']['n']:>8}")
    return "\n".join(lines)
