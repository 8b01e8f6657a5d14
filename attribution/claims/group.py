"""Claim items → clusters: close vectors that pass the precise check, joined transitively.

Edges are the candidate pairs of :mod:`attribution.claims.index` whose similarity is at
least the threshold and whose texts pass :func:`attribution.claims.check.same_claim`;
two items of the same document are never joined by an edge of their own (a document
repeating itself in its headline is joined through the other outlets), so a cluster
is what several documents say.  Connected components (union-find over arrays, so memory
is linear in the items and does not depend on how many clusters there are) with members
from at least two documents are the clusters.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from attribution.claims.check import evidence, same_claim
from attribution.claims.index import candidate_blocks
from attribution.claims.items import ClaimItem

THRESHOLD = 0.86
"""The score (cosine similarity of all-MiniLM-L6-v2 mean-pooled vectors plus the lexical
:func:`~attribution.claims.check.evidence`) above which two texts may be one claim (chosen on
corpus/claims/train/ only: ``scripts/bench_claims.py --sweep``)."""
CANDIDATE_FLOOR = 0.35
"""Only pairs at least this similar in embedding are scored at all (what the index searches for)."""


class UnionFind:
    """Disjoint sets over 0..n-1 in two int arrays (path halving, union by size)."""

    def __init__(self, n: int):
        self.parent = np.arange(n, dtype=np.int64)
        self.size = np.ones(n, dtype=np.int64)

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = int(parent[x])
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def roots(self) -> np.ndarray:
        return np.fromiter((self.find(i) for i in range(len(self.parent))), dtype=np.int64, count=len(self.parent))


SOURCE_WEIGHT = 0.2
"""Added to the score when both members name the same source ("Rosa Tamm" in both): the same teller
and similar words are more likely one claim than similar words alone."""


def same_source(a: str | None, b: str | None) -> bool:
    """Whether two source names share their name words (descriptors aside): "Union leader Rosa Tamm" / "Rosa Tamm"."""
    from attribution.claims.provenance import names_outlet

    return names_outlet(a, b)


def accepted_edges(pairs: np.ndarray, texts: Sequence[str], docs: Sequence[str],
                   threshold: float = THRESHOLD, sources: Sequence[str | None] | None = None) -> list[tuple[int, int]]:
    """The candidate pairs that join two documents, score at least ``threshold`` and pass the precise check."""
    edges = []
    for i, j, sim in pairs:
        i, j = int(i), int(j)
        if docs[i] == docs[j]:
            continue
        score = sim + evidence(texts[i], texts[j])
        if sources is not None and SOURCE_WEIGHT and same_source(sources[i], sources[j]):
            score += SOURCE_WEIGHT
        if score >= threshold and same_claim(texts[i], texts[j]):
            edges.append((i, j))
    return edges


def components(n: int, edges: Sequence[tuple[int, int]], docs: Sequence[str],
               union_find: UnionFind | None = None) -> list[list[int]]:
    """Connected components with members from two documents or more, largest first (then by first item);
    ``union_find`` may hold edges joined already."""
    uf = union_find or UnionFind(n)
    for i, j in edges:
        uf.union(i, j)
    roots = uf.roots()
    order = np.argsort(roots, kind="stable")
    bounds = np.flatnonzero(np.diff(roots[order])) + 1
    groups = [g.tolist() for g in np.split(order, bounds) if len(g) > 1]
    groups = [g for g in groups if len({docs[i] for i in g}) > 1]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def group_items(items: Sequence[ClaimItem], vectors: np.ndarray, threshold: float = THRESHOLD) -> list[list[int]]:
    """Clusters of item indices (each spanning two documents or more)."""
    texts = [it.text for it in items]
    docs = [it.doc_id for it in items]
    sources = [it.source_entity for it in items]
    uf = UnionFind(len(items))
    # block by block, straight into the union-find: no list of all pairs or edges is ever held
    for pairs in candidate_blocks(vectors, min(CANDIDATE_FLOOR, threshold)):
        for i, j in accepted_edges(pairs, texts, docs, threshold, sources):
            uf.union(i, j)
    return components(len(items), [], docs, uf)
