"""The learned source-kind classifier (attribution/assemble/kinds.py): shipped, right on the seed, fitted,
and the rules as fallback."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from attribution.assemble import kinds
from attribution.assemble.build import build_report
from attribution.assemble.sources import is_pronoun, source_kind
from attribution.data.jsonl import document_from_record, read_annotations
from attribution.tag.oracle import oracle_tagged
from conftest import ROOT, SEED, SEED_GOLD

ENTITIES_TRAIN = ROOT / "corpus" / "entities" / "train.jsonl"
TRAIN_PARTS = (ROOT / "corpus" / "authored" / "train.jsonl", ENTITIES_TRAIN, ROOT / "corpus" / "chains" / "train.jsonl")


@pytest.fixture(scope="module")
def classifier() -> kinds.KindClassifier:
    return kinds.KindClassifier.load(kinds.DEFAULT_WEIGHTS)


@pytest.fixture(scope="module")
def seed():
    record = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    record["text"] = SEED.read_bytes().decode("utf-8-sig")
    return document_from_record(record)


def test_the_weights_are_shipped_and_used(classifier):
    assert kinds.active_classifier() is not None
    assert classifier.weights.shape == (len(classifier.classes), len(kinds.FEATURES))
    assert {k for k, _ in classifier.classes} <= set(kinds.KINDS)


def test_the_classifier_gives_the_seed_its_gold_kinds(classifier, seed):
    """Every non-pronoun source of the seed, alone and through the whole assembly on gold spans."""
    checked = 0
    for a in seed.attributions:
        if not a.source:
            continue
        start, end = a.source[0]
        text = seed.text[start:end]
        if is_pronoun(text):
            continue
        assert classifier.predict(text, seed.text, start) == (a.source_kind, a.anonymous), text
        checked += 1
    assert checked == 13
    report = build_report(seed.doc_id, seed.text, oracle_tagged(seed))
    got = {(s.start, s.end): (s.kind, s.anonymous) for s in (x.source for x in report.attributions) if s}
    for a in seed.attributions:
        if a.source:
            assert got[a.source[0]] == (a.source_kind, a.anonymous), seed.text[slice(*a.source[0])]


FITTED_ON_LAST = 118
"""The shipped weights were fitted when entity train ended at article 118 (78 articles, 625 non-pronoun
source mentions); later train articles are new to them and judge nothing here."""


def _train_accuracy(classify) -> float:
    right = total = 0
    for doc in read_annotations(ENTITIES_TRAIN):
        if int(doc.doc_id.rsplit("_", 1)[1]) > FITTED_ON_LAST:
            continue
        for a in doc.attributions:
            if not a.source or not a.source_kind:
                continue
            start, end = a.source[0]
            text = doc.text[start:end]
            if is_pronoun(text):
                continue
            total += 1
            right += classify(text, doc.text, start) == (a.source_kind, bool(a.anonymous))
    return right / total


def test_the_classifier_fits_its_training_data_better_than_the_rules(classifier):
    """On the entities train articles the weights were fitted on (625 non-pronoun mentions) the shipped
    weights scored 0.837 when fitted (0.848 after later label fixes), the rules 0.725 (joint kind and
    anonymity).  A dropped or miscomputed feature, or weights read against the wrong
    classes, falls below the threshold (planted: the document evidence switched off -> 0.81; the class
    list reversed -> 0.03)."""
    learned = _train_accuracy(classifier.predict)
    rules = _train_accuracy(lambda text, document, start: source_kind(text, document))
    assert learned >= 0.835
    assert learned > rules + 0.08


def test_every_feature_is_computed():
    """Each feature is on for some source mention of the train parts and off for another, and no two
    features share a name: a feature dropped from the computation (planted: ``head_plural`` always off,
    which the aggregate fit above only just survives) or shadowed by a duplicate name fails here."""
    assert len(set(kinds.FEATURES)) == len(kinds.FEATURES)
    rows = [kinds.features(doc.text[slice(*a.source[0])], doc.text, a.source[0][0])
            for path in TRAIN_PARTS for doc in read_annotations(path) for a in doc.attributions if a.source]
    counts = np.asarray(rows).sum(axis=0)
    never = [f for f, n in zip(kinds.FEATURES, counts) if n == 0]
    always = [f for f, n in zip(kinds.FEATURES, counts) if n == len(rows) and f != "bias"]
    assert never == [] and always == []


def test_context_features_read_the_document():
    document = "The local newspaper Arden Echo reported the closure on Monday. Arden said the plant would shut."
    start = document.index("Arden said")
    on = {f for f, v in zip(kinds.FEATURES, kinds.features("Arden", document, start)) if v}
    assert {"doc_media_intro", "first_capitalised", "len_1", "rule_person", "after_said"} <= on
    assert "first_capitalised_mid_sentence" not in on  # a sentence starts there: its capital says nothing
    alone = {f for f, v in zip(kinds.FEATURES, kinds.features("Arden")) if v}
    assert not any(f.startswith(("doc_", "before_", "after_")) for f in alone)


def test_a_weights_file_with_other_features_is_refused(tmp_path: Path):
    data = json.loads(kinds.DEFAULT_WEIGHTS.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    data["weights"] = [row[:-1] for row in data["weights"]]
    path = tmp_path / "kinds.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="feature list"):
        kinds.KindClassifier.load(path)


def test_without_weights_the_rules_decide(monkeypatch, tmp_path: Path, seed):
    monkeypatch.setattr(kinds, "DEFAULT_WEIGHTS", tmp_path / "missing.json")
    kinds._shipped.cache_clear()
    try:
        assert kinds.active_classifier() is None
        for text in ("the Institute for Fiscal Studies", "Clipster", "the paper", "a pharmacist in Leeds"):
            assert kinds.mention_kind(text, None, None) == source_kind(text)
    finally:
        kinds._shipped.cache_clear()
    with kinds.using(None):
        report = build_report(seed.doc_id, seed.text, oracle_tagged(seed))
    assert all(a.source.kind for a in report.attributions if a.source)


def test_using_overrides_the_shipped_classifier(classifier):
    """Cross-validation swaps classifiers with ``using``: the override wins and is undone after the block."""
    everything_media = kinds.KindClassifier((("media", False), ("person", False)),
                                            np.vstack([np.ones(len(kinds.FEATURES)), np.zeros(len(kinds.FEATURES))]))
    with kinds.using(everything_media):
        assert kinds.mention_kind("Maya Brooks") == ("media", False)
        assert kinds.mention_kind("she") == ("pronoun", False)  # pronouns keep the rules' answer
    assert kinds.mention_kind("Maya Brooks") == ("person", False)


# Names written for this test (none is in a corpus): lower-case name particles inside a capitalised name
@pytest.mark.parametrize("name", [
    "Joost van der Berg", "Marco di Stefano", "Ilse von der Aue", "Renata dos Anjos", "Jean-Paul du Roc",
    "Pieter van den Heuvel", "Karim al-Haddad", "Lucia d'Amato", "Van der Berg", "di Stefano",
    "Mr. van der Berg", "Omar ibn Rashid", "Aart ter Horst", "Anouk le Clerc",
])
def test_a_name_with_particles_is_a_person(name):
    """Particles ("van der", "di", "al-") are no sign of an organisation: the rules and the classifier say person."""
    assert source_kind(name) == ("person", False)
    assert kinds.mention_kind(name, None, None) == ("person", False)
    document = f"{name} said the plan was sound."
    assert kinds.mention_kind(name, document, 0) == ("person", False)


@pytest.mark.parametrize("name", ["Marsh and Tolley", "Pryce, Dunmore and Holt"])
def test_lower_case_words_that_are_no_particles_keep_a_name_a_body(name):
    """Only the particle table excuses a lower-case word: "and" still makes a capitalised name a body's."""
    assert source_kind(name) == ("organization", False)


