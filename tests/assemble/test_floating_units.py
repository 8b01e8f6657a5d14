"""Floating quotations and "said:" content, case by case with exact outputs.

Each text is small and written here; the tagger is replaced by gold spans (the oracle), so what is
checked is the assembly's floating step alone: which quotations float, to whom, with which score
tier, and which quotations are left alone. A rejected quotation is often followed by one that must
still float, so that a rule which stops looking too early is caught.
"""
from __future__ import annotations

from attribution.assemble.state import Draft
from attribution.assemble.steps.floating import (
    _closing_quote, _continues_a_quotation, _in_some_draft, _own_words_end, _rest_of_line_ends_in_colon,
    _same_speaker, _speaker_draft, introduced_content)
from attribution.schema import SourceSpan, Span
from gold_spans import assemble, by_cue, gold

LOPEZ = "Mayor Ana Lopez"
SAID = {"source": LOPEZ, "cue": "said", "content": ["the budget was balanced"]}
OPEN, CLOSE = "\u201c", "\u201d"


def q(words: str) -> str:
    return OPEN + words + CLOSE


def floats(text: str, *atts: dict) -> list[tuple[str, str, float]]:
    """(source text, quotation, confidence) of each floating attribution, in text order."""
    r = assemble(gold(text, *atts))
    return [(a.source.text, a.content[0].text, a.confidence) for a in r.attributions if a.floating]


def test_right_after_its_speaker_a_quotation_floats_with_the_speakers_source_and_entity():
    text = "Mayor Ana Lopez said the budget was balanced.\n\n" + q("We will not raise taxes this year.")
    r = assemble(gold(text, SAID))
    said, fl = r.attributions
    assert (fl.cue, fl.floating, fl.source.text, fl.source.start, fl.source.entity, fl.confidence) == (
        None, True, LOPEZ, 0, said.source.entity, 0.93)
    assert fl.source.entity is not None and fl.source_id == said.source_id
    assert [c.text for c in fl.content] == ["We will not raise taxes this year."]
    assert text[fl.content[0].start:fl.content[0].end] == fl.content[0].text


def test_writers_sentences_before_the_speaker_do_not_lower_the_score():
    text = ("Critics have said little so far. The city has 40,000 people.\n\n"
            "Mayor Ana Lopez said the budget was balanced.\n\n" + q("We will not raise taxes this year."))
    assert floats(text, dict(SAID, cue=("said", 2))) == [(LOPEZ, "We will not raise taxes this year.", 0.93)]


def test_one_writers_sentence_between_speaker_and_quotation_lowers_the_score():
    text = ("Mayor Ana Lopez said the budget was balanced. The city has 40,000 people.\n\n"
            + q("We will not raise taxes this year."))
    assert floats(text, SAID) == [(LOPEZ, "We will not raise taxes this year.", 0.8)]


def test_the_reach_is_six_sentences_and_not_seven():
    six = ("Mayor Ana Lopez said the budget was balanced. " + "The city has 40,000 people. " * 5
           + q("We will not raise taxes this year."))
    assert floats(six, SAID) == [(LOPEZ, "We will not raise taxes this year.", 0.8)]
    seven = ("Mayor Ana Lopez said the budget was balanced. " + "The city has 40,000 people. " * 6
             + q("We will not raise taxes this year."))
    assert floats(seven, SAID) == []


def test_the_same_speaker_quoted_twice_in_a_row_keeps_the_high_score():
    text = ("Mayor Ana Lopez said the budget was balanced.\n\n" + q("We will not raise taxes.")
            + "\n\n" + q("Our reserves are the largest in a decade."))
    assert floats(text, SAID) == [(LOPEZ, "We will not raise taxes.", 0.93),
                                  (LOPEZ, "Our reserves are the largest in a decade.", 0.93)]


