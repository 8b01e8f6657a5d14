"""The scorer's act accuracy, floating-quote P/R/F1 and floating speaker-entity accuracy, on
predictions made wrong on purpose (a scorer that counts everything right would pass a perfect one)."""
from __future__ import annotations

import copy

from attribution.data.jsonl import document_from_record
from attribution.evaluation.scorer import score
from attribution.schema import report_from_dict

TEXT = ("Governor Ann Reyes said tuition would be frozen. Senator Bo Lund said the plan was a trick.\n\n"
        "\u201cNobody believes it.\u201d")


def _span(phrase: str, nth: int = 1) -> dict:
    pos = -1
    for _ in range(nth):
        pos = TEXT.index(phrase, pos + 1)
    return {"start": pos, "end": pos + len(phrase), "text": phrase}


def _source(phrase: str, entity: str, kind: str = "person") -> dict:
    return {**_span(phrase), "kind": kind, "anonymous": False, "resolves_to": None, "entity": entity}


def _record() -> dict:
    """Gold (and, copied, a perfect prediction) in the contract's shape."""
    atts = [
        {"id": "a1", "source": _source("Governor Ann Reyes", "reyes"), "act": "speech", "cue": _span("said", 1),
         "content": [_span("tuition would be frozen")], "quote": "indirect", "via": None, "recipient": None,
         "hedges": [], "confidence": 0.9},
        {"id": "a2", "source": _source("Senator Bo Lund", "lund"), "act": "speech", "cue": _span("said", 2),
         "content": [_span("the plan was a trick")], "quote": "indirect", "via": None, "recipient": None,
         "hedges": [], "confidence": 0.9},
        {"id": "a3", "source": _source("Senator Bo Lund", "lund"), "act": "speech", "cue": None, "floating": True,
         "content": [_span("Nobody believes it.")], "quote": "direct", "via": None, "recipient": None,
         "hedges": [], "confidence": 0.9},
    ]
    sources = [{"id": "reyes", "name": "Ann Reyes", "kind": "person", "anonymous": False, "titles": [],
                "mentions": [_span("Governor Ann Reyes")]},
               {"id": "lund", "name": "Bo Lund", "kind": "person", "anonymous": False, "titles": [],
                "mentions": [_span("Senator Bo Lund")]}]
    return {"doc_id": "d", "text": TEXT, "publisher": None, "sentences": [], "attributions": atts, "sources": sources}


def _scores(pred: dict) -> dict:
    return score([(document_from_record(_record()), report_from_dict(pred))])["fields"]


def test_a_perfect_prediction_scores_one_on_acts_floating_and_speaker():
    fields = _scores(_record())
    assert fields["act"]["accuracy"] == 1.0 and fields["act"]["total"] == 3
    assert (fields["floating"]["precision"], fields["floating"]["recall"]) == (1.0, 1.0)
    assert fields["floating_speaker"]["accuracy"] == 1.0


def test_a_wrong_act_counts_against_act_accuracy():
    pred = _record()
    pred["attributions"][0]["act"] = "thought"
    assert _scores(pred)["act"]["accuracy"] == round(2 / 3, 4)


def test_a_floating_quotation_given_a_cue_or_not_marked_floating_is_not_found():
    pred = _record()
    pred["attributions"][2]["floating"] = False
    pred["attributions"][2]["source"] = None
    fields = _scores(pred)
    assert (fields["floating"]["recall"], fields["floating"]["gold"], fields["floating"]["pred"]) == (0.0, 1, 0)


def test_a_floating_quotation_given_to_the_other_speaker_has_the_wrong_speaker():
    pred = copy.deepcopy(_record())
    pred["attributions"][2]["source"] = _source("Governor Ann Reyes", "reyes")
    fields = _scores(pred)
    assert fields["floating"]["recall"] == 1.0 and fields["floating_speaker"]["accuracy"] == 0.0


def test_an_extra_floating_quotation_lowers_floating_precision():
    pred = _record()
    extra = copy.deepcopy(pred["attributions"][2])
    extra.update(id="a4", content=[_span("tuition would be frozen")])
    pred["attributions"].append(extra)
    assert _scores(pred)["floating"]["precision"] == 0.5


def test_a_corpus_without_acts_or_entities_reports_no_act_or_floating_figures():
    gold = _record()
    for a in gold["attributions"]:
        del a["act"]
        a.pop("floating", None)
    del gold["sources"]
    fields = score([(document_from_record(gold), report_from_dict(_record()))])["fields"]
    assert "act" not in fields and "floating" not in fields
