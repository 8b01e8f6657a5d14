"""Source slips mended before any other step reads a source (``steps/repair.py: _mend_source``):
a relative clause the tagger cut short, and a source on the other side of a paragraph break."""
from __future__ import annotations

import pytest
from gold_spans import assemble, by_cue, gold

from attribution.assemble.spans import source_span
from attribution.assemble.state import Draft
from attribution.assemble.steps.repair import _mend_source
from attribution.schema import Span


def _draft(doc: str, source: str, cue: str, content: str | None = None) -> Draft:
    s, c = doc.index(source), doc.index(cue, doc.index(source) + 1 if source in doc else 0)
    spans = []
    if content:
        k = doc.index(content)
        spans = [Span(k, k + len(content), content)]
    return Draft(Span(c, c + len(cue), cue), source_span(doc, s, s + len(source)), spans, 0.9)


def test_a_relative_clause_cut_short_joins_its_source_up_to_the_cue():
    doc = "An engineer who asked not to be named, told reporters the line was down."
    d = _draft(doc, "An engineer who", "told", "asked not to be named")
    _mend_source(doc, d)
    assert d.source.text == "An engineer who asked not to be named"  # the comma before the cue stays out
    assert doc[d.source.start:d.source.end] == d.source.text
    assert d.content == []  # the content the clause was mistaken for is gone


def test_a_relative_clause_is_mended_only_within_99_characters_of_its_cue_and_on_one_line():
    for gap, mended in ((" " + "x" * 97 + " ", True), (" " + "x" * 98 + " ", False), (" asked\nnot ", False)):
        doc = f"An official who{gap}said the plan had failed."
        d = _draft(doc, "An official who", "said")
        _mend_source(doc, d)
        assert (d.source.text != "An official who") is mended, (len(gap), gap[:8])


def test_a_source_across_a_paragraph_break_is_dropped_or_taken_from_after_the_cue():
    doc = "ZAGREB\n\nThe port will close on Monday, says Kovac"
    d = _draft(doc, "ZAGREB", "says")
    _mend_source(doc, d)
    assert d.source is not None and d.source.text == "Kovac"
    doc = "ZAGREB\n\nThe port will close on Monday, says the minister."
    d = _draft(doc, "ZAGREB", "says")
    _mend_source(doc, d)
    assert d.source is None  # no name right after the cue: no source rather than the dateline


def test_a_source_over_one_line_break_is_kept_up_to_200_characters_from_its_cue():
    for filler, kept in ((193, True), (194, False)):
        doc = "Kovac\n" + "y" * filler + " says."
        d = _draft(doc, "Kovac", "says")
        assert d.cue.start - d.source.start == filler + 7
        _mend_source(doc, d)
        assert (d.source is not None and d.source.text == "Kovac") is kept, filler
    doc = "Kovac " + "y" * 250 + " says."  # the same distance on one line keeps it
    d = _draft(doc, "Kovac", "says")
    _mend_source(doc, d)
    assert d.source is not None and d.source.text == "Kovac"


@pytest.mark.parametrize("name,expected", [
    ("Kovac.", "Kovac"), ("J. Smith.", "J. Smith"), ("Sen. Kovac.", "Sen. Kovac"),  # the sentence's stop goes
    ("J.", "J."), ("U.S.", "U.S."), ("Sen.", "Sen."), ("Acme Corp.", "Acme Corp."), ("Ana Diaz Jr.", "Ana Diaz Jr.")])
def test_a_source_after_a_headline_cue_loses_the_sentence_full_stop_but_not_an_initial(name, expected):
    """"Port deal collapses, says Kovac.": the name pattern admits "." for initials, so it took the stop too."""
    doc = f"ZAGREB\n\nPort deal collapses, says {name}\n\nThe port closed on Monday."
    d = _draft(doc, "ZAGREB", "says")
    _mend_source(doc, d)
    assert d.source is not None and d.source.text == expected
    assert doc[d.source.start:d.source.end] == d.source.text


def test_the_headline_source_reaches_the_report_without_the_full_stop():
    doc = gold("ZAGREB\n\nPort deal collapses, says Kovac.\n\nThe port closed on Monday.",
               {"source": "ZAGREB", "cue": "says", "content": ["Port deal collapses"]})
    report = assemble(doc)
    assert by_cue(report, "says").source.text == "Kovac"
    assert [s.name for s in report.sources] == ["Kovac"]


@pytest.mark.parametrize("doc,source,cue,content,mended", [
    ("Hany El-Sayed, for his part, noted the quality of the wheat.", "Hany El-", "noted",
     "the quality of the wheat", "Hany El-Sayed"),
    ('"Polls don\'t vote," said Ms Maddox.', "Ms", "said", "Polls don't vote", "Ms Maddox"),
    ("Dr. Ama Osei said the ward was full.", "Dr. Ama Osei", "said", "the ward was full", "Dr. Ama Osei"),
    ("The minister said the plan would go ahead.", "The minister", "said", "the plan would go ahead", "The minister"),
    # a generational suffix ends the name and the sentence: the next sentence's first word is no name
    ("The ranch was sold, said Hank Williams Sr. The buyers declined to comment.", "Hank Williams Sr.", "said",
     "The ranch was sold", "Hank Williams Sr."),
    ("« Non », dit Dr Émile Zola.", "Dr", "dit", "Non", "Dr Émile Zola"),
])
def test_a_name_cut_short_inside_a_word_or_after_an_honorific_is_completed(doc, source, cue, content, mended):
    from attribution.assemble.steps.repair import _name_cut_short

    s, c, k = doc.index(source), doc.index(cue), doc.index(content)
    d = Draft(Span(c, c + len(cue), cue), source_span(doc, s, s + len(source)),
              [Span(k, k + len(content), content)], 0.9)
    _name_cut_short(doc, d)
    assert d.source.text == mended and doc[d.source.start:d.source.end] == mended


def test_a_name_is_not_completed_into_the_cue_or_a_content():
    from attribution.assemble.steps.repair import _name_cut_short

    doc = "Officials told Ms Reyes the road was shut."
    d = _draft(doc, "Officials", "told", "Ms Reyes the road was shut")  # a slip of another kind: left alone
    d.source = source_span(doc, 0, len("Officials told Ms"))
    _name_cut_short(doc, d)
    assert d.source.text == "Officials told Ms"
