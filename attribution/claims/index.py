"""Which pairs of claim vectors are close enough to compare: exact for small inputs, blocked for large.

All vectors are unit length, so cosine similarity is a dot product.  Up to
:data:`EXACT_LIMIT` items every pair is scored (row blocks of a matrix product, so memory
stays at one block).  Beyond it, an inverted-file index in plain numpy:

1. spherical k-means on a sample finds ``n / CELL_SIZE`` centroids;
2. each vector goes into the cells of its ``probes`` nearest centroids (a claim near a
   cell border lands in both, so its neighbours across the border are still found);
3. within each cell every pair is scored exactly.

Cost is about ``n × probes × CELL_SIZE`` dot products instead of ``n²``; memory is the
vectors plus one cell's block.  The recall of this against exact search is measured by
``scripts/bench_claims_scale.py``.  The same functions run per cell on Ray Data
(:mod:`attribution.claims.ray_claims`).
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

EXACT_LIMIT = 20_000
CELL_SIZE = 400
PROBES = 3
KMEANS_SAMPLE = 20_000
KMEANS_ITERATIONS = 8
BLOCK = 2048


def _pairs_in_block(sims: np.ndarray, rows: np.ndarray, cols: np.ndarray, threshold: float,
                    upper_only: bool) -> np.ndarray:
    """(i, j, similarity) rows for the entries of ``sims`` at or above ``threshold`` with ``i < j``."""
    r, c = np.nonzero(sims >= threshold)
    i, j = rows[r], cols[c]
    keep = i < j if upper_only else i != j
    return np.stack([i[keep], j[keep], sims[r[keep], c[keep]]], axis=1) if keep.any() else np.zeros((0, 3))


def exact_pairs(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Every pair with similarity ≥ threshold, as rows (i, j, sim) with i < j, by blocks of rows."""
    n = len(vectors)
    ids = np.arange(n)
    out = []
    for lo in range(0, n, BLOCK):
        block = vectors[lo: lo + BLOCK] @ vectors[lo:].T
        out.append(_pairs_in_block(block, ids[lo: lo + BLOCK], ids[lo:], threshold, upper_only=True))
    return np.concatenate(out) if out else np.zeros((0, 3))


def kmeans_centroids(vectors: np.ndarray, cells: int, seed: int = 0) -> np.ndarray:
    """Spherical k-means (unit centroids, dot-product assignment) on a sample: the cells of the index."""
    rng = np.random.default_rng(seed)
    sample = vectors[rng.choice(len(vectors), size=min(len(vectors), KMEANS_SAMPLE), replace=False)]
    centroids = sample[rng.choice(len(sample), size=cells, replace=False)].copy()
    for _ in range(KMEANS_ITERATIONS):
        nearest = np.argmax(sample @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, nearest, sample)
        counts = np.bincount(nearest, minlength=cells)
        empty = counts == 0
        sums[empty] = sample[rng.choice(len(sample), size=int(empty.sum()), replace=False)] if empty.any() else sums[empty]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        centroids = (sums / np.maximum(norms, 1e-12)).astype(vectors.dtype)
    return centroids


def assign_cells(vectors: np.ndarray, centroids: np.ndarray, probes: int = PROBES) -> np.ndarray:
    """Each vector's ``probes`` nearest cells (n × probes), computed in row blocks."""
    probes = min(probes, len(centroids))
    out = np.empty((len(vectors), probes), dtype=np.int32)
    for lo in range(0, len(vectors), BLOCK * 4):
        sims = vectors[lo: lo + BLOCK * 4] @ centroids.T
        out[lo: lo + len(sims)] = np.argpartition(-sims, probes - 1, axis=1)[:, :probes]
    return out


