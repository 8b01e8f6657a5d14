"""The claim-provenance corpus (corpus/claims/): its gold is valid, and the validator catches planted errors.

The gold is hand-written JSON; the validator in scripts/build_claims_corpus.py is what keeps
it honest, so each of its checks is exercised here by planting one defect in a copy of the
frozen test split and requiring the matching complaint.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
TEST_SPLIT = ROOT / "corpus" / "claims" / "test"
TRAIN_SPLIT = ROOT / "corpus" / "claims" / "train"
TEST2_SPLIT = ROOT / "corpus" / "claims" / "test2"
TEST3_SPLIT = ROOT / "corpus" / "claims" / "test3"
TEST4_SPLIT = ROOT / "corpus" / "claims" / "test4"
TEST5_SPLIT = ROOT / "corpus" / "claims" / "test5"
TEST6_SPLIT = ROOT / "corpus" / "claims" / "test6"
TEST7_SPLIT = ROOT / "corpus" / "claims" / "test7"
TEST8_SPLIT = ROOT / "corpus" / "claims" / "test8"
TEST9_SPLIT = ROOT / "corpus" / "claims" / "test9"


@pytest.fixture(scope="module")
def cc() -> ModuleType:
    return load_script("build_claims_corpus")


def _splits() -> list[Path]:
    return [p for p in (TEST_SPLIT, TEST2_SPLIT, TEST3_SPLIT, TEST4_SPLIT, TEST5_SPLIT, TEST6_SPLIT, TEST7_SPLIT, TEST8_SPLIT, TEST9_SPLIT,
                           TRAIN_SPLIT) if (p / "gold.json").exists()]


@pytest.mark.parametrize("path", _splits(), ids=lambda p: p.name)
def test_split_is_valid(cc: ModuleType, path: Path) -> None:
    split = cc.load_split(path)
    assert cc.validate(split) == []


def test_frozen_test_split_covers_every_flag_and_a_distractor(cc: ModuleType) -> None:
    split = cc.load_split(TEST_SPLIT)
    assert split.gold["frozen"] is True
    sizes = cc.counts(split)
    assert sizes["stories"] >= 4
    assert sizes["distractor_stories"] >= 1
    assert all(n >= 1 for n in sizes["flags"].values()), sizes["flags"]
    assert sizes["unflagged_clusters"] >= 1


def test_train_split_has_eight_stories_and_a_distractor(cc: ModuleType) -> None:
    split = cc.load_split(TRAIN_SPLIT)
    assert split.gold["frozen"] is False
    sizes = cc.counts(split)
    assert sizes["stories"] >= 8
    assert sizes["distractor_stories"] >= 1
    assert all(n >= 1 for n in sizes["flags"].values()), sizes["flags"]


def test_doc_ids_are_unique_across_splits(cc: ModuleType) -> None:
    ids = [doc_id for path in _splits() for doc_id in cc.load_split(path).articles]
    assert len(ids) == len(set(ids))


def test_cli_exits_zero_and_writes_reader_ready_jsonl(cc: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "docs.jsonl"
    assert cc.main(["--split", str(TEST_SPLIT), "--jsonl", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    split = cc.load_split(TEST_SPLIT)
    assert {r["doc_id"] for r in rows} == set(split.articles)
    assert all(r["text"] == split.articles[r["doc_id"]].text and r["outlet"] for r in rows)


# --- planted errors ---------------------------------------------------------------------

def _cluster(gold: dict[str, Any], cluster_id: str) -> dict[str, Any]:
    return next(c for s in gold["stories"] for c in s["clusters"] if c["id"] == cluster_id)


def _repeated_word(text: str) -> str:
    """A word that the document holds more than once, so a member pointing at it is ambiguous."""
    words = [w for w in text.split() if w.isalpha() and len(w) > 3]
    return next(w for w in words if text.count(w) > 1)


def _text_not_in_doc(gold: dict, docs: Path) -> None:
    _cluster(gold, "t01-c1")["members"][0]["text"] += " overnight"


def _text_twice(gold: dict, docs: Path) -> None:
    member = _cluster(gold, "t01-c1")["members"][0]
    member["text"] = _repeated_word((docs / f"{member['doc']}.txt").read_text(encoding="utf-8"))


def _duplicate_cluster_id(gold: dict, docs: Path) -> None:
    _cluster(gold, "t01-c2")["id"] = "t01-c1"


def _one_document_cluster(gold: dict, docs: Path) -> None:
    cluster = _cluster(gold, "t01-c1")
    cluster["members"] = cluster["members"][:1]


def _unknown_flag(gold: dict, docs: Path) -> None:
    _cluster(gold, "t01-c1")["flags"].append({"flag": "rumour", "reason": "made up"})


def _flag_forgotten(gold: dict, docs: Path) -> None:
    cluster = _cluster(gold, "t01-c3")
    cluster["flags"] = [f for f in cluster["flags"] if f["flag"] != "contradicted"]


def _flag_unsupported(gold: dict, docs: Path) -> None:
    _cluster(gold, "t01-c1")["flags"].append({"flag": "circular", "reason": "no loop at all"})


def _hedge_unsupported(gold: dict, docs: Path) -> None:
    # The early, hedged report loses its hedge: nothing was dropped any more.
    for member in _cluster(gold, "t02-c1")["members"]:
        member.pop("hedge", None)


def _origin_not_a_member(gold: dict, docs: Path) -> None:
    _cluster(gold, "t01-c1")["origin"] = "m9"


def _duplicate_member_id(gold: dict, docs: Path) -> None:
    _cluster(gold, "t01-c1")["members"][1]["id"] = "m1"


def _member_from_other_story(gold: dict, docs: Path) -> None:
    _cluster(gold, "t01-c1")["members"][1]["doc"] = "t02b_blaze"


def _orphan_document(gold: dict, docs: Path) -> None:
    (docs / "t99z_stray.txt").write_text("A stray article nobody annotated.\n", encoding="utf-8")


def _title_mismatch(gold: dict, docs: Path) -> None:
    gold["documents"]["t01a_meridian"]["title"] = "At least 21 dead"


def _hedge_far_from_claim(gold: dict, docs: Path) -> None:
    _cluster(gold, "t01-c1")["members"][0]["hedge"] = "may have"  # in another paragraph of t01a


def _author_voice_with_source(gold: dict, docs: Path) -> None:
    member = next(m for m in _cluster(gold, "t01-c3")["members"] if m["voice"] == "author")
    member["source"] = "the Blaze"


def _source_not_in_doc(gold: dict, docs: Path) -> None:
    _cluster(gold, "t01-c1")["members"][0]["source"] = "Governor Ilse Vargas"


def _same_published_time(gold: dict, docs: Path) -> None:
    gold["documents"]["t01b_courant"]["published"] = gold["documents"]["t01a_meridian"]["published"]


def _distractor_of_unknown(gold: dict, docs: Path) -> None:
    next(s for s in gold["stories"] if s.get("distractor_of"))["distractor_of"] = "t77"


PLANTED: list[tuple[Callable[[dict, Path], None], str]] = [
    (_text_not_in_doc, "occurs 0 times"),
    (_text_twice, "(must be exactly once)"),
    (_duplicate_cluster_id, "cluster ids are not unique"),
    (_one_document_cluster, "a cluster needs at least two"),
    (_unknown_flag, "unknown flag 'rumour'"),
    (_flag_forgotten, "imply flag contradicted, which is missing"),
    (_flag_unsupported, "flag circular does not follow"),
    (_hedge_unsupported, "flag hedge-dropped does not follow"),
    (_origin_not_a_member, "origin 'm9' is not one of its members"),
    (_duplicate_member_id, "member ids are not unique"),
    (_member_from_other_story, "belongs to story t02"),
    (_orphan_document, "t99z_stray.txt has no metadata"),
    (_title_mismatch, "is not the first line"),
    (_hedge_far_from_claim, "hedge 'may have' is not in the paragraph"),
    (_author_voice_with_source, "an author-voice member has ['source']"),
    (_source_not_in_doc, "source 'Governor Ilse Vargas' is not in"),
    (_same_published_time, "share a published time"),
    (_distractor_of_unknown, "distractor_of 't77' is not another story"),
]


@pytest.mark.parametrize("plant, message", PLANTED, ids=[p.__name__.strip("_") for p, _ in PLANTED])
def test_validator_reports_planted_error(cc: ModuleType, tmp_path: Path, plant, message: str) -> None:
    copy = tmp_path / "test"
    shutil.copytree(TEST_SPLIT, copy)
    gold = json.loads((copy / "gold.json").read_text(encoding="utf-8"))
    plant(gold, copy / "docs")
    (copy / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    errors = cc.validate(cc.load_split(copy))
    assert any(message in e for e in errors), errors