def test_two_speakers_in_turn_give_exact_tiers():
    text = ("Senator Samuel Kiprono said the tax bill would punish the poor.\n\n"
            + q("Bread, fuel and mobile money, all taxed again.") + "\n\n"
            "Senator Mary Achieng said the bill closed loopholes.\n\n"
            + q("Most of the new revenue comes from firms.") + "\n\n"
            + q("Families pay in the end, they always do."))
    got = floats(text, {"source": "Senator Samuel Kiprono", "cue": ("said", 1),
                        "content": ["the tax bill would punish the poor"]},
                 {"source": "Senator Mary Achieng", "cue": ("said", 2), "content": ["the bill closed loopholes"]})
    assert got == [("Senator Samuel Kiprono", "Bread, fuel and mobile money, all taxed again.", 0.93),
                   ("Senator Mary Achieng", "Most of the new revenue comes from firms.", 0.93),
                   ("Senator Mary Achieng", "Families pay in the end, they always do.", 0.55)]


def test_three_words_float_and_two_do_not():
    base = "Mayor Ana Lopez said the budget was balanced.\n\n"
    assert floats(base + q("Taxes stay low."), SAID) == [(LOPEZ, "Taxes stay low.", 0.93)]
    assert floats(base + q("Taxes stay."), SAID) == []


def test_rejected_quotations_do_not_stop_later_ones_from_floating():
    later = "\n\n" + q("Our reserves are the largest in a decade.")
    cases = {
        "words after": q("We will not raise taxes") + " according to her aides.",
        "line break": OPEN + "We will not\nraise taxes." + CLOSE,
        "heading": q("Watch the full interview here:"),
        "short": q("Read more"),
    }
    for name, rejected in cases.items():
        text = "Mayor Ana Lopez said the budget was balanced.\n\n" + rejected + later
        got = floats(text, SAID)
        assert [g[:2] for g in got] == [(LOPEZ, "Our reserves are the largest in a decade.")], name


def test_a_quotation_closing_a_sentence_with_punctuation_after_the_mark_floats():
    text = "Mayor Ana Lopez said the budget was balanced.\n\n" + OPEN + "We will not raise taxes" + CLOSE + "."
    assert floats(text, SAID) == [(LOPEZ, "We will not raise taxes", 0.93)]


def test_a_quotation_over_two_paragraphs_is_left_alone_and_the_next_one_floats():
    text = ("Mayor Ana Lopez said the budget was balanced.\n\n" + OPEN + "The city has never been in better shape."
            "\n\n" + q("Our reserves are the largest in a decade.") + "\n\n" + q("We will not raise taxes this year."))
    assert [g[1] for g in floats(text, SAID)] == ["We will not raise taxes this year."]


def test_after_a_thought_no_quotation_floats_but_after_a_later_speaker_it_does():
    text = ("Voters think the budget is a mess.\n\n" + q("Lurking behind this is a dispute about the past.")
            + "\n\nMayor Ana Lopez said the budget was balanced.\n\n" + q("We will not raise taxes this year."))
    got = floats(text, {"source": "Voters", "cue": "think", "content": ["the budget is a mess"]}, SAID)
    assert got == [(LOPEZ, "We will not raise taxes this year.", 0.93)]


def test_an_unread_saying_verb_between_blocks_only_the_quotation_after_it():
    text = ("Mayor Ana Lopez said the budget was balanced.\n\n" + q("We will not raise taxes this year.")
            + "\n\nChief executive Markus Klein said the cuts were painful.\n\n" + q("Our costs are a third higher."))
    assert floats(text, SAID) == [(LOPEZ, "We will not raise taxes this year.", 0.93)]


def test_a_report_running_into_a_quotation_is_cut_where_the_quotation_opens():
    text = ("Jonas Kessler said his lawyers' bills had tripled. "
            + q("I hired two compliance officers this year."))
    r = assemble(gold(text, {"source": "Jonas Kessler", "cue": "said",
                             "content": ["his lawyers' bills had tripled. " + q("I hired two compliance officers this year.")]}))
    assert [c.text for c in by_cue(r, "said").content] == ["his lawyers' bills had tripled"]
    assert [(a.source.text, a.content[0].text, a.confidence) for a in r.attributions if a.floating] == [
        ("Jonas Kessler", "I hired two compliance officers this year.", 0.93)]


