"""Reader for PolNeAR's brat standoff annotation.

Layout: ``<root>/<split>/text/<name>.txt`` and
``<root>/<split>/attributions/<name>_<annotator>.ann``.  ``T`` lines hold typed
spans whose ranges may be ``;``-separated fragments; ``E`` lines tie them into
attributions (``Attribution:T4 Content:T3 Cue:T2 Source:T1``, or the
``Attribution-no-source`` type).  An ``E`` line may name a ``T`` defined after
it, so the file is read in two passes.  Where several annotators covered one
document, the first annotator in sorted order is taken, so every run sees the
same gold.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from attribution.data.annotations import AnnotatedDocument, GoldAttribution, Range

SPAN_TYPES = {"Source", "Cue", "Content"}
_RECORD = re.compile(r"^[TERAMN#*]\d*$")


class PolnearFormatError(ValueError):
    """A line of a ``.ann`` file that cannot be understood."""


def parse_ann(ann: str, text: str, name: str = "<ann>") -> list[GoldAttribution]:
    """Parse the text of one ``.ann`` file into attributions (sorted by cue)."""
    spans: dict[str, tuple[str, list[Range]]] = {}
    events: list[list[str]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        tag = parts[0]
        if not _RECORD.match(tag) or len(parts) < 2:
            continue  # the continuation of a span text that contained a newline
        if tag.startswith("T"):
            typ, _, ranges = parts[1].partition(" ")
            frags: list[Range] = []
            for frag in ranges.split(";"):
                try:
                    start, end = (int(x) for x in frag.split())
                except ValueError as err:
                    raise PolnearFormatError(f"{name}:{lineno}: bad range {frag!r}") from err
                if not 0 <= start <= end <= len(text):
                    raise PolnearFormatError(f"{name}:{lineno}: range {start}-{end} outside the text")
                frags.append((start, end))
            spans[tag] = (typ, frags)
        elif tag.startswith("E") and len(parts) > 1:
            events.append(parts[1].split())
    attributions: list[GoldAttribution] = []
    for args in events:
        roles: dict[str, list[Range]] = {"Source": [], "Cue": [], "Content": []}
        for arg in args[1:]:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")  # Content2 -> Content
            if role in roles and ref in spans:
                roles[role].extend(spans[ref][1])
        if not roles["Cue"]:
            continue
        attributions.append(
            GoldAttribution(
                cue=_clean(roles["Cue"], text),
                content=_clean(roles["Content"], text),
                source=_clean(roles["Source"], text),
            )
        )
    attributions.sort(key=lambda a: a.cue[0] if a.cue else (0, 0))
    return [a for a in attributions if a.cue]


def _clean(ranges: list[Range], text: str) -> list[Range]:
    """Trim whitespace off each fragment and drop empty ones, keeping offsets exact."""
    out: list[Range] = []
    for start, end in sorted(ranges):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def _split_files(root: str | Path, split: str) -> tuple[Path, dict[str, list[Path]]]:
    """The split's text folder and, per document name, its ``.ann`` files (one per annotator, sorted)."""
    base = Path(root) / split
    text_dir, ann_dir = base / "text", base / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"no PolNeAR split {split!r} under {root} (expected {text_dir} and {ann_dir})")
    by_doc: dict[str, list[Path]] = {}
    for ann_path in sorted(ann_dir.glob("*.ann")):
        by_doc.setdefault(ann_path.stem.rsplit("_", 1)[0], []).append(ann_path)
    return text_dir, by_doc


def _annotated(name: str, text: str, ann_path: Path) -> AnnotatedDocument:
    attributions = parse_ann(ann_path.read_bytes().decode("utf-8"), text, str(ann_path))
    return AnnotatedDocument(doc_id=name, text=text, attributions=attributions,
                             meta={"annotation": ann_path.name, "corpus": "polnear"})


def read_polnear(root: str | Path, split: str = "train", limit: int | None = None) -> Iterator[AnnotatedDocument]:
    """Yield the annotated documents of one split (``train``, ``dev``, ...)."""
    text_dir, by_doc = _split_files(root, split)
    count = 0
    for name, ann_paths in sorted(by_doc.items()):
        text_path = text_dir / f"{name}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_bytes().decode("utf-8")  # no newline translation: offsets count \r
        yield _annotated(name, text, ann_paths[0])
        count += 1
        if limit is not None and count >= limit:
            return


def read_polnear_annotators(root: str | Path, split: str) -> Iterator[list[AnnotatedDocument]]:
    """Every annotation of each document that more than one annotator covered (to measure agreement)."""
    text_dir, by_doc = _split_files(root, split)
    for name, ann_paths in sorted(by_doc.items()):
        text_path = text_dir / f"{name}.txt"
        if len(ann_paths) < 2 or not text_path.exists():
            continue
        text = text_path.read_bytes().decode("utf-8")
        yield [_annotated(name, text, p) for p in ann_paths]
