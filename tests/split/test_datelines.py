"""The one dateline recogniser (attribution/split/datelines.py) and the four rules that read it."""
from __future__ import annotations

import re

import pytest

from attribution.assemble.publisher import find_publisher
from attribution.claims.items import unattributed_runs
from attribution.split import split_sentences
from attribution.split.datelines import _alternation, is_dateline, match_dateline


def _parts(text: str):
    d = match_dateline(text)
    if d is None:
        return None
    for part in (d.place, d.region, d.date, d.agency):
        if part is not None:
            assert text[part.start:part.end] == part.text  # offsets are exact
    return (text[d.start:d.end], d.place.text, d.region and d.region.text, d.date and d.date.text,
            d.agency and d.agency.text, text[d.body:])


@pytest.mark.parametrize("text,expected", [
    # wire, agency in brackets then a dash of any width
    ("KINGSPORT, July 30 (Reuters) - The bank rose.",
     ("KINGSPORT, July 30 (Reuters) -", "KINGSPORT", None, "July 30", "Reuters", "The bank rose.")),
    ("ANKARA, Aug 14 (Reuters) - An explosion.",
     ("ANKARA, Aug 14 (Reuters) -", "ANKARA", None, "Aug 14", "Reuters", "An explosion.")),
    ("BEIJING, Oct. 2 (Xinhua) -- China hopes.",
     ("BEIJING, Oct. 2 (Xinhua) --", "BEIJING", None, "Oct. 2", "Xinhua", "China hopes.")),
    ("DOHA, 9 Feb (AFP) - The government.", ("DOHA, 9 Feb (AFP) -", "DOHA", None, "9 Feb", "AFP", "The government.")),
    ("FRANKFURT (dpa) - The carmaker.", ("FRANKFURT (dpa) -", "FRANKFURT", None, None, "dpa", "The carmaker.")),
    ("THE HAGUE (AFP) — Hospitals.", ("THE HAGUE (AFP) —", "THE HAGUE", None, None, "AFP", "Hospitals.")),
    ("MOSCOW (RIA Novosti) - Kommersant.",
     ("MOSCOW (RIA Novosti) -", "MOSCOW", None, None, "RIA Novosti", "Kommersant.")),
    ("LONDON, Tuesday (Reuters) - Prices.", ("LONDON, Tuesday (Reuters) -", "LONDON", None, "Tuesday", "Reuters", "Prices.")),
    # place with a region or country, then perhaps a date
    ("DES MOINES, Iowa (AP) — Gov. Brennan.",
     ("DES MOINES, Iowa (AP) —", "DES MOINES", "Iowa", None, "AP", "Gov. Brennan.")),
    ("FAIRHAVEN, N.J. (AP) — The council.", ("FAIRHAVEN, N.J. (AP) —", "FAIRHAVEN", "N.J.", None, "AP", "The council.")),
    ("KALDERA, Velland, April 7 (Meridian) - About 3,000.",
     ("KALDERA, Velland, April 7 (Meridian) -", "KALDERA", "Velland", "April 7", "Meridian", "About 3,000.")),
    ("KINGSPORT, Tenn., July 30 (Reuters) - The bank.",
     ("KINGSPORT, Tenn., July 30 (Reuters) -", "KINGSPORT", "Tenn.", "July 30", "Reuters", "The bank.")),
    ("PARIS, France — Prices.", ("PARIS, France —", "PARIS", "France", None, None, "Prices.")),
    ("ABIDJAN, Ivory Coast (AP) — Ivory Coast.",
     ("ABIDJAN, Ivory Coast (AP) —", "ABIDJAN", "Ivory Coast", None, "AP", "Ivory Coast.")),
    # state wire, agency in slashes (with or without the full stop after the date)
    ("MOSCOW, March 3 /TASS/. The ministry.", ("MOSCOW, March 3 /TASS/.", "MOSCOW", None, "March 3", "TASS", "The ministry.")),
    ("CAIRO, January 14. /TASS/. Commander.",
     ("CAIRO, January 14. /TASS/.", "CAIRO", None, "January 14", "TASS", "Commander.")),
    ("MOSCOW, Nov. 9. /TASS/. Russia's Gazmir.",
     ("MOSCOW, Nov. 9. /TASS/.", "MOSCOW", None, "Nov. 9", "TASS", "Russia's Gazmir.")),
    ("Moscow, Dec 2. /TASS/. Prices.", ("Moscow, Dec 2. /TASS/.", "Moscow", None, "Dec 2", "TASS", "Prices.")),
    # place (and date) then a dash only: em dash, en dash, hyphen, double hyphen; the dash may touch the body
    ("LISBON — União Ribeira are set.", ("LISBON —", "LISBON", None, None, None, "União Ribeira are set.")),
    ("LISBON—União Ribeira are set.", ("LISBON—", "LISBON", None, None, None, "União Ribeira are set.")),
    ("ATLANTA - Flu rose.", ("ATLANTA -", "ATLANTA", None, None, None, "Flu rose.")),
    ("HARTFORD, Conn. -- Gov. Whitman.", ("HARTFORD, Conn. --", "HARTFORD", "Conn.", None, None, "Gov. Whitman.")),
    ("WARSAW, June 9 – Polish minister.", ("WARSAW, June 9 –", "WARSAW", None, "June 9", None, "Polish minister.")),
    ("RIO DE JANEIRO — According to.", ("RIO DE JANEIRO —", "RIO DE JANEIRO", None, None, None, "According to.")),
    ("ST. LOUIS (AP) — A man.", ("ST. LOUIS (AP) —", "ST. LOUIS", None, None, "AP", "A man.")),
    ("BRIANÇON, France — Snow.", ("BRIANÇON, France —", "BRIANÇON", "France", None, None, "Snow.")),
    ("N'DJAMENA, Chad (Reuters) - Troops.", ("N'DJAMENA, Chad (Reuters) -", "N'DJAMENA", "Chad", None, "Reuters", "Troops.")),
    # a place and a date closed by a full stop; the place's own full stop before the date
    ("MOSCOW, March 3. The ministry said.", ("MOSCOW, March 3.", "MOSCOW", None, "March 3", None, "The ministry said.")),
    ("MOSCOW. Jan 14 (Interfax) - Prices.", ("MOSCOW. Jan 14 (Interfax) -", "MOSCOW", None, "Jan 14", "Interfax", "Prices.")),
    ("WASHINGTON, D.C., Jan. 5, 2021 (AP) — Votes.",
     ("WASHINGTON, D.C., Jan. 5, 2021 (AP) —", "WASHINGTON", "D.C.", "Jan. 5, 2021", "AP", "Votes.")),
])
def test_datelines_of_many_styles_and_their_parts(text, expected):
    assert _parts(text) == expected