def test_split_tails_keep_the_first_fragment_and_move_only_later_sentences():
    text = ("Hanna Berg said taxes rose. Jonas Kessler said his bills had tripled. "
            + q("I hired two compliance officers this year."))
    r = assemble(gold(text, {"source": "Hanna Berg", "cue": ("said", 1), "content": ["taxes rose"]},
                      {"source": "Jonas Kessler", "cue": ("said", 2),
                       "content": ["his bills had tripled", "I hired two compliance officers this year."]}))
    kessler = [a for a in r.attributions if a.cue is not None and a.source.text == "Jonas Kessler"][0]
    assert [c.text for c in kessler.content] == ["his bills had tripled"]
    assert [(a.source.text, a.content[0].text) for a in r.attributions if a.floating] == [
        ("Jonas Kessler", "I hired two compliance officers this year.")]


def test_said_colon_at_line_end_takes_the_list_below_up_to_the_first_line_that_is_no_item():
    text = ("Results\n\nThe club said on Monday that it was sad. Coach Marek Kowalski said after the defeat:\n"
            "- We lost the midfield battle\n- The referee was fair\nFans left early.\n\n- An unrelated later item")
    r = assemble(gold(text, {"source": "The club", "cue": ("said", 1), "content": ["it was sad"]},
                      {"source": "Coach Marek Kowalski", "cue": ("said", 2), "content": ["after the defeat"]}))
    coach = [a for a in r.attributions if a.source and a.source.text == "Coach Marek Kowalski"][0]
    assert [c.text for c in coach.content] == ["We lost the midfield battle", "The referee was fair"]
    club = [a for a in r.attributions if a.source and a.source.text == "The club"][0]
    assert [c.text for c in club.content] == ["it was sad"]


def test_a_list_earlier_in_the_text_is_not_taken():
    text = ("- Old item one here\n\nCoach Marek Kowalski said after the defeat:\n"
            "- We lost the midfield battle\n")
    r = assemble(gold(text, {"source": "Coach Marek Kowalski", "cue": "said", "content": ["after the defeat"]}))
    assert [c.text for c in r.attributions[0].content] == ["We lost the midfield battle"]


def test_a_colon_line_with_a_full_stop_before_the_colon_is_not_an_introduction():
    text = "Coach Marek Kowalski said after the Jan. 5 defeat:\n- We lost the midfield battle\n"
    r = assemble(gold(text, {"source": "Coach Marek Kowalski", "cue": "said", "content": ["after the Jan. 5 defeat"]}))
    assert [c.text for c in r.attributions[0].content] == ["after the Jan. 5 defeat"]


def test_an_unclosed_quotation_below_a_colon_runs_to_its_paragraphs_end():
    text = ("Party leader Owen Hughes said:\n\n" + OPEN + "We have waited long enough.\n\n"
            "Elections follow in May.\n\nThe party meets in June.")
    r = assemble(gold(text, {"source": "Party leader Owen Hughes", "cue": "said:"}))
    assert [c.text for c in r.attributions[0].content] == ["We have waited long enough."]


def _kiprono_achieng(prefix: str, filler: str, suffix: str) -> list[tuple[str, str, float]]:
    text = (prefix + "Senator Samuel Kiprono said the tax bill would punish the poor.\n\n"
            + q("Bread, fuel and mobile money, all taxed again.") + "\n\n" + filler
            + "Senator Mary Achieng said the bill closed loopholes.\n\n"
            + q("Most of the new revenue comes from firms.") + "\n\n"
            + q("Families pay in the end, they always do.") + suffix)
    atts = [{"source": "Senator Samuel Kiprono", "cue": ("said", 1), "content": ["the tax bill would punish the poor"]},
            {"source": "Senator Mary Achieng", "cue": ("said", 2), "content": ["the bill closed loopholes"]}]
    if suffix:
        atts.append({"source": "The speaker", "cue": ("said", 3), "content": ["the vote was delayed"]})
    return floats(text, *atts)


def test_the_other_speaker_counts_up_to_six_sentences_back_wherever_the_pair_stands_in_the_text():
    prefix = "The bill is long. It has 90 clauses. Its debate began in March.\n\n"
    got = _kiprono_achieng(prefix, "The debate went on. The vote is near. Tempers rose.\n\n", "")
    assert [g[2] for g in got] == [0.93, 0.93, 0.55]  # Kiprono's quotation six sentences before the last one
    got = _kiprono_achieng(prefix, "The debate went on. The vote is near. Tempers rose. Nobody left.\n\n", "")
    assert [g[2] for g in got] == [0.93, 0.93, 0.93]  # seven: out of the window, no ambiguity


