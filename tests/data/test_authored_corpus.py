"""The project-authored corpus: markup → JSONL builds cleanly and keeps the contract's invariants."""
from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_fff7737d1579c4c2.txt"
SEED_GOLD = ROOT / "tests" / "fixtures" / "seed.gold.json"  # the hand-made seed gold, copied into the repository
KINDS = {"person", "organization", "government", "media", "document", "anonymous", "pronoun", "other"}
HEDGE_CLASSES = {"reportative", "speculative", "belief", "certain"}

# The seed article in the corpus markup.  Built, it must equal the hand-made seed gold
# (which puts a9's source on the "Haftar" that opens the following sentence; kept as is).
SEED_MARKUP = """All news

{con:1|Libya’s Haftar won’t sign peace deal until amendments are made} {cue:1|—} {src:1 k=med|media}

{cue:2|According to} {src:2 k=doc r=3|the report}, {con:2|Haftar has already returned to Benghazi after leaving \
Moscow without signing the deal}

CAIRO, January 14. /{pub|TASS}/. {con:3,4|Commander of the Libyan National Army (LNA) Khalifa Haftar will not sign \
a ceasefire deal with the forces of the Government of National Accord (GNA) led by Fayez Al-Sarraj, until all his \
notes and amendments are included in the draft}, {cue:3|says} {src:3 k=med|Al Arabiya} {cue:4 v=3|citing} \
{src:4 k=anon|anonymous LNA sources}.

{cue:5|According to} {src:5 k=doc r=3|the report}, {con:5|Haftar has already returned to Benghazi after leaving \
Moscow without signing the deal with the GNA}. {src:6 k=anon|The LNA’s sources} {cue:6 v=3|told} {rcp:6|Al Arabiya} \
that {con:6|Haftar and his aides will once again "comprehensively study the terms of agreement for existing gaps," \
before making a final decision}.

"{con:7|Haftar will not sign the document unless amendments are made and a clause on disarming, disbanding and \
liquidating the militias is added, because [Haftar] does not recognize them and sees no stability in Libya until \
the militias are eliminated,}" {src:7 k=pro r=6|they} {cue:7 v=3|said}.

Besides, {con:8|Haftar {hdg:rep|reportedly} rejected any Turkish interference, mediation or participation in the \
monitoring of the ceasefire in Libya}, {cue:9|pointing out} that {con:9|the draft document "ignored a number of the \
LNA’s demands"}. {src:9 k=per|Haftar} was also frustrated that the document did not state that Turkish forces must \
be withdrawn from Libya, and that a deal between the GNA and Ankara must be annulled. {aut|The latter deal was signed \
in late November and includes military cooperation.} {con:10|{src:11 k=per|Haftar} also {cue:11 v=10|demanded} that \
{con:11|the GNA must not sign any agreements without consulting the LNA}}, {src:10 k=anon r=6|the sources} \
{cue:10 v=3|said}.

{aut|On January 12, a ceasefire brokered by Russia and Turkey came into effect.} {aut|The next day, delegates from \
the opposing sides came to Moscow for negotiations, which resulted in the GNA signing the ceasefire deal.} Haftar \
took time out {hdg:rep|allegedly} to study the agreement, but {con:12|later}, {cue:12|according to} \
{src:12 k=med|Arabic media reports}, {con:12|departed from the Russian capital}. In the early hours of January 14, \
armed clashes resumed in Tripoli’s south, followed by {src:13 k=doc|an LNA statement} {cue:13|saying} {con:13|it is \
"ready and determined" to achieve victory}.

On Tuesday, {src:14,15 k=gov|Russia’s Ministry of Foreign Affairs} {cue:14|confirmed} to {rcp:14|TASS} that \
{con:14|the LNA commander left without signing the deal}, {cue:15|adding} that {con:15|Moscow would continue working \
with both sides of the Libyan conflict}."""


@pytest.fixture(scope="module")
def bc() -> ModuleType:
    return load_script("build_corpus")


