"""Hedge words (with "May" the month told from "may" the modal) and the publisher named by a dateline or credit."""
from __future__ import annotations

import pytest

from attribution.assemble.hedges import find_hedges
from attribution.assemble.publisher import HEAD_CHARS, TAIL_CHARS, find_publisher


def hedges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, str]]:
    found = find_hedges(text, start, end)
    for h in found:
        assert text[h.start:h.end] == h.text
    return [(h.start, h.end, h.text, h.cls) for h in found]


# -- hedges -------------------------------------------------------------------------------------------------

def test_each_class_with_exact_offsets():
    text = "He reportedly left; she is believed to have stayed, which may be true, and it has confirmed it."
    expected = [("reportedly", "reportative"), ("is believed to", "belief"), ("may", "speculative"),
                ("has confirmed", "certain")]
    assert hedges(text) == [(text.index(w), text.index(w) + len(w), w, cls) for w, cls in expected]


def test_the_whole_text_is_searched_by_default():
    assert [(h.start, h.text) for h in find_hedges("Allegedly so, and possibly")] == [(0, "Allegedly"), (18, "possibly")]


def test_case_does_not_change_the_class():
    assert hedges("Allegedly so. PROBABLY not.") == [(0, 9, "Allegedly", "reportative"), (14, 22, "PROBABLY", "speculative")]


def test_only_whole_words_are_hedges():
    assert hedges("He couldn't say; the claim was unlikely-looking; maybe; reportedly-") == []
    assert hedges("could, likely") == [(0, 5, "could", "speculative"), (7, 13, "likely", "speculative")]


def test_the_stretch_searched_is_start_to_end_in_document_offsets():
    text = "It may rain. It might snow. It could hail."
    assert hedges(text, 13) == [(16, 21, "might", "speculative"), (31, 36, "could", "speculative")]
    assert hedges(text, 0, 26) == [(3, 6, "may", "speculative"), (16, 21, "might", "speculative")]
    assert hedges(text, 13, 26) == [(16, 21, "might", "speculative")]


@pytest.mark.parametrize("text,found", [
    ("Rates may rise.", [(6, 9, "may", "speculative")]),
    ("May rates rise?", [(0, 3, "May", "speculative")]),           # opens the text: the modal
    ("He asked:\nMay rates rise?", [(10, 13, "May", "speculative")]),  # opens a line
    ('"May rates rise?"', [(1, 4, "May", "speculative")]),          # opens a quotation
    ("‘May rates rise?’", [(1, 4, "May", "speculative")]),
    ("It rose in May.", []),                                          # the month
    (" May rates rise?", []),                                         # after a space: the month
    ("(May rates rise?)", []),
    ("By May rates rose.", []),
    ("May 3 was a Monday.", []),
    ("It rose on May 3.", []),
    ("it rose on may 2020.", []),
    ("Rates MAY rise.", []),                                          # a capital mid-sentence reads as the month
])
def test_may_the_modal_and_may_the_month(text, found):
    assert hedges(text) == found


# -- the publisher ------------------------------------------------------------------------------------------

def test_the_earliest_dateline_or_byline_names_the_publisher():
    text = "(AP) — Prices rose.\nLONDON (Reuters) - More."
    p = find_publisher(text)
    assert (p.start, p.end, p.text) == (1, 3, "AP")
    text = "By Helen Grant, Reuters\n\nLONDON (AFP) - Prices rose."
    p = find_publisher(text)
    assert (p.start, p.end, p.text) == (16, 23, "Reuters")


def test_a_dateline_is_read_in_the_head_of_the_text_only():
    body = "Prices rose. " * 200
    late = body[:HEAD_CHARS - 30] + "\nLONDON (Reuters) - More."
    assert find_publisher(late).text == "Reuters"
    later = body[:HEAD_CHARS] + "\nLONDON (Reuters) - More."
    assert find_publisher(later) is None


def test_a_credit_line_is_read_at_the_end_only():
    credit = "\n— AP"
    near = "x" * (TAIL_CHARS - len(credit)) + credit
    p = find_publisher(near)
    assert (p.start, p.text) == (len(near) - 2, "AP")
    far = "\n— AP\n" + "x" * TAIL_CHARS
    assert find_publisher(far) is None
    assert find_publisher("Short.\n— AP").text == "AP"
    assert find_publisher("— AP").start == 2  # a text that is only its credit line