def test_attributions_after_the_quotation_do_not_count_as_the_one_before_it():
    got = _kiprono_achieng("", "", "\n\nThe speaker said the vote was delayed.")
    assert [g[2] for g in got] == [0.93, 0.93, 0.55]


def test_a_shorter_name_of_the_same_speaker_is_the_same_speaker():
    text = ("Mayor Ana Lopez said the budget was balanced.\n\nLopez added that reserves were large.\n\n"
            + q("We will not raise taxes.") + "\n\n" + q("Our reserves are the largest in a decade."))
    got = floats(text, SAID, {"source": ("Lopez", 2), "cue": "added", "content": ["reserves were large"]})
    assert got == [("Lopez", "We will not raise taxes.", 0.93),
                   ("Lopez", "Our reserves are the largest in a decade.", 0.93)]


def test_an_attribution_without_a_named_source_before_the_speaker_is_passed_over():
    text = ("Prices were reported to rise.\n\nMayor Ana Lopez said the budget was balanced.\n\n"
            + q("We will not raise taxes this year."))
    got = floats(text, {"cue": "reported", "content": ["rise"]}, SAID)
    assert got == [(LOPEZ, "We will not raise taxes this year.", 0.93)]


def test_a_sentence_after_the_quotation_does_not_count_as_words_after_it():
    text = ("Mayor Ana Lopez said the budget was balanced.\n\n" + q("We will not raise taxes this year.")
            + " The council meets in May.")
    assert floats(text, SAID) == [(LOPEZ, "We will not raise taxes this year.", 0.93)]


def test_a_quotation_of_several_sentences_floats_whole_and_the_next_one_too():
    text = ("Mayor Ana Lopez said the budget was balanced.\n\n" + q("We won. We will win again next year.")
            + "\n\n" + q("Our reserves are the largest in a decade."))
    assert [g[1] for g in floats(text, SAID)] == ["We won. We will win again next year.",
                                                  "Our reserves are the largest in a decade."]


def test_the_paragraph_before_a_continued_quotation_is_the_one_right_before_it():
    text = ("The budget is long.\n\nMayor Ana Lopez said the budget was balanced.\n\n"
            + OPEN + "The city has never been in better shape.\n\n"
            + q("Our reserves are the largest in a decade.") + "\n\n" + q("We will not raise taxes this year."))
    assert [g[1] for g in floats(text, SAID)] == ["We will not raise taxes this year."]


def test_a_direct_quotation_that_goes_on_in_a_second_quotation_stays_whole():
    text = "Mayor Ana Lopez said " + q("we will not raise taxes this year.") + " " + q("Our reserves are large.")
    r = assemble(gold(text, {"source": LOPEZ, "cue": "said",
                             "content": ["we will not raise taxes this year.", "Our reserves are large."]}))
    assert [a.floating for a in r.attributions] == [False]
    assert [c.text for c in r.attributions[0].content] == ["we will not raise taxes this year", "Our reserves are large"]


def test_a_direct_quotation_before_a_report_does_not_stop_the_split():
    text = ("Hanna Berg said " + q("taxes rose again this spring.") + " Jonas Kessler said his bills had tripled. "
            + q("I hired two compliance officers this year."))
    r = assemble(gold(text, {"source": "Hanna Berg", "cue": ("said", 1), "content": ["taxes rose again this spring."]},
                      {"source": "Jonas Kessler", "cue": ("said", 2),
                       "content": ["his bills had tripled", "I hired two compliance officers this year."]}))
    assert [(a.source.text, a.content[0].text) for a in r.attributions if a.floating] == [
        ("Jonas Kessler", "I hired two compliance officers this year.")]



LATER_SPEAKER = ("\n\nHanna Berg said the plan was sound.\n\n" + q("We will build the bridge by June."))
HANNA = {"source": "Hanna Berg", "cue": ("said", 3), "content": ["the plan was sound"]}