def cell_members(cells: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Each cell's id and item ids (a vector appears in each of its probed cells)."""
    flat_items = np.repeat(np.arange(len(cells)), cells.shape[1])
    flat_cells = cells.ravel()
    order = np.argsort(flat_cells, kind="stable")
    bounds = np.flatnonzero(np.diff(flat_cells[order])) + 1
    sorted_cells = flat_cells[order]
    starts = np.concatenate([[0], bounds]).astype(np.int64)
    for start, members in zip(starts, np.split(flat_items[order], bounds)):
        yield int(sorted_cells[start]), np.unique(members)


def pairs_in_cell(vectors: np.ndarray, members: np.ndarray, threshold: float) -> np.ndarray:
    """Exact pairs (i, j, sim) with i < j among one cell's members (global ids)."""
    if len(members) < 2:
        return np.zeros((0, 3))
    sub = vectors[members]
    out = []
    for lo in range(0, len(members), BLOCK):
        block = sub[lo: lo + BLOCK] @ sub.T
        out.append(_pairs_in_block(block, members[lo: lo + BLOCK], members, threshold, upper_only=True))
    return np.concatenate(out)


def unique_pairs(pairs: np.ndarray) -> np.ndarray:
    """Pairs found in several cells, once."""
    if len(pairs) == 0:
        return pairs
    keys = pairs[:, 0].astype(np.int64) * (int(pairs[:, 1].max()) + 1) + pairs[:, 1].astype(np.int64)
    _, first = np.unique(keys, return_index=True)
    return pairs[np.sort(first)]


def candidate_blocks(vectors: np.ndarray, threshold: float, exact_limit: int | None = None,
                     cell_size: int | None = None, probes: int | None = None) -> Iterator[np.ndarray]:
    """The pairs of :func:`candidate_pairs` one block at a time (a row block, or a cell), so a caller
    can consume them without holding them all; a pair may come in several cells."""
    exact_limit = EXACT_LIMIT if exact_limit is None else exact_limit
    cell_size = CELL_SIZE if cell_size is None else cell_size
    probes = PROBES if probes is None else probes
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) <= exact_limit:
        ids = np.arange(len(vectors))
        for lo in range(0, len(vectors), BLOCK):
            block = vectors[lo: lo + BLOCK] @ vectors[lo:].T
            yield _pairs_in_block(block, ids[lo: lo + BLOCK], ids[lo:], threshold, upper_only=True)
        return
    centroids = kmeans_centroids(vectors, max(2, len(vectors) // cell_size))
    cells = assign_cells(vectors, centroids, probes)
    for cell, members in cell_members(cells):
        pairs = pairs_in_cell(vectors, members, threshold)
        # a pair whose items share several cells is found in each: keep it in the first shared one only
        yield pairs[first_shared_cell(cells, pairs) == cell] if len(pairs) else pairs


def first_shared_cell(cells: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """For each pair (i, j, ...), the lowest cell id that both i and j were put in."""
    ci, cj = cells[pairs[:, 0].astype(np.int64)], cells[pairs[:, 1].astype(np.int64)]
    shared = ci[:, :, None] == cj[:, None, :]
    return np.where(shared, ci[:, :, None], np.iinfo(np.int32).max).min(axis=(1, 2))


def candidate_pairs(vectors: np.ndarray, threshold: float, exact_limit: int | None = None,
                    cell_size: int | None = None, probes: int | None = None) -> np.ndarray:
    """Pairs (i, j, sim), i < j, with similarity ≥ ``threshold``: all of them up to ``exact_limit``
    items, else those the inverted-file index finds (defaults: the module's settings at call time)."""
    exact_limit = EXACT_LIMIT if exact_limit is None else exact_limit
    cell_size = CELL_SIZE if cell_size is None else cell_size
    probes = PROBES if probes is None else probes
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) <= exact_limit:
        return exact_pairs(vectors, threshold)
    centroids = kmeans_centroids(vectors, max(2, len(vectors) // cell_size))
    cells = assign_cells(vectors, centroids, probes)
    found = [pairs_in_cell(vectors, members, threshold) for _, members in cell_members(cells)]
    return unique_pairs(np.concatenate(found)) if found else np.zeros((0, 3))
