"""The copies under tests/fixtures/ stay true to what they copy, so a bare clone tests what CI tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.data.jsonl import document_from_record
from conftest import FIXTURES, ROOT, SEED, SEED_GOLD

SHARED_SEED_GOLD = ROOT.parent / "shared" / "gold" / "seed.gold.json"
TINY_TRAIN = FIXTURES / "authored.tiny.jsonl"


def test_seed_gold_copy_matches_the_shared_gold():
    if not SHARED_SEED_GOLD.exists():
        pytest.skip(f"no {SHARED_SEED_GOLD} beside this clone to compare the copy with (CI has it)")
    assert SEED_GOLD.read_bytes() == SHARED_SEED_GOLD.read_bytes(), "refresh tests/fixtures/seed.gold.json"


def test_seed_gold_copy_fits_the_seed_article():
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    doc = document_from_record({**gold, "text": SEED.read_text(encoding="utf-8")})  # checks every slice
    assert len(doc.attributions) == 15


def test_tiny_training_fixture_reads_as_annotations():
    """Three authored articles (the first of corpus/authored/train.jsonl when copied), frozen for the training test."""
    from attribution.data.jsonl import read_annotations

    docs = list(read_annotations(TINY_TRAIN))  # checks every slice against its text
    assert len(docs) == 3 and all(d.attributions for d in docs)
    assert any(a.via for d in docs for a in d.attributions)  # chains too, not only plain attributions
