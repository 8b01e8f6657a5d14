"""How content spans are trimmed and when two spans count as overlapping.

The gold leaves out the quotation marks around a direct quote and the sentence's final
punctuation; every rule that makes a content goes through ``clean_content``, so its cuts
decide whether a content matches the gold character for character.
"""
from __future__ import annotations

import pytest

from attribution.assemble.spans import clean_content, covered, overlaps, source_span, without_full_stop
from attribution.assemble.state import Draft
from attribution.schema import SourceSpan, Span


def cleaned(doc: str) -> str | None:
    """The cleaned content over the whole of ``doc`` (its text, checked against the document slice)."""
    span = clean_content(doc, 0, len(doc))
    if span is None:
        return None
    assert doc[span.start:span.end] == span.text  # offsets are sacred
    return span.text


@pytest.mark.parametrize("doc,expected", [
    # a pure quotation: both marks go
    ('"We will not sign"', "We will not sign"),
    ("«Nous refusons»", "Nous refusons"),
    ("‘we are ready’", "we are ready"),
    ('"ok"', "ok"),
    # the marks and the punctuation after the closing mark
    ('"We will not sign".', "We will not sign"),
    ('"We will not sign",', "We will not sign"),
    ('"We will not sign";', "We will not sign"),
    ('"no".', "no"),
    # two quotations in one span keep their marks
    ('"Yes" and "no"', '"Yes" and "no"'),
    ('"Yes" and "no".', '"Yes" and "no"'),
    ('"Yes," she said, "no".', '"Yes," she said, "no"'),
    # the closing mark of a quotation that opened before the span
    ("the talks had failed”", "the talks had failed"),
    ('the talks had failed"', "the talks had failed"),
    ("x»", "x"),
    # an opening mark whose closing one fell outside the span
    ("“the talks had failed", "the talks had failed"),
    ("'the talks had failed", "the talks had failed"),
    ('"the talks had failed.', "the talks had failed"),
    # final punctuation, one mark or several, but not an ellipsis
    ("the talks had failed.", "the talks had failed"),
    ("the talks had failed,;", "the talks had failed"),
    ("the talks had failed:", "the talks had failed"),
    ("the talks had failed...", "the talks had failed..."),
    ("..", ".."),
    ("a.", "a"),
    # quotation marks inside the span keep the outer ones
    ('“"Yes”', '“"Yes”'),
    ('"ab""', '"ab""'),
    ('“"Yes”.', '“"Yes”'),
    ('"ab"".', '"ab""'),
    ('ab""', 'ab""'),
    ('""abc', '""abc'),
    # only the marks and stops are cut, not a letter
    ("They backed Plan X", "They backed Plan X"),
    ('"Plan"X', '"Plan"X'),
    # nothing left
    ('""', None),
    ('"".', None),
    ('"  "', None),
    ('"', None),
    (",", None),
    ("", None),
])
def test_clean_content_cuts_marks_and_punctuation_as_the_gold_does(doc, expected):
    assert cleaned(doc) == expected


def test_clean_content_keeps_document_offsets_and_trims_whitespace():
    doc = 'He said:  "We will not sign".  Then he left.'
    start = doc.index("  ")
    span = clean_content(doc, start, doc.index("Then"))
    assert (span.start, span.end, span.text) == (11, 27, "We will not sign")
    doc = "Before “the talks had failed, he said"
    span = clean_content(doc, doc.index("“"), doc.index(","))
    assert (span.start, span.text) == (doc.index("the"), "the talks had failed")
    doc = "He said: the talks had failed”. More."
    span = clean_content(doc, doc.index("the"), doc.index(". More"))
    assert (span.start, span.end) == (doc.index("the"), doc.index("”"))


def test_clean_content_of_a_slice_reads_only_that_slice():
    doc = '"x" said he "ok" and'
    span = clean_content(doc, doc.index('"ok"'), doc.index(" and"))
    assert (span.start, span.text) == (doc.index("ok"), "ok")
    doc = 'He wrote: "the end." Then'
    span = clean_content(doc, doc.index('"the'), doc.index(" Then"))
    assert span.text == "the end."  # the full stop is inside the quotation: part of the quote


def test_overlap_needs_a_shared_character():
    a = Span(0, 4, "abcd")
    assert overlaps(a, Span(3, 6, "def")) and overlaps(Span(3, 6, "def"), a)
    assert not overlaps(a, Span(4, 6, "ef")) and not overlaps(Span(4, 6, "ef"), a)
    assert overlaps(a, Span(1, 2, "b")) and overlaps(Span(1, 2, "b"), a)


def test_covered_looks_at_every_part_of_every_draft():
    source = SourceSpan(0, 5, "Alice")
    cue = Span(6, 10, "said")
    content = [Span(11, 20, "it rained"), Span(30, 35, "again")]
    drafts = [Draft(cue=None, source=None, content=[Span(50, 55, "later")], score=1.0),
              Draft(cue=cue, source=source, content=content, score=1.0)]
    assert covered(Span(2, 3, "i"), drafts)          # the source
    assert covered(Span(8, 9, "i"), drafts)          # the cue
    assert covered(Span(32, 33, "a"), drafts)        # the second content fragment
    assert covered(Span(52, 53, "t"), drafts)        # a draft without cue or source
    assert not covered(Span(20, 30, "gap"), drafts)
    assert not covered(Span(2, 3, "i"), [])


def test_source_span_trims_whitespace_and_leaves_the_kind_for_later():
    doc = "  Al Arabiya  says"
    span = source_span(doc, 0, 13)
    assert span == SourceSpan(2, 12, "Al Arabiya", "other", False, None, None)


@pytest.mark.parametrize("name,expected", [
    ("Passly.", "Passly"), ("Kovac", "Kovac"), ("J. Smith.", "J. Smith"), ("Doctors Without Borders.", "Doctors Without Borders"),
    ("J.", "J."), ("Acme U.S.", "Acme U.S."), ("Sen.", "Sen."), ("Dr.", "Dr."), ("Acme Corp.", "Acme Corp."),
    ("Ana Diaz Jr.", "Ana Diaz Jr."), (".", "")])
def test_without_full_stop_drops_the_sentence_stop_and_keeps_initials_and_abbreviations(name, expected):
    assert without_full_stop(name) == expected