# The reported slips ("The crowd" an organisation, "the Red Cross" and "Tour de France" persons), then
# mentions of the same sorts in other words and places: other collectives, bodies, events, and names
# of persons and lay groups the fix must leave alone.
@pytest.mark.parametrize("text, mention, kind, anonymous", [
    ("The crowd cheered and said the result was fair.", "The crowd", "other", True),
    ("A spokesman said that the Red Cross said the camp was full.", "the Red Cross", "organization", False),
    ("Organisers said the Tour de France said the stage was safe.", "the Tour de France", "organization", False),
    ("Officials said that the Salvation Army said the shelter was full.", "the Salvation Army", "organization", False),
    ("Doctors Without Borders said the clinic had closed.", "Doctors Without Borders", "organization", False),
    ("Later the audience said the show was too long.", "the audience", "other", True),
    ("Giro d'Italia said the race would go on.", "Giro d'Italia", "organization", False),
    ("By noon Reporters Without Borders said two journalists were held.", "Reporters Without Borders",
     "organization", False),
    ("Outside, the onlookers said the fire spread fast.", "the onlookers", "other", True),
    ("The Monaco Grand Prix said the race was sold out.", "The Monaco Grand Prix", "organization", False),
    ("In 1960 Charles de Gaulle said the war would end.", "Charles de Gaulle", "person", False),
    ("Ursula von der Leyen said the talks would go on.", "Ursula von der Leyen", "person", False),
])
def test_collectives_bodies_and_events_get_their_kind_in_the_report(text, mention, kind, anonymous):
    doc = document_from_record({"doc_id": "k", "text": text, "attributions": [{
        "source": {"start": text.index(mention), "end": text.index(mention) + len(mention), "text": mention},
        "cue": _span(text, "said", text.index(mention)), "content": [_span(text, text[text.index("said", text.index(mention)) + 5:-1])]}]})
    report = build_report(doc.doc_id, doc.text, oracle_tagged(doc))
    got = [(a.source.kind, a.source.anonymous) for a in report.attributions if a.source and a.source.text == mention]
    assert got == [(kind, anonymous)]
    assert source_kind(mention, text) == (kind, anonymous)  # the rules agree, so the classifier-less fallback does too


def test_an_event_word_in_a_description_makes_no_event_name():
    """"Tour organisers" are lay people, as the corpora's "Race organisers": only a capitalised name is an event."""
    text = "Tour organisers said the stage was safe."
    doc = document_from_record({"doc_id": "k", "text": text, "attributions": [{
        "source": _span(text, "Tour organisers"), "cue": _span(text, "said"), "content": [_span(text, "the stage was safe")]}]})
    report = build_report(doc.doc_id, doc.text, oracle_tagged(doc))
    assert [(a.source.kind, a.source.anonymous) for a in report.attributions] == [("other", True)]


def _span(text: str, phrase: str, after: int = 0) -> dict:
    start = text.index(phrase, after)
    return {"start": start, "end": start + len(phrase), "text": phrase}
