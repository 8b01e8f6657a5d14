"""Markup version 2 (entities, acts, floating quotes): what it builds and what it refuses.

The version-2 corpora (``corpus/entities``, ``corpus/chains``) feed the entity
layer and its frozen test part, so a silently wrong entity key or resolves_to
would corrupt the measure itself.  These tests pin the output shape and make
every validation fail on planted bad markup.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
SEED_ENTITIES_GOLD = ROOT.parent / "shared" / "gold" / "seed.entities.gold.json"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_authored_corpus import SEED_MARKUP  # noqa: E402  (the seed in version-1 markup)

# A short article with every version-2 feature: a non-source introduction followed by
# "he", a title, an anonymous group with "one of them", a floating quote, an act, and
# an entity that is never a source.
ARTICLE = """%% topic: politics
%% entity: mccallum = Doug McCallum | person | titles: Surrey Mayor; mayor
%% entity: officials = two officials familiar with the talks | anonymous
%% entity: reyes = Ana Reyes | person | titles: councillor
%% entity: chen = Li Chen | person
SURREY — {ent:mccallum|Surrey Mayor Doug McCallum} opened the meeting. {con:1|The budget is balanced}, \
{src:1 k=pro e=mccallum|he} {cue:1 act=th|believes}.

{con:2|The talks {hdg:spec|could} fail}, {src:2 k=anon e=officials|two officials familiar with the talks} \
{cue:2|said}. "{con:3|Nobody wants that,}" {src:3 k=anon e=officials|one of them} {cue:3|said}.

