"""The precise pairwise check and the index: the parts of grouping that need no encoder."""
from __future__ import annotations

import numpy as np
import pytest

from attribution.claims.check import disagreement, facts
from attribution.claims.group import UnionFind, components
from attribution.claims.index import candidate_pairs, exact_pairs


@pytest.mark.parametrize("a, b, why", [
    ("At least 12 people were killed in the landslide", "At least 21 people were killed in the landslide", "numbers"),
    ("About 3,000 dockworkers walked out", "the number of strikers was 1,200", "numbers"),
    ("Blasting at the quarry caused the landslide", "Blasting at the quarry did not cause the landslide", "negation"),
    ("Holm will run for prime minister", "Holm won't run for prime minister", "negation"),
    ("The plant will be built in Tarsovia by Orvel", "The plant will be built in Mirren by Kessel", "names"),
])
def test_claims_that_differ_are_refused(a, b, why):
    assert disagreement(a, b) == why


@pytest.mark.parametrize("a, b", [
    ("the strike costs 40 million euros a day", "PORT STRIKE COSTS US 40M A DAY"),
    ("About 3,000 dockworkers walked off the job at the port of Kaldera", "3,000 of its members had stopped work"),
    ("The adult frog measures no more than 9 millimetres", "the frog is just 9 millimetres long"),
    ("they could fetch 20 million euros", "they could be worth 20,000,000 euros"),
    ("Marta Holm has decided to stand down", "Holm is stepping aside, her party says"),
    # a number word with its scale is one value: a denial of "two million" meets the "2 million" it denies
    ("The figure of two million is simply wrong", "the records of 2 million customers are on sale"),
    # one name is too little to rule a pair out: the headline names the country, the report the university
    ("Tiny frog found in Norvane's mountain forests",
     "Researchers at Tresk State University have found a new species of frog in the Sella mountains"),
])
def test_the_same_claim_passes(a, b):
    assert disagreement(a, b) is None


def test_number_words_take_their_scale():
    assert facts("about three thousand dockers and nine ships").numbers == frozenset({3000.0, 9.0})
    assert disagreement("two million records were stolen", "2,000 records were stolen") == "numbers"


def test_headline_capitals_are_no_names():
    assert facts("QUARRY BLASTS KILLED TWELVE IN BRECCA").names == frozenset()
    assert "kaldera" in facts("Workers at the port of Kaldera walked out").names


def _clustered_vectors(n_claims: int, per_claim: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n_claims, 64))
    v = np.repeat(centres, per_claim, axis=0) + 0.05 * rng.standard_normal((n_claims * per_claim, 64))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def test_inverted_file_finds_the_exact_pairs():
    vectors = _clustered_vectors(300, 4)
    exact = {(int(a), int(b)) for a, b, _ in exact_pairs(vectors, 0.8)}
    blocked = {(int(a), int(b)) for a, b, _ in candidate_pairs(vectors, 0.8, exact_limit=100, cell_size=40)}
    assert len(exact) == 300 * 6
    assert len(blocked & exact) / len(exact) >= 0.99 and blocked <= exact


def test_exact_pairs_cross_row_blocks(monkeypatch):
    """Pairs whose members fall in different row blocks are still found (block = 7 rows here)."""
    import attribution.claims.index as index

    monkeypatch.setattr(index, "BLOCK", 7)
    vectors = _clustered_vectors(10, 3)
    pairs = {(int(a), int(b)) for a, b, _ in index.exact_pairs(vectors[::-1].copy(), 0.8)}
    assert len(pairs) == 30


def test_components_need_two_documents_and_merge_transitively():
    docs = ["a", "b", "c", "a", "a"]
    groups = components(5, [(0, 1), (1, 2), (3, 4)], docs)
    assert groups == [[0, 1, 2]]  # 3-4 are one document's: no cluster
    uf = UnionFind(4)
    uf.union(0, 3)
    assert uf.find(3) == uf.find(0) != uf.find(1)


def test_blocks_give_each_pair_once():
    """Cells overlap (each vector is in its 3 nearest), yet a pair is scored in one cell only."""
    from attribution.claims.index import candidate_blocks

    vectors = _clustered_vectors(300, 4)
    blocks = [b for b in candidate_blocks(vectors, 0.8, exact_limit=100, cell_size=40) if len(b)]
    keys = [(int(a), int(b)) for block in blocks for a, b, _ in block]
    assert len(keys) == len(set(keys))
    assert set(keys) == {(int(a), int(b)) for a, b, _ in candidate_pairs(vectors, 0.8, exact_limit=100, cell_size=40)}