@pytest.mark.parametrize("text", [
    "BREAKING NEWS",                                 # capitals, nothing closes it
    "BREAKING NEWS. The president resigned.",        # a full stop closes only a place with a date
    "CITY COUNCIL VOTES",                            # a headline in capitals
    "CITY COUNCIL VOTES TO CLOSE LIBRARIES",
    "WASHINGTON. The Senate voted.",                 # a place alone and a full stop
    "EXCLUSIVE-Firm in talks",                       # a hyphen closes only with a space after it
    "WINSTON-SALEM is a city.",
    "UPDATE 2-China's exports rose",
    "UNICEF (the UN children's fund) said on Monday.",  # a bracket with no dash after it
    "NATO (AP) says",
    "NDF denies attacking food convoy — spokesman",  # capitals, then lower-case words before the dash
    "Prices rose (officials said) - then fell.",     # lower case: only capitals make a place ...
    "Officials said (Reuters) - prices fell.",       # ... unless an agency in slashes follows
    "London, March 3 (Reuters) - Prices rose.",
    "AFP reported, citing Le Monde, that it fell.",
    "(AP) — Prices rose.",                           # an agency with no place is the publisher's, not a dateline
    "",
])
def test_no_dateline_without_its_closing_dash_agency_or_dated_full_stop(text):
    assert match_dateline(text) is None


