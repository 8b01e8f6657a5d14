"""Claim items → clusters: pairs scored by the pair model, then merged by average linkage.

1. **Pairs.**  The candidate pairs of :mod:`attribution.claims.index` (cosine at least
   :data:`CANDIDATE_FLOOR`) from two different documents get a probability of being one
   claim (:mod:`attribution.claims.pairs`).  A pair whose numbers or names disagree
   (:func:`attribution.claims.check.conflict`) is a *cannot-link*: no cluster may hold both.
   Pairs below :data:`KEEP_FLOOR` are dropped (they count as 0 below).
2. **Blocks.**  Pairs at or above the threshold join their items in a union-find; each
   connected block is clustered on its own (a merge across blocks could never reach the
   threshold), so the work is per block and memory stays linear in the items and kept pairs.
3. **Average linkage** inside a block: start from single items and repeatedly merge the two
   clusters whose mean pair probability (over their pairs from different documents; pairs
   never scored count 0) is highest, while it is at least the threshold and no cannot-link
   lies between them.  Connected components would chain: one near-paraphrase between two
   same-topic claims ("the walkout will last until Friday" / "the union will strike again on
   Friday") would pour both claims into one cluster; a mean over all pairs needs most of the
   two clusters to agree.

Clusters with members from at least two documents are the result; two items of one
document are never counted as evidence for each other (a document repeating itself in its
headline joins through the other outlets).
"""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from attribution.claims.check import conflict
from attribution.claims.index import candidate_blocks
from attribution.claims.items import ClaimItem, parse_date
from attribution.claims.pairs import PairModel, features, load_model

THRESHOLD = 0.5
"""The mean pair probability at or above which two clusters merge: the model's own even odds,
set before looking at any figure (not tuned: ``scripts/bench_claims.py --sweep`` shows others)."""
CANDIDATE_FLOOR = 0.35
"""Only pairs at least this similar in embedding are scored at all (what the index searches for)."""
KEEP_FLOOR = 0.02
"""Scored pairs less likely than this are dropped: as good as 0 in any mean, and most candidate
pairs (claims of one topic) fall below it, so the pairs kept stay few."""
CONFLICT = -1.0
"""The probability a cannot-link pair is kept with."""


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


def same_source(a: str | None, b: str | None) -> bool:
    """Whether two source names share their name words (descriptors aside): "Union leader Rosa Tamm" / "Rosa Tamm"."""
    from attribution.claims.provenance import names_outlet

    return names_outlet(a, b)


def pair_features(a: ClaimItem, b: ClaimItem, cosine: float) -> list[float]:
    """:func:`attribution.claims.pairs.features` of two items."""
    da, db = parse_date(a.date), parse_date(b.date)
    days = abs((da - db).total_seconds()) / 86400 if da and db else None
    return features(a.text, b.text, cosine, same_source(a.source_entity, b.source_entity),
                    a.headline or b.headline, "denied" in (a.certainty, b.certainty), days)


def scored_edges(pairs: np.ndarray, items: Sequence[ClaimItem], model: PairModel | None = None,
                 keep_floor: float = KEEP_FLOOR) -> list[tuple[int, int, float]]:
    """(i, j, probability) for the candidate pairs that join two documents and are kept: those at
    least ``keep_floor`` likely, and cannot-links whose texts would otherwise be that likely."""
    model = model or load_model()
    edges = []
    for i, j, sim in pairs:
        i, j = int(i), int(j)
        a, b = items[i], items[j]
        if a.doc_id == b.doc_id:
            continue
        p = model.probability(pair_features(a, b, float(sim)))
        if p < keep_floor:
            continue
        edges.append((i, j, CONFLICT if conflict(a.text, b.text) else p))
    return edges


@dataclass
class _Cluster:
    members: list[int]
    docs: Counter
    links: dict[int, list[float]] = field(default_factory=dict)
    """other cluster → [sum of pair probabilities, cannot-links]"""
    version: int = 0


def _cross_pairs(a: _Cluster, b: _Cluster) -> int:
    """How many pairs between two clusters join different documents."""
    same = sum(n * b.docs.get(d, 0) for d, n in a.docs.items()) if len(a.docs) <= len(b.docs) else \
        sum(n * a.docs.get(d, 0) for d, n in b.docs.items())
    return len(a.members) * len(b.members) - same


