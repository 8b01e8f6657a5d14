"""The lexicons as data: one loader, well-formed files, and classes meant to be exclusive share no word."""
from __future__ import annotations

import itertools
import re

import pytest

from attribution import lexicons

# each of these decides a different source kind, so a word in two of them would be decided by rule order alone
KIND_CLASSES = ("media_words", "media_names", "government_words", "organization_words", "document_words",
                "person_words")


@pytest.mark.parametrize("a,b", list(itertools.combinations(KIND_CLASSES, 2)))
def test_kind_classes_share_no_word(a, b):
    assert not lexicons.words("sources", a) & lexicons.words("sources", b)


def test_hedge_classes_share_no_phrase():
    classes = lexicons.load("hedges")["classes"]
    for a, b in itertools.combinations(classes, 2):
        assert not set(classes[a]) & set(classes[b]), (a, b)


@pytest.mark.parametrize("name", ["sources", "hedges", "reporting", "acts", "chains", "datelines"])
def test_lexicon_files_are_lower_case_lists_without_repeats(name):
    data = lexicons.load(name)
    lists = {k: v for k, v in data.items() if isinstance(v, list)}
    lists.update({f"classes.{k}": v for k, v in data.get("classes", {}).items()})
    assert lists
    for key, values in lists.items():
        assert len(values) == len(set(values)), key
        if not key.endswith("patterns") and key != "sentence_openers":
            assert all(v == v.lower() and v == v.strip() for v in values), key
        if key == "sentence_openers":  # capitalised as they open a sentence, but single words (a token is compared)
            assert all(v and " " not in v and v == v.strip() for v in values), key


def test_act_verb_classes_share_no_word():
    """A verb in two classes would be decided by the order of the checks in the acts step alone."""
    classes = ("thought_verbs", "evidence_verbs", "intention_verbs")
    for a, b in itertools.combinations(classes, 2):
        assert not lexicons.words("acts", a) & lexicons.words("acts", b), (a, b)


def test_patterns_compile_as_one_alternation():
    for key in ("media_cue_patterns", "government_cue_patterns", "organization_cue_patterns"):
        pattern = lexicons.word_pattern("sources", key)
        assert pattern.search("x " + lexicons.phrases("sources", key)[0].replace("\\", "").replace(".?", ""))
        re.compile(pattern.pattern)


def test_no_acronym_of_a_single_article_is_a_class_word():
    """The organisation words once held "lna" and "gna", the seed article's armies."""
    words = lexicons.words("sources", "organization_words") | lexicons.words("sources", "government_words")
    assert not words & {"lna", "gna"}