def test_each_rejected_quotation_leaves_the_next_speakers_quotation_floating():
    quoted = ("\u201cLast winter RSV put more people in hospital,\u201d Singh said. "
              + q("This vaccine is safe, and it is free.") + "\n\nThe clinic opens daily.")
    got = floats(quoted + LATER_SPEAKER, {"source": "Singh", "cue": "said",
                                          "content": ["Last winter RSV put more people in hospital",
                                                      "This vaccine is safe, and it is free."]},
                 {"source": "Hanna Berg", "cue": ("said", 2), "content": ["the plan was sound"]})
    assert got == [("Hanna Berg", "We will build the bridge by June.", 0.93)]  # Singh's quotation is his already
    far = ("Mayor Ana Lopez said the budget was balanced. " + "The city has 40,000 people. " * 6
           + q("We will not raise taxes this year.") + LATER_SPEAKER.replace("said", "told reporters", 0))
    got = floats(far, SAID, {"source": "Hanna Berg", "cue": ("said", 2), "content": ["the plan was sound"]})
    assert got == [("Hanna Berg", "We will build the bridge by June.", 0.93)]  # too far from Lopez
    unread = ("The company's statement said the plant would close.\n\n"
              "Chief executive Markus Klein said the cuts were painful.\n\n" + q("Our costs are a third higher."))
    got = floats(unread + LATER_SPEAKER, {"source": "The company's statement", "cue": "said",
                                          "content": ["the plant would close"]}, HANNA)
    assert got == [("Hanna Berg", "We will build the bridge by June.", 0.93)]  # Klein's, unread


KESSLER_REPORT = "his lawyers' bills had tripled"
KESSLER_QUOTE = "I hired two compliance officers this year."
KESSLER_AFTER = "He expects the costs to rise again next year"


def test_a_quotation_inside_a_report_that_goes_on_after_it_stays_in_the_report():
    """"X said A. \u201cQ.\u201d B." with A, Q and B the content: the report runs over three sentences; Q is no tail
    standing alone (the contract's floating quote) but the middle of one content, and B is not lost."""
    text = f"Jonas Kessler said {KESSLER_REPORT}. {q(KESSLER_QUOTE)} {KESSLER_AFTER}."
    r = assemble(gold(text, {"source": "Jonas Kessler", "cue": "said",
                             "content": [KESSLER_REPORT, KESSLER_QUOTE, KESSLER_AFTER]}))
    assert [c.text for c in by_cue(r, "said").content] == [KESSLER_REPORT, KESSLER_QUOTE[:-1], KESSLER_AFTER]  # a fragment loses its stop
    assert [a for a in r.attributions if a.floating] == []
    assert len(r.attributions) == 1


def test_only_the_quotations_after_the_reports_last_words_float():
    later = "Two more were hired in May."
    text = f"Jonas Kessler said {KESSLER_REPORT}. {q(KESSLER_QUOTE)} {KESSLER_AFTER}. {q(later)}"
    r = assemble(gold(text, {"source": "Jonas Kessler", "cue": "said",
                             "content": [KESSLER_REPORT, KESSLER_QUOTE, KESSLER_AFTER, later]}))
    assert [c.text for c in by_cue(r, "said").content] == [KESSLER_REPORT, KESSLER_QUOTE[:-1], KESSLER_AFTER]  # a fragment loses its stop
    assert [(a.source.text, a.content[0].text) for a in r.attributions if a.floating] == [("Jonas Kessler", later)]


# The small pure helpers, case by case at their boundaries: each case below is one offset or one
# comparison that a rule a character off would get wrong.


def _at(doc: str, start: int, end: int) -> Span:
    return Span(start, end, doc[start:end])


def test_own_words_end_before_the_blanks_and_the_mark_of_a_closing_quotation():
    doc = "AB " + q("Q R S")  # the quotation's words are doc[4:9], its closing mark doc[9]
    quote = _at(doc, 4, 9)
    assert _own_words_end(doc, _at(doc, 0, 10), [quote]) == 2  # closing mark included: the quotation closes it
    assert _own_words_end(doc, _at(doc, 0, 9), [quote]) == 2  # closing mark left out
    assert _own_words_end(doc, _at(doc, 0, 4), [quote]) == 4  # ends at the quotation's first word: does not close it
    assert _own_words_end(doc + ".", _at(doc, 0, 11), [quote]) == 11  # a stop after the mark: its own end
    assert _own_words_end(doc, _at(doc, 0, 10), []) == 10