def average_linkage(nodes: Sequence[int], edges: Iterable[tuple[int, int, float]], docs: Sequence[str],
                    threshold: float = THRESHOLD) -> list[list[int]]:
    """Average-linkage clusters of ``nodes`` (item indices) over ``edges`` between them, merging while
    the mean pair probability reaches ``threshold`` and no cannot-link (``CONFLICT``) lies between."""
    clusters = {n: _Cluster([n], Counter({docs[n]: 1})) for n in nodes}
    for i, j, p in edges:
        link_i = clusters[i].links.setdefault(j, [0.0, 0])
        if p == CONFLICT:
            link_i[1] += 1
        else:
            link_i[0] += p
        clusters[j].links[i] = link_i  # one shared record for both directions
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        ca, cb = clusters[a], clusters[b]
        total, conflicts = ca.links[b]
        cross = _cross_pairs(ca, cb)
        if conflicts or not cross:
            return
        mean = total / cross
        if mean >= threshold:
            lo, hi = min(a, b), max(a, b)
            heapq.heappush(heap, (-mean, lo, hi, clusters[lo].version, clusters[hi].version))

    for a in clusters:
        for b in clusters[a].links:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in clusters or b not in clusters or clusters[a].version != va or clusters[b].version != vb:
            continue  # stale: one side has merged since
        if len(clusters[a].members) < len(clusters[b].members):
            a, b = b, a
        keep, gone = clusters[a], clusters.pop(b)
        del keep.links[b]
        for other, (total, conflicts) in gone.links.items():
            if other == a:
                continue
            record = keep.links.setdefault(other, [0.0, 0])
            record[0] += total
            record[1] += conflicts
            other_links = clusters[other].links
            del other_links[b]
            other_links[a] = record
        keep.members += gone.members
        keep.docs.update(gone.docs)
        keep.version += 1
        for other in keep.links:
            push(a, other)
    return [sorted(c.members) for c in clusters.values()]


EdgeArrays = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Scored pairs as three arrays (first items, second items, probabilities): 20 bytes a pair where a
Python tuple costs about a hundred, since a claim told by 50 outlets brings 1,225 pairs."""


def edge_arrays(edges: Sequence[tuple[int, int, float]] | EdgeArrays) -> EdgeArrays:
    """``edges`` as :data:`EdgeArrays` (a list of (i, j, p) tuples is converted)."""
    if isinstance(edges, tuple) and len(edges) == 3 and isinstance(edges[0], np.ndarray):
        return edges
    rows = list(edges)
    return (np.fromiter((e[0] for e in rows), dtype=np.int64, count=len(rows)),
            np.fromiter((e[1] for e in rows), dtype=np.int64, count=len(rows)),
            np.fromiter((e[2] for e in rows), dtype=np.float64, count=len(rows)))


def cluster_edges(n: int, edges: Sequence[tuple[int, int, float]] | EdgeArrays, docs: Sequence[str],
                  threshold: float = THRESHOLD) -> list[list[int]]:
    """Clusters (two documents or more; largest first, then by first item) from scored edges over n items."""
    first, second, prob = edge_arrays(edges)
    uf = UnionFind(n)
    for k in np.flatnonzero(prob >= threshold):
        uf.union(int(first[k]), int(second[k]))
    roots = uf.roots()
    inside = roots[first] == roots[second]  # pairs across blocks can never reach the threshold: dropped
    first, second, prob = first[inside], second[inside], prob[inside]
    order = np.argsort(roots[first], kind="stable")
    first, second, prob = first[order], second[order], prob[order]
    bounds = np.flatnonzero(np.diff(roots[first])) + 1
    groups = []
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(first)]):
        block_edges = list(zip(first[lo:hi].tolist(), second[lo:hi].tolist(), prob[lo:hi].tolist()))
        nodes = sorted({i for e in block_edges for i in e[:2]})
        for g in average_linkage(nodes, block_edges, docs, threshold):
            if len({docs[i] for i in g}) > 1:
                groups.append(g)
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def components(n: int, edges: Sequence[tuple[int, int]], docs: Sequence[str],
               union_find: UnionFind | None = None) -> list[list[int]]:
    """Connected components with members from two documents or more, largest first (then by first item)."""
    uf = union_find or UnionFind(n)
    for i, j in edges:
        uf.union(i, j)
    roots = uf.roots()
    order = np.argsort(roots, kind="stable")
    bounds = np.flatnonzero(np.diff(roots[order])) + 1
    groups = [g.tolist() for g in np.split(order, bounds) if len(g) > 1]
    groups = [g for g in groups if len({docs[i] for i in g}) > 1]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def group_items(items: Sequence[ClaimItem], vectors: np.ndarray, threshold: float = THRESHOLD,
                model: PairModel | None = None) -> list[list[int]]:
    """Clusters of item indices (each spanning two documents or more)."""
    model = model or load_model()
    parts: list[EdgeArrays] = []
    # block by block: only the kept pairs (a few per item, in arrays) are ever held, never all candidate pairs
    for pairs in candidate_blocks(vectors, CANDIDATE_FLOOR):
        parts.append(edge_arrays(scored_edges(pairs, items, model)))
    edges = tuple(np.concatenate([part[k] for part in parts]) if parts else np.zeros(0) for k in range(3))
    return cluster_edges(len(items), (edges[0].astype(np.int64), edges[1].astype(np.int64), edges[2]),
                         [it.doc_id for it in items], threshold)
