"""Stage 4: assembly rules, checked with a perfect (gold) tagger so only the rules are under test."""
from __future__ import annotations

import pytest

from attribution.assemble.build import build_report
from attribution.assemble.hedges import find_hedges
from attribution.assemble.publisher import find_publisher
from attribution.assemble.sources import is_description, source_kind
from attribution.data.annotations import AnnotatedDocument, GoldAttribution
from attribution.data.jsonl import document_from_record
from attribution.tag.oracle import oracle_tagged
from attribution.validate import contract_errors


@pytest.fixture(scope="module")
def seed_report(seed_text):
    import json

    from conftest import SEED_GOLD

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    doc = document_from_record(dict(gold, text=seed_text))
    return build_report(doc.doc_id, doc.text, oracle_tagged(doc))


def _find(report, cue: str, source: str | None = None):
    for a in report.attributions:
        if a.cue and a.cue.text == cue and (source is None or (a.source and a.source.text == source)):
            return a
    raise AssertionError(f"no attribution with cue {cue!r} / source {source!r}")


def test_seed_chain_via_al_arabiya(seed_report):
    says = _find(seed_report, "says", "Al Arabiya")
    citing = _find(seed_report, "citing", "anonymous LNA sources")
    assert citing.via == says.id
    assert citing.content[0].text == says.content[0].text
    assert citing.source.kind == "anonymous" and citing.source.anonymous
    from attribution.report.terminal import chain_text

    assert chain_text(seed_report, citing) == "TASS → Al Arabiya → anonymous LNA sources"


def test_seed_recipient_and_via_from_recipient(seed_report):
    told = _find(seed_report, "told")
    assert told.recipient.text == "Al Arabiya"
    assert told.via == _find(seed_report, "says").id
    confirmed = _find(seed_report, "confirmed")
    assert confirmed.recipient.text == "TASS" and confirmed.via is None  # the publisher is never a via
    assert confirmed.certainty == "confirmed"


def test_seed_coreference(seed_report):
    they = _find(seed_report, "said", "they")
    assert they.source.kind == "pronoun" and they.source.resolves_to == "The LNA’s sources" and they.source.anonymous
    report = _find(seed_report, "According to", "the report")
    assert report.source.resolves_to == "Al Arabiya" and report.source.kind == "document"
    names = {s.name for s in seed_report.sources}
    assert {"Al Arabiya", "The LNA’s sources", "Russia’s Ministry of Foreign Affairs"} <= names


def test_seed_headline_dash_and_hedges(seed_report):
    dash = _find(seed_report, "—")
    assert dash.source.text == "media" and dash.source.kind == "media"
    assert dash.content[0].text == "Libya’s Haftar won’t sign peace deal until amendments are made"
    hedges = [h.text for s in seed_report.sentences for h in s.hedges]
    assert hedges == ["reportedly", "allegedly"]
    assert seed_report.publisher.text == "TASS"


def test_seed_report_is_contract_valid(seed_report, seed_text):
    assert contract_errors(seed_report.to_dict(), seed_text) == []
    voices = {s.index: s.voice for s in seed_report.sentences}
    assert voices[0] == "author" and voices[3] == "attributed"


def test_hedge_only_attribution_has_no_source():
    text = "The minister reportedly resigned on Friday after the vote. Markets fell."
    doc = AnnotatedDocument("h", text, [])
    rep = build_report("h", text, oracle_tagged(doc))
    assert len(rep.attributions) == 1
    a = rep.attributions[0]
    assert a.source is None and a.cue is None and a.implicit_source
    assert a.content[0].text == "The minister reportedly resigned on Friday after the vote"
    assert [h.text for h in a.hedges] == ["reportedly"] and a.certainty == "hedged"
    assert rep.sentences[1].voice == "author"


def test_direct_quote_strips_marks():
    text = '"We will not sign," the minister said.'
    att = GoldAttribution(cue=[(31, 35)], source=[(20, 30)], content=[(0, 19)])
    rep = build_report("q", text, oracle_tagged(AnnotatedDocument("q", text, [att])))
    a = rep.attributions[0]
    assert a.content[0].text == "We will not sign," and a.quote == "direct"
    assert a.source.kind == "person"


@pytest.mark.parametrize("text,kind,anon", [
    ("a source familiar with the matter", "anonymous", True),
    ("officials who spoke on condition of anonymity", "anonymous", True),
    ("diplomatic sources", "anonymous", True),
    ("Reuters", "media", False),
    ("the Interior Ministry", "government", False),
    ("a statement", "document", False),
    ("Khalifa Haftar", "person", False),
    ("they", "pronoun", False),
    ("Acme Corp", "organization", False),
])
def test_source_kinds(text, kind, anon):
    assert source_kind(text) == (kind, anon)


def test_descriptions():
    assert is_description("the sources") and is_description("the 45-year-old")
    assert not is_description("the White House")


def test_hedge_classes_and_may_the_month():
    text = "He is believed to have left. It may rain. In May 2020 it was confirmed. Allegedly so."
    found = [(h.text, h.cls) for h in find_hedges(text)]
    assert ("is believed to", "belief") in found and ("may", "speculative") in found
    assert ("confirmed", "certain") in found and ("Allegedly", "reportative") in found
    assert not any(t == "May" for t, _ in found)


@pytest.mark.parametrize("text,name", [
    ("CAIRO, January 14. /TASS/. Body.", "TASS"),
    ("LONDON (Reuters) - Prices rose.", "Reuters"),
    ("Body text.\n— AP", "AP"),
    ("No dateline here.", None),
])
def test_publisher(text, name):
    p = find_publisher(text)
    assert (p.text if p else None) == name
    if p:
        assert text[p.start:p.end] == p.text