def test_a_headline_in_capitals_before_a_dash_reads_as_a_dateline():
    """The documented limit: the form is the dateline's, and nothing in the words tells them apart."""
    assert _parts("CITY COUNCIL VOTES — residents object.")[1] == "CITY COUNCIL VOTES"


def test_the_date_words_are_the_lexicon_s_whatever_their_case():
    """The patterns are built at import, out of mutation testing's reach, so their builder is tested here."""
    months = re.compile(_alternation("months", "month_abbreviations"))
    assert all(months.fullmatch(w) for w in ("March", "MARCH", "march", "Sept", "sep", "Aug", "December"))
    assert months.match("Marchers") is None and months.match("Augusta") is None  # whole words only
    assert months.match("Monday") is None
    assert re.fullmatch(_alternation("weekdays"), "Tuesday")


def test_match_at_a_position_and_before_an_end():
    text = "Title\n\n  LONDON (Reuters) - Prices rose."
    d = match_dateline(text, 5)
    assert (d.start, text[d.start:d.end], text[d.body:]) == (9, "LONDON (Reuters) -", "Prices rose.")
    assert match_dateline(text, 9, 20) is None  # the dateline must close before the end given
    stop = text.index("-") + 1
    assert match_dateline(text, 9, stop).body == stop


def test_is_dateline_means_the_whole_stretch():
    assert is_dateline("CAIRO, January 14. /TASS/.")
    assert is_dateline("  KALDERA, April 7.  ")
    assert is_dateline("x LONDON (Reuters) - y", 2, 20)
    assert not is_dateline("LONDON (Reuters) - Prices rose.")
    assert not is_dateline("a LONDON (Reuters) -")  # the dateline must open the stretch
    assert not is_dateline("BREAKING NEWS.")


# -- the rules that read it ---------------------------------------------------------------------------------

def _sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_the_splitter_glues_a_dateline_to_its_sentence_but_not_a_shouted_one():
    assert _sentences("MOSCOW, March 3. /TASS/. The ministry said so. It rained.") == [
        "MOSCOW, March 3. /TASS/. The ministry said so.", "It rained."]
    assert _sentences("KALDERA, April 7. Dockworkers struck. It rained.") == [
        "KALDERA, April 7. Dockworkers struck.", "It rained."]
    assert _sentences("BREAKING NEWS. The president resigned.") == ["BREAKING NEWS.", "The president resigned."]


@pytest.mark.parametrize("text,name", [
    ("Strike\n\nKALDERA, Velland, April 7 (Meridian) - About 3,000 struck.", "Meridian"),  # place, region and date
    ("Strike\n\nMOSCOW, March 3 /TASS/. Prices rose.", "TASS"),
    ("Strike\n\nBRIANÇON, France (AFP) — Snow fell.", "AFP"),
    ("Strike\n\nLISBON — Prices rose, Reuters said.", None),  # a dateline that names no agency names no publisher
    ("Strike\n\nSome say /TASS/ is a wire.", None),  # slashes in running text are no dateline ...
    ("Strike\n\nThe note, from Moscow, Dec 2. /TASS/. was wrong.", None),  # ... nor one inside a line
])
def test_the_publisher_is_the_agency_a_dateline_names(text, name):
    p = find_publisher(text)
    assert (p.text if p else None) == name
    if p:
        assert text[p.start:p.end] == name


def test_a_run_that_is_only_a_dateline_is_no_statement():
    """What the attributions leave of a sentence: a dateline (whose agency a source span may hold) states
    nothing; a dateline before the run's own words is left on it."""
    sentence = "SANTIAGO, May 14 (Reuters) - Workers will strike, the union said."
    agency = (sentence.index("Reuters"), sentence.index("Reuters") + len("Reuters"))
    rest = (sentence.index("Workers"), len(sentence))
    assert unattributed_runs(0, sentence, [agency, rest]) == []
    said = (sentence.index("the union"), len(sentence))
    runs = unattributed_runs(0, sentence, [said])
    assert [sentence[a:b] for a, b in runs] == ["SANTIAGO, May 14 (Reuters) - Workers will strike"]
