"""The pair model and average linkage: what grouping does with the scored pairs (no encoder runs)."""
from __future__ import annotations

import json
import math

import pytest

from attribution.claims.check import conflict, disagreement
from attribution.claims.group import CONFLICT, cluster_edges, scored_edges
from attribution.claims.items import ClaimItem
from attribution.claims.pairs import FEATURES, MODEL_PATH, PairModel, features, load_model


def test_one_bridge_pair_does_not_chain_two_claims():
    """0-1 and 1-2 are likely, 0-2 was never scored (counts 0): the mean for {0, 1} + {2} is 0.45,
    so 2 stays out (connected components would pour all three together)."""
    docs = ["a", "b", "c"]
    assert cluster_edges(3, [(0, 1, 0.9), (1, 2, 0.9)], docs, 0.5) == [[0, 1]]
    # with the third pair likely too, the three are one claim
    assert cluster_edges(3, [(0, 1, 0.9), (1, 2, 0.9), (0, 2, 0.8)], docs, 0.5) == [[0, 1, 2]]


def test_a_cannot_link_keeps_two_items_apart_whatever_the_mean():
    """Item 2 is likely with 1 and 3 (mean 0.66 with {0, 1, 3}) but its numbers contradict item 0's."""
    docs = ["a", "b", "c", "d"]
    edges = [(0, 1, 0.99), (0, 3, 0.99), (1, 3, 0.99), (1, 2, 0.99), (2, 3, 0.99), (0, 2, CONFLICT)]
    assert cluster_edges(4, edges, docs, 0.5) == [[0, 1, 3]]
    assert cluster_edges(4, edges[:-1], docs, 0.5) == [[0, 1, 2, 3]]


def test_pairs_within_one_document_are_not_counted_against_a_merge():
    """Items 0 and 1 are one document's (headline and body); each is 0.6 likely with item 2. Over the
    two cross-document pairs the mean is 0.6; counting the same-document pair as 0 would give 0.4."""
    docs = ["a", "a", "b"]
    assert cluster_edges(3, [(0, 2, 0.6), (1, 2, 0.6)], docs, 0.5) == [[0, 1, 2]]


def test_clusters_need_two_documents():
    assert cluster_edges(2, [(0, 1, 0.9)], ["a", "a"], 0.5) == []


def _item(doc: str, text: str, certainty: str = "stated") -> ClaimItem:
    return ClaimItem(doc_id=doc, attribution="a1", sentence=1, text=text, certainty=certainty)


def test_a_negated_restatement_is_scored_not_refused():
    """A denial ("did not cause") is weighed by the model, not ruled out as the old check did; a number
    that differs still rules a pair out."""
    claim = _item("wire", "Blasting at the Kessel quarry caused the landslide in Brecca")
    denial = _item("daily", "Blasting at the Kessel quarry did not cause the landslide in Brecca")
    assert disagreement(claim.text, denial.text) == "negation" and conflict(claim.text, denial.text) is None
    [(i, j, p)] = scored_edges([(0, 1, 0.9)], [claim, denial])
    assert (i, j) == (0, 1) and p >= 0.5
    twelve, twentyone = _item("wire", "At least 12 people died in Brecca"), _item("daily", "At least 21 people died in Brecca")
    assert [e[2] for e in scored_edges([(0, 1, 0.97)], [twelve, twentyone])] == [CONFLICT]


def test_names_compare_by_their_stem():
    assert conflict("Orvel will build the plant in Tarsovia", "the Tarsovian plant of Orvel") is None
    assert conflict("The plant will be built in Tarsovia by Orvel", "The plant will be built in Mirren by Kessel") == "names"


def test_features_and_the_fitted_model():
    values = features("About 3,000 dockworkers walked out in Kaldera", "3,000 of its members stopped work in Kaldera", 0.6)
    assert len(values) == len(FEATURES) and values[FEATURES.index("shared_number")] == 1.0
    assert values[FEATURES.index("negation_flip")] == 0.0
    gap = FEATURES.index("days_apart")
    assert values[gap] == 0.0  # no dates: no gap
    assert features("a b c", "a b c", 0.9, days_apart=2.5)[gap] == 0.0  # within one news cycle
    assert features("a b c", "a b c", 0.9, days_apart=10)[gap] == pytest.approx(math.log1p(7))
    model = load_model()
    near = features("the union said the strike would last until Friday", "the strike will last until Friday", 0.9)
    far = features("the union said the strike would last until Friday", "ticket prices rose again", 0.36)
    assert model.probability(near) > 0.5 > model.probability(far)


