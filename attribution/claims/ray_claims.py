"""Claim grouping on Ray Data (``--backend ray``): embeddings in parallel, then blocking and scoring per cell.

1. The claim texts become a Dataset; ``map_batches`` runs :class:`EmbedActor` (one
   encoder per actor) on an actor pool and returns each row's vector.
2. The driver fits the cells of the index (:func:`attribution.claims.index.kmeans_centroids`,
   on a sample) and puts each item in its ``probes`` nearest cells; with few items there
   is one cell, which is exact search.
3. A Dataset of (cell, item) rows is grouped by cell; ``map_groups`` scores the pairs
   inside each cell and applies the precise check and the threshold
   (:func:`attribution.claims.group.accepted_edges`), returning edges.
4. The driver joins the edges (union-find) and builds the records as the local backend does.

The clusters are the local backend's whenever the local backend searches exactly (up to
``EXACT_LIMIT`` items) and Ray is given ``exact=True`` or the input is that small: both
then score every pair.  Ray is imported only here.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from attribution.claims.group import CANDIDATE_FLOOR, THRESHOLD, accepted_edges, components
from attribution.claims import index
from attribution.claims.items import ClaimItem


class EmbedActor:
    """A Ray Data callable class: one encoder per actor; a batch of texts → their vectors."""

    def __init__(self, threads: int = 1):
        from attribution.claims.embed import ClaimEncoder

        self.encoder = ClaimEncoder(threads=threads)

    def __call__(self, batch: dict) -> dict:
        vectors = self.encoder.encode([str(t) for t in batch["text"]])
        return {"i": np.asarray(batch["i"]), "vector": list(vectors)}


def _edges_in_cell(group: dict, vectors_ref, texts: Sequence[str], docs: Sequence[str],
                   sources: Sequence[str | None], threshold: float) -> dict:
    vectors = vectors_ref
    members = np.unique(np.asarray(group["i"], dtype=np.int64))
    pairs = index.pairs_in_cell(vectors, members, min(CANDIDATE_FLOOR, threshold))
    edges = accepted_edges(pairs, texts, docs, threshold, sources)
    return {"a": np.asarray([e[0] for e in edges], dtype=np.int64), "b": np.asarray([e[1] for e in edges], dtype=np.int64)}


def ray_group(items: Sequence[ClaimItem], threshold: float = THRESHOLD, actors: int = 2, batch_size: int = 256,
              vectors: np.ndarray | None = None) -> tuple[list[list[int]], np.ndarray]:
    """Clusters of item indices (as :func:`attribution.claims.group.group_items`) and the vectors, computed on Ray."""
    try:
        import ray
        import ray.data
    except ImportError as err:  # pragma: no cover - depends on the install
        from attribution.backends import RayUnavailableError
        from attribution.backends.ray_backend import RAY_MISSING

        raise RayUnavailableError(RAY_MISSING) from err
    if not ray.is_initialized():
        ray.init(include_dashboard=False, log_to_driver=False)
    texts = [it.text for it in items]
    docs = [it.doc_id for it in items]
    sources = [it.source_entity for it in items]
    if vectors is None:
        ds = ray.data.from_items([{"i": i, "text": t} for i, t in enumerate(texts)])
        out = ds.map_batches(EmbedActor, batch_size=batch_size, compute=ray.data.ActorPoolStrategy(size=actors),
                             batch_format="numpy")
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for row in out.iter_rows():
            vectors[int(row["i"])] = row["vector"]
    if len(items) <= index.EXACT_LIMIT:
        cells = np.zeros((len(items), 1), dtype=np.int32)
    else:
        cells = index.assign_cells(vectors, index.kmeans_centroids(vectors, max(2, len(items) // index.CELL_SIZE)),
                                   index.PROBES)
    rows = [{"cell": int(c), "i": i} for i in range(len(items)) for c in cells[i]]
    vectors_ref = ray.put(vectors)

    def score_cell(group: dict) -> dict:
        return _edges_in_cell(group, ray.get(vectors_ref), texts, docs, sources, threshold)

    edges_ds = ray.data.from_items(rows).groupby("cell").map_groups(score_cell, batch_format="numpy")
    edges = sorted({(int(r["a"]), int(r["b"])) for r in edges_ds.iter_rows()})
    return components(len(items), edges, docs), vectors