def test_own_words_end_right_before_a_mark_with_no_blank():
    doc = "AB" + q("QRS")  # the mark at doc[2], the words doc[3:6]
    assert _own_words_end(doc, _at(doc, 0, 7), [_at(doc, 3, 6)]) == 2


def test_own_words_end_of_a_fragment_that_is_quotations_alone():
    doc = q("Q R S")
    assert _own_words_end(doc, _at(doc, 0, 7), [_at(doc, 1, 6)]) == -1
    doc = "A " + q("Q R S")
    assert _own_words_end(doc, _at(doc, 2, 9), [_at(doc, 3, 8)]) == -1  # the blank before it is not its words


def test_a_quotation_closes_at_the_first_closing_mark_after_its_opening_one():
    assert _closing_quote('"abc"', 0, 5) == 4  # a straight mark both opens and closes: the opening one is not it
    assert _closing_quote(OPEN + CLOSE, 0, 2) == 1  # an empty quotation
    assert _closing_quote(OPEN + "abc", 0, 4) is None


def test_a_quotation_continues_one_left_open_in_the_paragraph_right_before_it():
    def continues(before: str) -> bool:
        doc = before + "\n\n" + q("Our reserves are large.")
        return _continues_a_quotation(doc, doc.rindex(OPEN))

    assert continues(OPEN + "We won the vote.") is True  # the open quotation starts the text
    assert continues(q("We won the vote.")) is False
    assert continues(OPEN + CLOSE + " they wrote.") is False  # closed right after it opened
    assert _continues_a_quotation(q("Our reserves are large."), 0) is False  # no paragraph before


def test_a_colon_ends_the_cues_line_also_on_the_texts_last_line():
    assert _rest_of_line_ends_in_colon("said after the defeat:", 4) == 22
    assert _rest_of_line_ends_in_colon("said on Xmas Eve:\n- We won", 4) == 17
    assert _rest_of_line_ends_in_colon("\nsaid:", 0) is None  # the line at pos is empty
    assert _rest_of_line_ends_in_colon("said after the Jan. 5 defeat:", 4) is None


def test_introduced_content_of_a_colon_at_the_texts_end_or_before_an_empty_quotation_is_nothing():
    assert introduced_content("Lopez said:", 11) == []
    assert introduced_content("Lopez said:\n\n  ", 11) == []
    assert introduced_content("Lopez said:\n\n" + OPEN + CLOSE, 11) == []


def test_same_speaker_by_entity_where_both_have_one_else_by_the_sources_words():
    lopez_a = Draft(None, SourceSpan(0, 9, "Ana Lopez"), [], 0.9)
    lopez_b = Draft(None, SourceSpan(35, 44, "Ana Lopez"), [], 0.9)
    lopez_short = Draft(None, SourceSpan(19, 24, "Lopez"), [], 0.9)
    assert _same_speaker(lopez_a, lopez_b) is True
    assert _same_speaker(lopez_a, lopez_short) is False
    assert _same_speaker(lopez_a, Draft(None, None, [], 0.9)) is False
    assert _same_speaker(Draft(None, None, [], 0.9), lopez_a) is False
    entity = object()
    lopez_b.entity = entity  # only one of the two has an entity: the words decide
    assert _same_speaker(lopez_a, lopez_b) is True
    lopez_short.entity = entity
    assert _same_speaker(lopez_b, lopez_short) is True


def _draft(cue_at: int | None, source_at: int | None, content_at: int | None = None) -> Draft:
    """A draft with one-character spans at the given places (the helpers below read offsets only)."""
    return Draft(None if cue_at is None else Span(cue_at, cue_at + 1, "c"),
                 None if source_at is None else SourceSpan(source_at, source_at + 1, "s"),
                 [] if content_at is None else [Span(content_at, content_at + 1, "w")], 0.9)