def test_the_model_file_must_name_the_features_in_order(tmp_path):
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert PairModel.from_dict(data).to_dict()["weights"] == data["weights"]
    data["features"] = list(reversed(data["features"]))
    with pytest.raises(ValueError, match="features"):
        PairModel.from_dict(data)


@pytest.mark.parametrize("line, byline", [("By Kerry Mace", True), ("By Ilse Varga and Tom Brandt", True),
                                          ("By Monday the union will decide", False), ("Bylines are short", False)])
def test_a_byline_is_no_statement(line, byline):
    from attribution.claims.items import items_of
    from tests.gold_spans import assemble, gold

    text = f"Strike shuts Kaldera port\n\n{line}\n\nThe port of Kaldera was closed on Monday."
    statements = [it.text for it in items_of(assemble(gold(text)))]
    assert "The port of Kaldera was closed on Monday." in statements
    assert (line in statements) is not byline


def test_the_fitting_recovers_known_weights():
    """scripts/fit_claims_pairs.py's logistic regression, on data drawn from a known model."""
    import numpy as np
    from conftest import load_script

    module = load_script("fit_claims_pairs")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((20_000, 2))
    y = (rng.random(20_000) < 1 / (1 + np.exp(-(2.0 * x[:, 0] - 1.0 * x[:, 1] + 0.5)))).astype(float)
    weights, bias = module.fit_logistic(x, y, l2=0.0)
    assert np.allclose(weights, [2.0, -1.0], atol=0.1) and abs(bias - 0.5) < 0.1
    shrunk, shrunk_bias = module.fit_logistic(x, y, l2=5000.0)
    assert np.all(np.abs(shrunk) < 0.8 * np.abs(weights))  # the penalty pulls weights toward 0 ...
    p = 1 / (1 + np.exp(-(x @ shrunk + shrunk_bias)))
    assert np.allclose(x.T @ (p - y) + 5000.0 * shrunk, 0.0, atol=1e-3)  # ... to the penalised optimum
    assert abs((p - y).sum()) < 1e-3  # the bias is not penalised


def test_what_a_sentence_says_outside_its_attributions_is_a_statement():
    """The writer's own claim beside an attribution in one sentence ("Divers have found a wreck ..., and
    historians say ...") is a statement of its own; joining words, short time phrases and a bare dateline
    are not, and such text raises no voice flag (it may be a source's words the extractor missed)."""
    from attribution.claims.items import items_of
    from attribution.claims.provenance import flags_of
    from tests.gold_spans import assemble, gold

    text = ("Wreck found off Halm\n\n"
            "HALM, May 2 (Meridian) - the coastguard said on Tuesday that the ferry sank in a storm.\n\n"
            "Divers have found the wreck of a cargo ship near Halm, and historians say it may be the oldest"
            " in Velland.\n\n"
            "The museum, which bought the bell for 40,000 euros, declined to comment.\n\n"
            "The ferry operator announced the route will reopen in June, and is hiring 40 new crew.")
    doc = gold(text,
               {"source": "the coastguard", "cue": "said", "content": ["the ferry sank in a storm"]},
               {"source": "historians", "cue": "say", "content": ["it may be the oldest in Velland"]},
               {"source": "The museum", "cue": "declined", "content": ["to comment"]},
               {"source": "The ferry operator", "cue": "announced", "content": ["the route will reopen in June"]})
    items = items_of(assemble(doc), {"outlet": "Meridian", "published": "2025-05-02T10:00:00Z"})
    residual = {it.text: it for it in items if it.residual}
    assert set(residual) == {"Divers have found the wreck of a cargo ship near Halm",
                             "which bought the bell for 40,000 euros", "is hiring 40 new crew"}
    for it in residual.values():
        assert it.attribution is None and text[it.spans[0][0]:it.spans[0][1]] == it.text
    assert not any(it.residual for it in items_of(assemble(doc), residual=False))
    # an earlier attributed member and a later residual one: no attribution-dropped from the residual
    earlier = next(it for it in items if it.attribution is not None and it.text == "it may be the oldest in Velland")
    from dataclasses import replace
    later = replace(residual["Divers have found the wreck of a cargo ship near Halm"], doc_id="other",
                    date="2025-05-03T10:00:00Z")
    assert "attribution-dropped" not in flags_of([earlier, later])
    assert "attribution-dropped" in flags_of([earlier, replace(later, residual=False)])
