"""Unit tests that pin the chain steps' rules down exactly (issue 16: tests that bite).

Back references: a later pronoun or description that refers back to a source an outlet cited
reaches us via that outlet; the tests fix which mentions fit which sources, how far back the
step looks, and who wins when someone speaks first-hand in between.
"""
from __future__ import annotations

import pytest

from attribution.assemble.steps.back_references import fits
from attribution.assemble.steps.citations import find_clauses
from tests.gold_spans import assemble, by_cue, gold


@pytest.mark.parametrize("mention, cited, expected", [
    # plural pronouns need a plural head, including the collective nouns without an -s
    ("They", "two employees", True),
    ("They", "the people", True),
    ("them", "the police", True),
    ("they", "the staff", True),
    ("They", "an official", False),
    # "-ss" is not a plural ending: "the boss" is one person
    ("He", "the boss", True),
    ("They", "the boss", False),
    ("She", "an official", True),
    ("She", "two officials", False),
    ("it", "the people", False),
    # descriptions: same head, a word of the cited phrase, or singular/plural of the head
    ("The source", "a source in the agency", True),
    ("the agency", "a source in the agency.", True),
    ("the agency", "a source in the Agency", True),
    # only commas and full stops come off the cited words, not letters (an "X" included)
    ("the Xerox", "a source inside Xerox.", True),
    ("the officials", "an official", True),
    ("the official", "two officials", True),
    ("the minister", "two officials", False),
    ("the", "two officials", False),
])
def test_fits_decides_whether_a_mention_can_name_the_cited_source(mention: str, cited: str, expected: bool) -> None:
    assert fits(mention, cited) is expected


CITATION = "The Verge, citing two employees, reported that the maker had stopped work. "
CITATION_SPANS = ({"source": "The Verge", "cue": "reported", "content": ["the maker had stopped work"]},
                  {"source": "two employees", "cue": "citing"})


def _back_reference(filler: str) -> str | None:
    """The via of "They said ..." when ``filler`` stands between the citation and it, as a cue text."""
    text = "Work began in May. " + CITATION + filler + "They said 60 engineers were moved."
    # inherit_via left out: it links "They" too whenever the linker resolves it to the cited employees
    report = assemble(gold(text, *CITATION_SPANS,
                           {"source": "They", "cue": "said", "content": ["60 engineers were moved"]}),
                      disable=("inherit_via",))
    via = by_cue(report, "said").via
    return next((a.cue.text for a in report.attributions if a.id == via), None) if via else None


def test_back_reference_reaches_three_sentences_back_and_no_further() -> None:
    assert _back_reference("") == "reported"
    assert _back_reference("Staff were told on Friday. ") == "reported"
    assert _back_reference("Staff were told on Friday. The plant was shut. ") == "reported"
    assert _back_reference("Staff were told on Friday. The plant was shut. Sales fell. ") is None


def test_the_next_sentence_back_reference_is_linked_by_this_step_alone() -> None:
    text = CITATION + "Managers, they said, were told first."
    with_step = assemble(gold(text, *CITATION_SPANS, {"source": "they", "cue": "said", "content": ["Managers"]}))
    without = assemble(gold(text, *CITATION_SPANS, {"source": "they", "cue": "said", "content": ["Managers"]}),
                       disable=("cited_back_references", "inherit_via"))
    assert by_cue(with_step, "said").via == by_cue(with_step, "reported").id
    assert by_cue(without, "said").via is None


def test_first_hand_speaker_in_between_wins_over_the_earlier_citation() -> None:
    text = (CITATION + "Two managers told reporters that a deal was near. They said it would be signed soon.")
    report = assemble(gold(text, *CITATION_SPANS,
                           {"source": "Two managers", "cue": "told", "content": ["a deal was near"]},
                           {"source": "They", "cue": "said", "content": ["it would be signed soon"]}))
    assert by_cue(report, "said").via is None


def test_sourceless_attribution_after_a_citation_is_left_alone() -> None:
    text = CITATION + "It was announced that 60 engineers were moved."
    report = assemble(gold(text, *CITATION_SPANS, {"cue": "was announced", "content": ["60 engineers were moved"]}))
    announced = by_cue(report, "was announced")
    assert (announced.source, announced.via) == (None, None)


