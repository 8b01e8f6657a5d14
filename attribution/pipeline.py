"""The Python API: ``Attributor.load().extract(text, doc_id=...)`` → a contract report.

Data flows read → split → tag → assemble → report; this class loads the model
once and runs the rest per document (or as a stream over many).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from attribution.read import Document
from attribution.schema import Report


class Attributor:
    """A loaded tagger plus the deterministic assembly around it."""

    def __init__(self, tagger, calibration: dict | None = None):
        self.tagger = tagger
        self.calibration = calibration or _load_calibration(tagger.model_dir)

    @classmethod
    def load(cls, model_dir: str | Path | None = None, quantize: bool = False, threads: int | None = None) -> Attributor:
        from attribution.tag.tagger import Tagger

        return cls(Tagger.load(model_dir, quantize=quantize, threads=threads))

    @property
    def model_name(self) -> str:
        return Path(self.tagger.model_dir).name if self.tagger.model_dir else "unsaved"

    def calibrate(self, raw: float, rule: str) -> float:
        from attribution.evaluation.calibration import apply_calibration

        return apply_calibration(self.calibration, raw, rule)

    def extract(self, text: str, doc_id: str = "doc", path: str | None = None) -> Report:
        """The report of one text."""
        return next(self.extract_documents([Document(doc_id, text, path)]))

    def extract_documents(self, documents: Iterable[Document]) -> Iterator[Report]:
        """Reports for a stream of documents, in order; windows are batched across documents."""
        from attribution.assemble.build import build_report

        docs: list[Document] = []

        def texts():
            for d in documents:
                docs.append(d)
                yield d.text

        for tagged in self.tagger.tag_many(texts()):
            doc = docs.pop(0)
            report = build_report(doc.doc_id, doc.text, tagged, doc.path, calibrate=self.calibrate)
            report.encoding = doc.encoding
            report.warnings = list(doc.warnings)
            report.model = self.model_name
            yield report


def _load_calibration(model_dir: str | None) -> dict | None:
    import json

    if not model_dir:
        return None
    path = Path(model_dir) / "calibration.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return None