@pytest.fixture(scope="module")
def built(bc: ModuleType, tmp_path_factory) -> dict[str, list[dict]]:
    out = tmp_path_factory.mktemp("authored")
    assert bc.main(["--out", str(out)]) == 0
    return {split: [json.loads(line) for line in (out / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
            for split in ("train", "dev")}


def _spans(doc: dict):
    if doc["publisher"]:
        yield doc["publisher"]
    yield from doc["hedges"]
    for a in doc["attributions"]:
        yield from (s for s in (a["source"], a["cue"], a["recipient"]) if s)
        yield from a["content"]
        yield from a["hedges"]


def test_sizes_and_split(built):
    docs = built["train"] + built["dev"]
    assert len(docs) >= 60
    assert built["dev"] and built["train"]
    assert all(int(d["doc_id"].split("_")[1]) % 5 == 0 for d in built["dev"])
    assert all(int(d["doc_id"].split("_")[1]) % 5 != 0 for d in built["train"])
    assert len({d["doc_id"] for d in docs}) == len(docs)


def test_every_span_slices_the_text(built):
    for doc in built["train"] + built["dev"]:
        text = doc["text"]
        for s in _spans(doc):
            assert text[s["start"]:s["end"]] == s["text"], (doc["doc_id"], s)
            assert s["text"] and s["text"] == s["text"].strip(), (doc["doc_id"], s)
        for sentence in doc["unattributed_sentences"]:
            assert sentence in text


def test_ids_via_hedges_and_kinds(built):
    kinds: set[str] = set()
    dev_kinds: set[str] = set()
    for split, docs in built.items():
        for doc in docs:
            ids = [a["id"] for a in doc["attributions"]]
            assert len(ids) == len(set(ids))
            doc_hedges = {(h["start"], h["end"], h["class"]) for h in doc["hedges"]}
            assert all(h["class"] in HEDGE_CLASSES for h in doc["hedges"])
            for a in doc["attributions"]:
                assert a["via"] is None or (a["via"] in ids and a["via"] != a["id"])
                assert a["quote"] in {"direct", "mixed", "indirect"}
                assert {(h["start"], h["end"], h["class"]) for h in a["hedges"]} <= doc_hedges
                if a["source"] is None:
                    assert a["cue"] is None and a.get("implicit_source") is True and a["hedges"]
                else:
                    assert a["cue"] is not None
                    kind = a["source"]["kind"]
                    assert kind in KINDS
                    kinds.add(kind)
                    if split == "dev":
                        dev_kinds.add(kind)
                    if kind == "anonymous":
                        assert a["source"]["anonymous"] is True
                    if kind == "pronoun":
                        assert a["source"]["resolves_to"]
    assert kinds == KINDS
    assert dev_kinds == KINDS


def test_corpus_is_rich_in_the_rule_layer_phenomena(built):
    atts = [a for d in built["train"] + built["dev"] for a in d["attributions"]]
    classes = {h["class"] for d in built["train"] + built["dev"] for h in d["hedges"]}
    assert classes == HEDGE_CLASSES
    assert sum(a["via"] is not None for a in atts) >= 20
    assert sum(a["recipient"] is not None for a in atts) >= 20
    assert sum(bool(a.get("implicit_source")) for a in atts) >= 10
    assert {a["quote"] for a in atts} == {"direct", "mixed", "indirect"}
    assert any(a["cue"] and a["cue"]["text"] == "—" for a in atts)
    assert any(a["cue"] and a["cue"]["text"] == ":" for a in atts)


def test_the_project_reader_accepts_the_corpus(built, tmp_path):
    from attribution.data.jsonl import read_annotations, write_annotations

    path = tmp_path / "dev.jsonl"
    write_annotations(built["dev"], path)
    docs = list(read_annotations(path))
    assert len(docs) == len(built["dev"])
    assert all(d.attributions for d in docs)


@pytest.mark.parametrize("markup, message", [
    ("{src:1 k=per|Ann} {cue:1|said} {con:1|it rained", "never closed"),
    ("Ann said it rained.}", "unmatched"),
    ("{src:1 k=boss|Ann} {cue:1|said} {con:1|it rained}.", "bad kind"),
    ("{src:1 k=per|Ann} {cue:1 v=9|said} {con:1|it rained}.", "via"),
    ("{src:1 k=per|Ann} {cue:1|said} {con:1|it rained.}", "period"),
    ("{con:1|Ann left}.", "without a hedge"),
    ("{src:1 k=per|Ann } {cue:1|said} {con:1|it rained}.", "whitespace"),
    ("{con:1|Ann {hdg:rep|reportedly} left}. She allegedly came back.", "unmarked"),
])
def test_bad_markup_fails_loudly(bc, markup, message):
    bc.MIN_WORDS, saved = 0, bc.MIN_WORDS
    try:
        with pytest.raises(bc.CorpusError, match=message):
            bc.build_document("x", bc.parse_markup(markup, "t"), "t")
    finally:
        bc.MIN_WORDS = saved


def test_markup_reproduces_the_seed_gold(bc):
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    saved = bc.MIN_WORDS, bc.MAX_WORDS
    bc.MIN_WORDS, bc.MAX_WORDS = 0, 10_000
    try:
        doc = bc.build_document(gold["doc_id"], bc.parse_markup(SEED_MARKUP, "seed"), "seed")
    finally:
        bc.MIN_WORDS, bc.MAX_WORDS = saved
    assert doc["text"] == SEED.read_text(encoding="utf-8")
    assert doc["publisher"] == gold["publisher"]
    strip = lambda hs: [{k: v for k, v in h.items() if k != "class"} for h in hs]  # noqa: E731
    assert strip(doc["hedges"]) == gold["hedges"]
    assert doc["unattributed_sentences"] == gold["unattributed_sentences"]
    assert len(doc["attributions"]) == len(gold["attributions"])
    for mine, theirs in zip(doc["attributions"], gold["attributions"]):
        mine = {**mine, "hedges": strip(mine["hedges"])}
        assert {k: mine.get(k) for k in theirs} == theirs
