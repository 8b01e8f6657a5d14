"""Claim grouping on Ray Data (``--backend ray``): embeddings in parallel, then blocking and scoring per cell.

1. The claim texts become a Dataset; ``map_batches`` runs :class:`EmbedActor` (one
   encoder per actor) on an actor pool and returns each row's vector.
2. The driver fits the cells of the index (:func:`attribution.claims.index.kmeans_centroids`,
   on a sample) and puts each item in its ``probes`` nearest cells; with few items there
   is one cell, which is exact search.
3. A Dataset of (cell, item) rows is grouped by cell; ``map_groups`` scores the pairs
   inside each cell with the pair model (:func:`attribution.claims.group.scored_edges`),
   returning the kept pairs with their probabilities.
4. The driver clusters the scored pairs (:func:`attribution.claims.group.cluster_edges`: blocks,
   then average linkage) and builds the records as the local backend does.

The clusters are the local backend's whenever the local backend searches exactly (up to
``EXACT_LIMIT`` items) and Ray is given ``exact=True`` or the input is that small: both
then score every pair.  Ray is imported only here.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from attribution.claims.group import CANDIDATE_FLOOR, THRESHOLD, cluster_edges, scored_edges
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


def _edges_in_cell(group: dict, vectors: np.ndarray, items: Sequence[ClaimItem]) -> dict:
    members = np.unique(np.asarray(group["i"], dtype=np.int64))
    edges = scored_edges(index.pairs_in_cell(vectors, members, CANDIDATE_FLOOR), items)
    return {"a": np.asarray([e[0] for e in edges], dtype=np.int64), "b": np.asarray([e[1] for e in edges], dtype=np.int64),
            "p": np.asarray([e[2] for e in edges], dtype=np.float64)}


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
        return _edges_in_cell(group, ray.get(vectors_ref), items)

    edges_ds = ray.data.from_items(rows).groupby("cell").map_groups(score_cell, batch_format="numpy")
    # a pair found in several cells comes back from each, with the same probability: once each
    edges = sorted({(int(r["a"]), int(r["b"])): float(r["p"]) for r in edges_ds.iter_rows()}.items())
    return cluster_edges(len(items), [(a, b, p) for (a, b), p in edges], docs, threshold), vectors