{src:4,5 k=per e=reyes|Councillor Ana Reyes} {cue:4|said} {con:4|the council would vote}. "{con:5|We have the \
numbers.}" {aut|{ent:chen|Li Chen} chairs the finance committee.} {src:6 k=per e=mccallum|The mayor} \
{cue:6|declined} {con:6|to comment}."""


@pytest.fixture(scope="module")
def bc() -> ModuleType:
    return load_script("build_corpus")


def build(bc: ModuleType, markup: str, version: int = 2) -> dict:
    return bc.build_document("x", bc.parse_markup(markup, "t"), "t", version=version, word_limits=None)


def test_version_2_record_shape(bc):
    doc = build(bc, ARTICLE)
    atts = {a["id"]: a for a in doc["attributions"]}
    assert [a["act"] for a in doc["attributions"]] == ["thought", "speech", "speech", "speech", "speech", "speech"]
    he = atts["a1"]["source"]
    assert (he["text"], he["kind"], he["entity"], he["resolves_to"], he["anonymous"]) == (
        "he", "pronoun", "mccallum", "Doug McCallum", False)
    assert atts["a3"]["source"]["resolves_to"] == "two officials familiar with the talks"
    assert atts["a2"]["source"]["resolves_to"] is None  # the mention is the name itself
    assert atts["a3"]["source"]["anonymous"] is True
    assert atts["a6"]["source"]["resolves_to"] == "Doug McCallum"
    floating = atts["a5"]
    assert floating["floating"] is True and floating["cue"] is None and floating["quote"] == "direct"
    assert floating["source"] == atts["a4"]["source"]
    assert "floating" not in atts["a4"]
    sources = {s["id"]: s for s in doc["sources"]}
    assert list(sources) == ["mccallum", "officials", "reyes"]  # order of first mention; chen is no source
    assert [m["text"] for m in sources["mccallum"]["mentions"]] == ["Surrey Mayor Doug McCallum", "he", "The mayor"]
    assert sources["mccallum"]["titles"] == ["Surrey Mayor", "mayor"]
    assert [m["text"] for m in sources["reyes"]["mentions"]] == ["Councillor Ana Reyes"]  # shared tag counted once
    assert sources["officials"]["anonymous"] is True and sources["mccallum"]["anonymous"] is False
    assert [e["id"] for e in doc["other_entities"]] == ["chen"]
    for s in doc["sources"] + doc["other_entities"]:
        for m in s["mentions"]:
            assert doc["text"][m["start"]:m["end"]] == m["text"]


def test_hedge_only_attribution_act(bc):
    doc = build(bc, "%% entity: ann = Ann | person\n{src:1 k=per e=ann|Ann} {cue:1|said} {con:1|it rained}. "
                    "{con:2|The storm {hdg:bel|is expected to} pass}. {con:3|It {hdg:rep|reportedly} flooded}.")
    assert [a["act"] for a in doc["attributions"]] == ["speech", "thought", "speech"]


def test_other_kind_entities_are_anonymous_unless_named(bc):
    doc = build(bc, "%% entity: w = Witnesses | other\n%% entity: b = The Beatles | other named\n"
                    "{src:1 k=oth e=w|Witnesses} {cue:1|said} {con:1|it rained}. "
                    "{src:2 k=oth e=b|The Beatles} {cue:2|said} {con:2|it shone}.")
    assert [a["source"]["anonymous"] for a in doc["attributions"]] == [True, False]


def _plant(old: str, new: str) -> str:
    assert old in ARTICLE, old
    return ARTICLE.replace(old, new, 1)


@pytest.mark.parametrize("markup, message", [
    (_plant("e=mccallum|he}", "e=mcalum|he}"), "not declared"),
    (_plant("{ent:chen|Li Chen}", "{ent:chan|Li Chen}"), "not declared"),
    (_plant("%% entity: chen = Li Chen | person", "%% entity: chen = Li Chen | person\n%% entity: zed = Zed | person"),
     "declared but never mentioned"),
    (_plant("| anonymous", "| crowd"), "not one of the contract's kinds"),
    (_plant("Li Chen | person", "Li Chen | pronoun"), "never pronoun"),
    (_plant("%% entity: chen", "%% entity: mccallum"), "declared twice"),
    (_plant("%% entity: chen", "%% entity: Chen"), "lower-case slug"),
    (_plant("Doug McCallum | person", "Doug McCallum | person | mayor"), "titles:"),
    (_plant("{src:1 k=pro e=mccallum|he}", "{src:1 k=pro|he}"), "without e=KEY"),
    (_plant("e=mccallum|he}", "e=mccallum r=2|he}"), "r= is markup version 1"),
    (_plant("act=th|", "act=guess|"), "bad act"),
    (_plant("{ent:chen|Li Chen}", "{ent:chen anon|Li Chen}"), "ent takes only an entity key"),
    (_plant("Li Chen | person", "Lee Chen | person"), "holds its name"),
    (_plant("titles: councillor", "titles: alderman"), "does not occur in the text"),
    (_plant("| anonymous", "| other named"), "anonymous mention .* of the named entity"),
    (_plant("{src:4,5 k=per e=reyes|", "{src:4,5 k=per e=officials|"), "person mention"),
    (_plant("{src:3 k=anon e=officials|", "{src:3 k=oth e=mccallum|"), "other mention .* of the person"),
    (_plant('"{con:5|We have the numbers.}"', "{con:5|We have the numbers}."), "not a quotation"),
    (_plant('"{con:5|We have', '{ent:reyes|Reyes} smiled. "{con:5|We have'), "source must be the nearest"),
    (_plant('"{con:5|We have', '{ent:reyes|She} smiled. "{con:5|We have'), "source must be the nearest"),
    (_plant('"{con:5|We have the numbers.}"', '"{con:5|We have the numbers.}" {rcp:5|reporters}'), "no recipient"),
    (_plant("{cue:6|declined}", "declined"), "no cue.*not a quotation"),  # a lone source must float a quote
    (_plant("{src:6 k=per e=mccallum|The mayor}", "The mayor"), "both be present"),
])
def test_bad_version_2_markup_fails_loudly(bc, markup, message):
    with pytest.raises(bc.CorpusError, match=message):
        build(bc, markup)


def test_possessive_mentions_do_not_take_a_floating_quote(bc):
    """"Reyes said X, as her aides watched. "Quote."": the quote is Reyes's, not her possessive's."""
    for between in ("{ent:reyes|her} aides nodded.", "{ent:reyes|Reyes’s} aides nodded.",
                    "Reporters asked {ent:reyes|her} why."):
        doc = build(bc, ARTICLE.replace('"{con:5|We have', between + ' "{con:5|We have'))
        assert doc["attributions"][4]["floating"] is True


def test_floating_source_must_precede_its_quote(bc):
    ok = '%% entity: ann = Ann | person\n{src:1,2 k=per e=ann|Ann} {cue:1|said} {con:1|it rained}. "{con:2|It poured.}"'
    assert build(bc, ok)["attributions"][1]["floating"] is True
    late = '%% entity: ann = Ann | person\n"{con:2|It poured.}" {src:1,2 k=per e=ann|Ann} {cue:1|said} {con:1|it rained}.'
    with pytest.raises(bc.CorpusError, match="must come before"):
        build(bc, late)


@pytest.mark.parametrize("markup, message", [
    ("%% entity: ann = Ann | person\n{src:1 k=per|Ann} {cue:1|said} {con:1|it rained}.", "'%% entity:'"),
    ("{src:1 k=per e=ann|Ann} {cue:1|said} {con:1|it rained}.", "e= is markup version 2"),
    ("{src:1 k=per|Ann} {cue:1 act=th|thinks} {con:1|it rained}.", "act= is markup version 2"),
    ('{src:1,2 k=per|Ann} {cue:1|said} {con:1|it rained}. "{con:2|It poured.}"', "both be present"),
])
def test_version_1_refuses_version_2_markup(bc, markup, message):
    bc.MIN_WORDS, saved = 0, bc.MIN_WORDS
    try:
        with pytest.raises(bc.CorpusError, match=message):
            build(bc, markup, version=1)
    finally:
        bc.MIN_WORDS = saved


def test_word_limits_apply_per_corpus(bc):
    markup = "%% entity: ann = Ann | person\n{src:1 k=per e=ann|Ann} {cue:1|said} {con:1|it rained}."
    with pytest.raises(bc.CorpusError, match="words, outside 100-350"):
        bc.build_document("x", bc.parse_markup(markup, "t"), "t", version=2, word_limits=bc.CORPORA["entities"])
    assert bc.CORPORA["chains"] is None
    build(bc, markup)


def _seed_v2_markup() -> str:
    """The seed article with an entity key on every source instead of r= links."""
    keys = {1: "media", 2: "al-arabiya", 3: "al-arabiya", 4: "lna-anon", 5: "al-arabiya", 6: "lna-sources",
            7: "lna-sources", 9: "haftar", 10: "lna-sources", 11: "haftar", 12: "arabic-media", 13: "lna-statement",
            14: "russia-mfa"}

    def src(m: re.Match) -> str:
        ids, args = m.group(1), [a for a in m.group(2).split() if not a.startswith("r=")]
        return "{src:" + ids + " " + " ".join(args + [f"e={keys[int(ids.split(',')[0])]}"]) + "|"

    body = re.sub(r"\{src:([\d,]+) ([^|]*)\|", src, SEED_MARKUP)
    body = body.replace("(LNA) Khalifa Haftar", "(LNA) {ent:haftar|Khalifa Haftar}", 1)
    decls = """%% entity: media = media | media