def test_back_reference_already_reported_via_another_outlet_keeps_that_outlet() -> None:
    text = ("Reuters, citing an official, reported that talks had stalled. "
            "According to Al Jazeera, the official said a deal was near.")
    report = assemble(gold(text,
                           {"source": "Reuters", "cue": "reported", "content": ["talks had stalled"]},
                           {"source": "an official", "cue": "citing"},
                           {"source": "Al Jazeera", "cue": "According to",
                            "content": ["the official said a deal was near"]},
                           {"source": "the official", "cue": "said", "content": ["a deal was near"]}))
    assert by_cue(report, "said").via == by_cue(report, "According to").id


def _clause_texts(text: str) -> list[tuple]:
    """find_clauses over the whole text, every range shown as the text it covers."""
    def show(r: tuple[int, int]) -> str:
        return text[r[0]:r[1]]
    return [(c.pattern, show(c.cue), show(c.source), show(c.content), [(show(a), show(b)) for a, b in c.citations])
            for c in find_clauses(text, 0, len(text))]


@pytest.mark.parametrize("text, expected", [
    # a capitalised "Quoting" opening the sentence is a citation as much as "Citing"
    ("Quoting two officials, Reuters reported that talks had failed.",
     [("before", "reported", "Reuters", "talks had failed", [("Quoting", "two officials")])]),
    ("Talks had failed, Reuters reported, quoting two officials.",
     [("after", "reported", "Reuters", "Talks had failed", [("quoting", "two officials")])]),
    # the cited source ends before the full stop and the trailing blanks
    ("Talks had failed, Reuters reported, citing two officials of the ministry.  ",
     [("after", "reported", "Reuters", "Talks had failed", [("citing", "two officials of the ministry")])]),
    # a claim of eight characters is a claim; one of seven is too short to be read as one
    ("Deal off, Reuters reported, citing two officials.",
     [("after", "reported", "Reuters", "Deal off", [("citing", "two officials")])]),
    ("No deal, Reuters reported, citing two officials.", []),
])
def test_find_clauses_reads_one_citation_clause_exactly(text: str, expected: list[tuple]) -> None:
    assert _clause_texts(text) == expected


def _via_cue(report, cue: str) -> str | None:
    """The cue text of the attribution that ``cue``'s attribution reaches us via."""
    via = by_cue(report, cue).via
    return next((a.cue.text for a in report.attributions if a.id == via), None) if via else None


def test_later_statement_by_a_cited_person_named_earlier_inherits_the_outlet() -> None:
    # "Peskov" resolves to the cited spokesman's name, which the text gives before the citation
    text = ("Dmitry Peskov flew to Ankara on Monday. Reuters, citing the Kremlin spokesman Dmitry Peskov, "
            "reported that talks had stalled. In a separate interview, Peskov said that a deal was near.")
    doc = gold(text, {"source": "Reuters", "cue": "reported", "content": ["talks had stalled"]},
               {"source": "the Kremlin spokesman Dmitry Peskov", "cue": "citing"},
               {"source": ("Peskov", 3), "cue": "said", "content": ["a deal was near"]})
    assert _via_cue(assemble(doc), "said") == "reported"
    assert _via_cue(assemble(doc, disable=("inherit_via",)), "said") is None


def test_later_statement_by_a_person_named_only_inside_the_cited_source_inherits_the_outlet() -> None:
    # the full name occurs only within the cited source's own span: it is named there, not forward of it
    text = ("Reuters, citing the Kremlin spokesman Dmitry Peskov, said talks would resume next week. "
            "The ministry did not comment. Peskov said the venue was not yet chosen.")
    doc = gold(text, {"source": "Reuters", "cue": "said", "content": ["talks would resume next week"]},
               {"source": "the Kremlin spokesman Dmitry Peskov", "cue": "citing"},
               {"source": ("Peskov", 2), "cue": ("said", 2), "content": ["the venue was not yet chosen"]})
    report = assemble(doc)
    later = next(a for a in report.attributions if a.source is not None and a.source.text == "Peskov")
    outlet = next(a for a in report.attributions if a.source is not None and a.source.text == "Reuters")
    assert later.via == outlet.id
    assert by_cue(report, "citing").via == outlet.id


def test_later_statement_by_the_same_cited_name_inherits_the_outlet() -> None:
    text = ("Work began in May. Reuters, citing Dmitry Peskov, reported that talks had stalled. "
            "In a separate interview, Dmitry Peskov said that a deal was near.")
    doc = gold(text, {"source": "Reuters", "cue": "reported", "content": ["talks had stalled"]},
               {"source": "Dmitry Peskov", "cue": "citing"},
               {"source": ("Dmitry Peskov", 2), "cue": "said", "content": ["a deal was near"]})
    assert _via_cue(assemble(doc), "said") == "reported"
