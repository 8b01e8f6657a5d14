"""The ranker's training examples (scripts/train_linker.py): what the recorder writes down."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import load_script

from attribution.data.jsonl import document_from_record
from attribution.link import rank


@pytest.fixture(scope="module")
def train_linker():
    return load_script("train_linker")


def _example(text: str, sources: list[tuple[str, str, str, str]]):
    """A gold document: (source text, its entity key, cue, content) per attribution, each found in order."""
    attributions, keys, pos = [], {}, 0
    for i, (source, key, cue, content) in enumerate(sources, 1):
        s = text.index(source, pos)
        c = text.index(cue, s + len(source))
        k = text.index(content, c)
        attributions.append({"id": f"a{i}", "source": {"start": s, "end": s + len(source), "text": source},
                             "cue": {"start": c, "end": c + len(cue), "text": cue},
                             "content": [{"start": k, "end": k + len(content), "text": content}]})
        keys[(s, s + len(source))] = key
        pos = k + len(content)
    return document_from_record({"doc_id": "d1", "text": text, "attributions": attributions}), keys


def test_a_description_whose_entity_no_candidate_is_trains_the_new_entity_option(train_linker):
    """"The union" after an airline only: the right answer is the option row, the last one."""
    text = ("Strike called\n\nBudget airline SkyLane said fares would rise. "
            "The union said its pilots would strike.")
    doc, keys = _example(text, [("Budget airline SkyLane", "skylane", "said", "fares would rise"),
                                ("The union", "union", "said", "its pilots would strike")])
    recorded = train_linker.record([(doc, keys)], frozenset({"description"}))
    (x, right), = recorded["description"]
    assert x.shape[1] == len(rank.FEATURES) + len(rank.NEW_FEATURES)
    assert right == len(x) - 1 and x[-1, :len(rank.FEATURES)].sum() == 0.0 and x[-1, len(rank.FEATURES)] == 1.0


def test_a_description_of_an_entity_named_before_trains_its_candidate(train_linker):
    text = ("Bank fined\n\nKingsbridge Bank said it would pay. The lender said it was sorry.")
    doc, keys = _example(text, [("Kingsbridge Bank", "bank", "said", "it would pay"),
                                ("The lender", "bank", "said", "it was sorry")])
    (x, right), = train_linker.record([(doc, keys)], frozenset({"description"}))["description"]
    assert right == 0 and len(x) == 2  # the bank, then the option
    # without the option a decision with one candidate teaches nothing and is not recorded
    assert not train_linker.record([(doc, keys)])["description"]


def test_fitting_learns_the_option_from_its_examples(train_linker):
    """Instances whose right answer is always the option row give it the higher score after fitting."""
    width = len(rank.FEATURES) + len(rank.NEW_FEATURES)
    candidate = np.zeros(width)
    candidate[rank.FEATURES.index("kind_ok")] = 1.0
    option = np.zeros(width)
    option[len(rank.FEATURES)] = 1.0
    w = train_linker.fit([(np.vstack([candidate, option]), 1)] * 5, l2=0.01)
    assert option @ w > candidate @ w
