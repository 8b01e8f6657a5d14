"""Every certainty and quote type the contract names is produced by assembly, given a perfect tagger.

Before these tests, a one-line change that stopped assembly from ever answering "denied"
or "mixed" passed the whole suite: each value is now reached by a sentence that needs it.
"""
from __future__ import annotations

import pytest

from attribution.assemble.build import build_report
from attribution.data.annotations import AnnotatedDocument, GoldAttribution
from attribution.schema import Attribution
from attribution.tag.oracle import oracle_tagged


def _only_attribution(text: str, source: str, cue: str, content: str) -> Attribution:
    """Assemble ``text`` from gold spans given as substrings (each must occur once) and return its one attribution."""
    def where(sub: str) -> tuple[int, int]:
        assert text.count(sub) == 1, f"{sub!r} must occur once in the test text"
        start = text.index(sub)
        return (start, start + len(sub))

    gold = GoldAttribution(cue=[where(cue)], source=[where(source)], content=[where(content)])
    report = build_report("t", text, oracle_tagged(AnnotatedDocument("t", text, [gold])))
    (attribution,) = report.attributions
    assert attribution.cue is not None and attribution.cue.text == cue
    return attribution


@pytest.mark.parametrize("text,source,cue,content,certainty", [
    ("The ministry denied that troops had crossed the border.", "The ministry", "denied",
     "troops had crossed the border", "denied"),
    ("The army rejected reports that its soldiers had fired first.", "The army", "rejected",
     "its soldiers had fired first", "denied"),
    ("The ministry confirmed that troops had crossed the border.", "The ministry", "confirmed",
     "troops had crossed the border", "confirmed"),
    ("The rebels claimed that the town had fallen.", "The rebels", "claimed", "the town had fallen", "claimed"),
    ("The envoy said the talks would probably resume.", "The envoy", "said", "the talks would probably resume",
     "hedged"),
    ("The envoy said the talks had resumed.", "The envoy", "said", "the talks had resumed", "stated"),
])
def test_each_certainty_is_reached(text, source, cue, content, certainty):
    assert _only_attribution(text, source, cue, content).certainty == certainty


@pytest.mark.parametrize("text,source,cue,content,certainty", [
    # a denial verb turning down an offer denies no claim ...
    ("Kolm Rovers rejected a bid from Sarn City for their midfielder.", "Kolm Rovers", "rejected",
     "a bid from Sarn City for their midfielder", "stated"),
    ("The court dismissed the request to delay the hearing.", "The court", "dismissed",
     "the request to delay the hearing", "stated"),
    ("The board rejected the proposal.", "The board", "rejected", "the proposal", "stated"),
    ("The club rejected calls to sell the striker.", "The club", "rejected", "calls to sell the striker", "stated"),
    # ... while denying what was said, even about a bid, stays a denial
    ("The club rejected the report.", "The club", "rejected", "the report", "denied"),
    ("The club rejected the claim its bid had come too late.", "The club", "rejected", "its bid had come too late",
     "denied"),
    ("The club rejected suggestions it would bid for the striker.", "The club", "rejected",
     "it would bid for the striker", "denied"),
    ("The airline denies a job cut plan.", "The airline", "denies", "a job cut plan", "denied"),
    ("The court denied the request to delay the hearing.", "The court", "denied", "the request to delay the hearing",
     "denied"),  # "deny" may deny that there was any request: left a denial
    ("The airline rejected claims that it plans to close the base.", "The airline", "rejected",
     "it plans to close the base", "denied"),
    # an offer word after a pronoun is the clause's verb: a claim being denied
    ("The club rejected claims they bid for the striker.", "The club", "rejected", "they bid for the striker",
     "denied"),
    ("The court dismissed the appeal of the two brothers.", "The court", "dismissed",
     "the appeal of the two brothers", "stated"),
])
def test_turning_down_an_offer_is_no_denial(text, source, cue, content, certainty):
    assert _only_attribution(text, source, cue, content).certainty == certainty


@pytest.mark.parametrize("text,content,quote", [
    ('"We will not sign," the minister said.', "We will not sign,", "direct"),
    ('The minister said the plan was "dead on arrival" and would be dropped.',
     'the plan was "dead on arrival" and would be dropped', "mixed"),
    ("The minister said the plan would be dropped.", "the plan would be dropped", "indirect"),
])
def test_each_quote_type_is_reached(text, content, quote):
    assert _only_attribution(text, "the minister" if "the minister" in text else "The minister", "said",
                             content).quote == quote