%% entity: al-arabiya = Al Arabiya | media
%% entity: lna-anon = anonymous LNA sources | anonymous
%% entity: lna-sources = The LNA’s sources | anonymous
%% entity: haftar = Khalifa Haftar | person | titles: Commander of the Libyan National Army (LNA)
%% entity: arabic-media = Arabic media reports | media
%% entity: lna-statement = an LNA statement | document
%% entity: russia-mfa = Russia’s Ministry of Foreign Affairs | government
"""
    return decls + body


def test_seed_in_version_2_markup_matches_the_entity_gold(bc):
    """Same kinds, anonymity and resolves_to as the entity gold, and the same grouping of its keys."""
    if not SEED_ENTITIES_GOLD.exists():
        pytest.skip("shared seed entity gold not available")
    gold = json.loads(SEED_ENTITIES_GOLD.read_text(encoding="utf-8"))
    doc = build(bc, _seed_v2_markup())
    mine = {a["id"]: a for a in doc["attributions"]}
    keyed = []
    for g in gold["attributions"]:
        m = mine[g["id"]]
        assert m["content"] == g["content"]
        if g["source"] is None:
            assert m["source"] is None
            continue
        for field in ("start", "end", "kind", "anonymous", "resolves_to"):
            assert m["source"][field] == g["source"][field], (g["id"], field)
        if g["source"].get("entity"):
            keyed.append((g["source"]["entity"], m["source"]["entity"]))
    for gi, mi in keyed:
        for gj, mj in keyed:
            assert (gi == gj) == (mi == mj)
    assert {s["id"]: s["name"] for s in doc["sources"]}["haftar"] == "Khalifa Haftar"


def test_mention_forms(bc):
    forms = {("he", "Doug McCallum"): "pronoun", ("Doug McCallum", "Doug McCallum"): "name",
             ("Surrey Mayor Doug McCallum", "Doug McCallum"): "titled name",
             ("Mr. McCallum", "Doug McCallum"): "honorific + name", ("McCallum", "Doug McCallum"): "partial name",
             ("McCallum’s", "Doug McCallum"): "partial name", ("Doug", "Doug McCallum"): "partial name",
             ("The Post", "The New York Post"): "partial name", ("LNA", "Libyan National Army"): "acronym",
             ("the LNA", "Libyan National Army"): "acronym", ("the mayor", "Doug McCallum"): "description",
             ("one of them", "two officials"): "description"}
    assert {k: bc.mention_form(*k) for k in forms} == forms


def test_corpus_option_builds_split_files(bc, tmp_path, capsys):
    src = tmp_path / "src"
    (src / "test").mkdir(parents=True)
    (src / "train").mkdir()
    filler = " ".join(["The council met on Monday."] * 4)
    for split in ("test", "train"):
        (src / split / "001_a.txt").write_text(ARTICLE + "\n\n{aut|" + filler.replace(". The", ".} {aut|The") + "}\n",
                                              encoding="utf-8")
    assert bc.main(["--corpus", "chains", "--src", str(src), "--out", str(tmp_path)]) == 0
    assert "sources (entities)" in capsys.readouterr().out
    test = [json.loads(x) for x in (tmp_path / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in test] == ["chains_test_001"]
    (tmp_path / "train.jsonl").unlink()
    assert bc.main(["--corpus", "chains", "--split", "test", "--src", str(src), "--out", str(tmp_path)]) == 0
    assert not (tmp_path / "train.jsonl").exists()
    (src / "train" / "002_b.txt").write_text(ARTICLE.replace("e=mccallum|he}", "e=nobody|he}"), encoding="utf-8")
    assert bc.main(["--corpus", "chains", "--split", "test", "--src", str(src), "--out", str(tmp_path)]) == 0
    assert bc.main(["--corpus", "chains", "--src", str(src), "--out", str(tmp_path)]) == 1
    assert "not declared" in capsys.readouterr().err


def test_authored_corpus_builds_byte_identically(bc, tmp_path):
    """Version 2 must not change a byte of the authored corpus (its records keep the version-1 shape)."""
    assert bc.main(["--out", str(tmp_path)]) == 0
    for name in ("train.jsonl", "dev.jsonl"):
        assert (tmp_path / name).read_bytes() == (ROOT / "corpus" / "authored" / name).read_bytes(), name


@pytest.mark.parametrize("corpus", ["entities", "chains"])
def test_committed_version_2_files_are_current(bc, corpus, tmp_path):
    """Every committed corpus/NAME/SPLIT.jsonl is what its markup builds to now."""
    for split in bc.SPLITS:
        committed = ROOT / "corpus" / corpus / f"{split}.jsonl"
        if not committed.exists():
            continue
        assert bc.main(["--corpus", corpus, "--split", split, "--out", str(tmp_path)]) == 0
        assert (tmp_path / f"{split}.jsonl").read_bytes() == committed.read_bytes(), (corpus, split)