def test_the_speaker_is_the_nearest_attribution_before_the_quotation_with_cue_and_source_before_it():
    quote = Span(50, 60, "Q" * 10)
    nearest, same_place = _draft(20, 10), _draft(20, 15)
    candidates = [_draft(5, 0), nearest, same_place,
                  _draft(50, 40),  # its cue at the quotation's first word
                  _draft(45, 50),  # its source at the quotation's first word
                  _draft(55, 30),  # its cue inside the quotation
                  _draft(30, None)]  # no source
    assert _speaker_draft(candidates, quote) is nearest  # of two at the same place, the first
    assert _speaker_draft([_draft(50, 40), _draft(60, 55)], quote) is None


def test_a_sentence_is_in_a_draft_by_its_cue_alone():
    sentence = Span(10, 30, "x" * 20)
    assert _in_some_draft(sentence, [_draft(15, 0, 40)]) is True
    assert _in_some_draft(sentence, [_draft(None, 0, 20)]) is True
    assert _in_some_draft(sentence, [_draft(5, 0, 40)]) is False


BUDGET = "Mayor Ana Lopez said the budget was balanced."
TAXES = "We will not raise taxes this year."


def test_a_floating_quotation_is_calibrated_by_its_own_rule():
    by_rule = {"floating": 0.5, "model": 0.7}
    r = assemble(gold(BUDGET + "\n\n" + q(TAXES), SAID), calibrate=lambda score, rule: by_rule.get(rule, 0.1))
    assert [(a.floating, a.confidence) for a in r.attributions] == [(False, 0.7), (True, 0.5)]


def test_an_attributions_sentence_between_speaker_and_quotation_is_no_gap():
    text = BUDGET + " Prices were reported to rise.\n\n" + q(TAXES)
    assert floats(text, SAID, {"cue": "reported", "content": ["to rise"]}) == [(LOPEZ, TAXES, 0.93)]


def test_a_saying_verb_in_the_sentence_before_the_speakers_is_not_between_them():
    text = "Critics have said little so far.\n\n" + BUDGET + "\n\n" + q(TAXES)
    assert floats(text, dict(SAID, cue=("said", 2))) == [(LOPEZ, TAXES, 0.93)]


def test_a_report_without_a_source_keeps_its_quotation():
    text = "Prices were reported to rise. " + q(TAXES)
    r = assemble(gold(text, {"cue": "reported", "content": ["to rise", TAXES]}))
    assert [[c.text for c in a.content] for a in r.attributions] == [["to rise", TAXES[:-1]]]


def test_a_report_without_a_source_does_not_stop_the_split_of_a_later_one():
    text = "Prices were reported to rise. Jonas Kessler said his bills had tripled. " + q(KESSLER_QUOTE)
    r = assemble(gold(text, {"cue": "reported", "content": ["to rise"]},
                      {"source": "Jonas Kessler", "cue": "said", "content": ["his bills had tripled", KESSLER_QUOTE]}))
    assert [c.text for c in by_cue(r, "said").content] == ["his bills had tripled"]
    assert [(a.source.text, a.content[0].text) for a in r.attributions if a.floating] == [("Jonas Kessler", KESSLER_QUOTE)]


def test_a_quotation_quoting_another_floats_whole_and_the_next_one_too():
    """The inner quotation opens a sentence of the outer one and shares its closing mark: that
    sentence is part of the quotation already taken, and the search goes on after it."""
    inner = "We won the vote. " + OPEN + "Never again. We all chanted it."
    text = BUDGET + "\n\n" + OPEN + inner + CLOSE + "\n\n" + q("Our reserves are the largest in a decade.")
    assert floats(text, SAID) == [(LOPEZ, inner, 0.93), (LOPEZ, "Our reserves are the largest in a decade.", 0.93)]


def test_a_report_that_took_the_opening_mark_of_the_quotation_after_it_loses_the_mark():
    """The tagger can end a report's fragment on the opening mark of the quotation that follows
    (the mark is a token of its own): the quotation floats, and the report keeps no lone mark."""
    text = f"Jonas Kessler said {KESSLER_REPORT}. {q(KESSLER_QUOTE)}"
    r = assemble(gold(text, {"source": "Jonas Kessler", "cue": "said", "content": [f"{KESSLER_REPORT}. {OPEN}"]}))
    assert [c.text for c in by_cue(r, "said").content] == [KESSLER_REPORT]
    assert [(a.source.text, a.content[0].text) for a in r.attributions if a.floating] == [("Jonas Kessler", KESSLER_QUOTE)]
