"""Reports → claim clusters → ``claims.jsonl`` (the stage's entry point; the CLI and the benchmarks call it)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from attribution.batch import atomic_write
from attribution.claims.group import THRESHOLD, group_items
from attribution.claims.items import ClaimItem, items_of
from attribution.claims.provenance import FLAGS, cluster_record
from attribution.schema import Report


def collect_items(reports: Iterable[Report], metadata: dict[str, dict[str, Any]] | None = None) -> list[ClaimItem]:
    """Every claim item of every report, metadata (outlet, published) applied by doc id."""
    metadata = metadata or {}
    items: list[ClaimItem] = []
    for report in reports:
        items += items_of(report, metadata.get(report.doc_id))
    return items


def summary_order(records: Sequence[dict]) -> list[dict]:
    """Flagged clusters first, then those carried by the most outlets (then documents, then id)."""
    return sorted(records, key=lambda r: (not r["flags"], -len(r["outlets"]), -r["documents"], _id_number(r["id"])))


def _id_number(cluster_id: str) -> int:
    digits = "".join(ch for ch in cluster_id if ch.isdigit())
    return int(digits) if digits else 0


def records_for(items: Sequence[ClaimItem], clusters: Sequence[Sequence[int]]) -> list[dict]:
    return [cluster_record(f"c{n}", [items[i] for i in cluster]) for n, cluster in enumerate(clusters, start=1)]


def build_claims(items: Sequence[ClaimItem], vectors: np.ndarray | None = None, threshold: float = THRESHOLD,
                 encoder=None) -> list[dict]:
    """The cluster records for ``items`` (vectors computed with ``encoder`` when not given)."""
    if vectors is None:
        from attribution.claims.embed import ClaimEncoder

        vectors = (encoder or ClaimEncoder()).encode([it.text for it in items])
    return records_for(items, group_items(items, vectors, threshold))


def write_claims(records: Sequence[dict], out_dir: str | Path) -> Path:
    """``out_dir/claims.jsonl``, one cluster per line (written atomically)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "claims.jsonl"
    atomic_write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


__all__ = ["FLAGS", "build_claims", "collect_items", "records_for", "summary_order", "write_claims"]
