"""Chains and publishers as wire copy writes them (issue 13, items 1, 2, 3 and 6)."""
from __future__ import annotations

import pytest

from attribution.assemble.publisher import find_publisher


@pytest.mark.parametrize("text,name", [
    ("LONDON, March 3 (Reuters) - Prices rose.", "Reuters"),
    ("PARIS (AFP) — Prices rose.", "AFP"),
    ("BEIJING, April 27 (Xinhua) -- Prices rose.", "Xinhua"),
    ("FRANKFURT (dpa) - Prices rose.", "dpa"),
    ("MOSCOW, Dec 2. /TASS/. Prices rose.", "TASS"),
    ("ASTANA, Feb 3 (RIA Novosti) - Prices rose.", "RIA Novosti"),
    ("SEOUL, June 2 (Yonhap) -- Prices rose.", "Yonhap"),
    ("TOKYO (Kyodo) -- Prices rose.", "Kyodo"),
    ("ANKARA (Anadolu) - Prices rose.", "Anadolu"),
    ("GENEVA, 12 March (AFP) - Prices rose.", "AFP"),
    ("DES MOINES, Iowa (AP) — Prices rose.", "AP"),
    ("Title\n\nBy Helen Grant, Reuters\n\nATLANTA — Prices rose.", "Reuters"),
    ("Prices rose, officials said.\n\n— The Associated Press", "The Associated Press"),
    ("Prices rose, officials said.\n— AP", "AP"),
    ("Prices rose (officials said) - then fell.", None),
    ("By the way, Reuters is an agency.", None),
])
def test_publisher_from_datelines_and_credit_lines(text, name):
    p = find_publisher(text)
    assert (p.text if p else None) == name
    if p:
        assert text[p.start:p.end] == p.text


# -- citations in every common order: the clause rules on their own ---------------------------------------------

from attribution.assemble.build import build_report  # noqa: E402
from attribution.assemble.steps.citations import find_clauses  # noqa: E402
from attribution.assemble.steps.nesting import INNER_MIN, INNER_MIN_OUTLET  # noqa: E402
from attribution.data.annotations import AnnotatedDocument  # noqa: E402
from attribution.tag.oracle import oracle_retag, oracle_tagged  # noqa: E402
from gold_spans import assemble, by_cue, gold, scaled_retag  # noqa: E402


def _clause(text: str):
    found = find_clauses(text, 0, len(text))
    assert len(found) == 1, found
    c = found[0]

    def t(r):
        return text[r[0]:r[1]]
    return t(c.source), t(c.cue), [(t(cue), t(src)) for cue, src in c.citations], t(c.content)


@pytest.mark.parametrize("text,expected", [
    ("Duvallier is in talks to buy a rival, the financial daily Les Echos reported on Monday, citing two people "
     "close to the matter.",
     ("the financial daily Les Echos", "reported", [("citing", "two people close to the matter")],
      "Duvallier is in talks to buy a rival")),
    ("Egypt and Turkey will restore ties, says the news site Al-Monitor citing Arab diplomats.",
     ("the news site Al-Monitor", "says", [("citing", "Arab diplomats")], "Egypt and Turkey will restore ties")),
    ("Citing senior officials, the Mainichi Shimbun said the airline will order 30 jets.",
     ("the Mainichi Shimbun", "said", [("Citing", "senior officials")], "the airline will order 30 jets")),
    ("The Financial Times, citing bankers working on the listing, said Arvada would seek a valuation of $12 billion.",
     ("The Financial Times", "said", [("citing", "bankers working on the listing")],
      "Arvada would seek a valuation of $12 billion")),
    ("Al Hadath television, quoting witnesses, said heavy shelling hit the market.",
     ("Al Hadath television", "said", [("quoting", "witnesses")], "heavy shelling hit the market")),
    ("Interfax quoted Transport Minister Anton Dorokhov as saying the new line would open in 2029.",
     ("Interfax", "quoted", [("as saying", "Transport Minister Anton Dorokhov")], "the new line would open in 2029")),
    ("The newspaper Marca quoted club president Rubén Alonso as saying: \"The coach has my full support.\"",
     ("The newspaper Marca", "quoted", [("as saying", "club president Rubén Alonso")],
      "\"The coach has my full support.\"")),
    ("Handelsblatt reported citing company insiders that Weissmann would close its plant in Chemnitz.",
     ("Handelsblatt", "reported", [("citing", "company insiders")], "Weissmann would close its plant in Chemnitz")),
    ("Dutch newspaper NRC reported, citing sources in The Hague, that the cabinet would cut the aid budget.",
     ("Dutch newspaper NRC", "reported", [("citing", "sources in The Hague")], "the cabinet would cut the aid budget")),
    ("The delegation will travel to Doha on Sunday, according to Axios, which cited two Israeli officials.",
     ("Axios", "according to", [("cited", "two Israeli officials")], "The delegation will travel to Doha on Sunday")),
    ("According to NBC News, which cited two administration officials, the president will nominate a governor.",
     ("NBC News", "According to", [("cited", "two administration officials")], "the president will nominate a governor")),
    ("In a report citing a US intelligence assessment, CNN said North Korea had restarted a plant at Yongbyon.",
     ("CNN", "said", [("citing", "a US intelligence assessment")], "North Korea had restarted a plant at Yongbyon")),
    ("Der Spiegel, in a report citing an internal party memo, said the Greens would campaign on free transport.",
     ("Der Spiegel", "said", [("citing", "an internal party memo")], "the Greens would campaign on free transport")),
    ("The Information said in a report citing three employees that Quarry had missed its targets.",
     ("The Information", "said in a report", [("citing", "three employees")], "Quarry had missed its targets")),
    ("Ambulances spent 1.2 million hours waiting, The Telegraph said in a report citing NHS figures.",
     ("The Telegraph", "said in a report", [("citing", "NHS figures")], "Ambulances spent 1.2 million hours waiting")),
    ("Measles cases have tripled, says EFE citing El Mundo, which cited a regional health report.",
     ("EFE", "says", [("citing", "El Mundo"), ("cited", "a regional health report")], "Measles cases have tripled")),
    ("One in four scientists has considered leaving research, reported the journal Nature, which cited a survey of "
     "3,000 researchers.",
     ("the journal Nature", "reported", [("cited", "a survey of 3,000 researchers")],
      "One in four scientists has considered leaving research")),
    ("MOSCOW, Dec 2. /TASS/. The Izvestia newspaper, citing a source in the Kremlin, wrote that the State Council "
     "would meet in Sochi.",
     ("The Izvestia newspaper", "wrote", [("citing", "a source in the Kremlin")], "the State Council would meet in Sochi")),
])
def test_citation_clauses_in_every_order(text, expected):
    source, cue, citations, content = _clause(text)
    assert (source, cue, citations) == expected[:3]
    assert content.strip(".\"") == expected[3].strip(".\"")  # the report trims quotation marks later


@pytest.mark.parametrize("text", [
    "The carmaker withdrew the model, citing safety concerns.",            # a reason, not a source: no reporting verb
    "Citing safety concerns, the company said it would recall 40,000 cars.",  # the citer is no outlet
    "The minister quoted Shakespeare in his speech on Monday.",            # quoted, but not "as saying"
    "Police said three people were arrested.",                             # no citation at all
])
def test_no_citation_clause_where_none_is(text):
    assert find_clauses(text, 0, len(text)) == []


def test_citation_clause_replaces_the_taggers_mixed_up_parts():
    """The tagger's usual slip on "Citing X, Y reported": the outlet given to the citing cue, the cited source
    made its content.  The clause gives each part back to its own attribution."""
    text = "Citing two diplomats, Al Arabiya reported that the talks had failed."
    r = assemble(gold(text, {"source": "Al Arabiya", "cue": "Citing", "content": ["two diplomats"]},
                      {"source": "Al Arabiya", "cue": "reported", "content": ["the talks had failed"]}))
    citing, reported = by_cue(r, "Citing"), by_cue(r, "reported")
    assert (citing.source.text, citing.via, citing.content[0].text) == ("two diplomats", reported.id, "the talks had failed")
    assert (reported.source.text, reported.via) == ("Al Arabiya", None)
    for a in r.attributions:
        for s in a.spans():
            assert text[s.start:s.end] == s.text


# -- nested reports: to any depth, in every order ----------------------------------------------------------------

def _outer_only_and_full(text: str, outer: dict, *inner: dict) -> tuple[AnnotatedDocument, AnnotatedDocument]:
    """The first pass sees the outer attribution only (as the PolNeAR-trained tagger does); the retagger
    sees everything (as the tagger does on the outer content as a text of its own)."""
    return gold(text, outer), gold(text, outer, *inner)


@pytest.mark.parametrize("text,outer,inner,outer_content", [
    ("According to Al Jazeera, a Qatari official said both sides had accepted the outline.",
     {"source": "Al Jazeera", "cue": "According to", "content": ["both sides had accepted the outline"]},
     {"source": "a Qatari official", "cue": "said", "content": ["both sides had accepted the outline"]},
     "a Qatari official said both sides had accepted the outline"),
    ("The army said it had shot down a drone near the border, the news agency IRNA reported.",
     {"source": "the news agency IRNA", "cue": "reported", "content": ["it had shot down a drone near the border"]},
     {"source": "The army", "cue": "said", "content": ["it had shot down a drone near the border"]},
     "The army said it had shot down a drone near the border"),
    ('"There is no second shooter," Sheriff Dale Morgan told reporters, the AP reported.',
     {"source": "the AP", "cue": "reported", "content": ["There is no second shooter,"]},
     {"source": "Sheriff Dale Morgan", "cue": "told", "content": ["There is no second shooter,"]},
     '"There is no second shooter," Sheriff Dale Morgan told reporters'),
])
def test_nested_report_found_by_retagging_the_reported_span(text, outer, inner, outer_content):
    first, full = _outer_only_and_full(text, outer, inner)
    r = build_report("t", text, oracle_tagged(first), retag=oracle_retag(full))
    out, nested = by_cue(r, outer["cue"]), by_cue(r, inner["cue"])
    assert nested.via == out.id and out.via is None
    assert nested.source.text == inner["source"]
    assert out.content[0].text == outer_content
    without = build_report("t", text, oracle_tagged(first))  # no retagger: nothing is invented
    assert [a.cue.text for a in without.attributions] == [outer["cue"]]


@pytest.mark.parametrize("outer_source,factor,kept", [
    ("Bloomberg", INNER_MIN * 0.9, True),                 # an outlet reports: less sure inner cues are kept
    ("Bloomberg", INNER_MIN_OUTLET * 0.9, False),         # ... down to INNER_MIN_OUTLET
    ("the finance ministry", INNER_MIN * 0.9, False),     # anyone else: only inner attributions the tagger is sure of
    ("the finance ministry", 1.0, True),
])
def test_inner_report_the_tagger_is_unsure_of_is_dropped(outer_source, factor, kept):
    text = f"According to {outer_source}, the sovereign wealth fund intends to sell its stakes."
    outer = {"source": outer_source, "cue": "According to",
             "content": ["the sovereign wealth fund intends to sell its stakes"]}
    first, full = _outer_only_and_full(text, outer, {"source": "the sovereign wealth fund", "cue": "intends",
                                                     "content": ["to sell its stakes"]})
    r = build_report("t", text, oracle_tagged(first), retag=scaled_retag(oracle_retag(full), factor))
    assert [a.cue.text for a in r.attributions] == (["According to", "intends"] if kept else ["According to"])


def test_depth_three_through_a_citation_and_a_nested_report():
    """"According to Reuters, The Economic Times reported citing officials that X": the outer content read by
    the citation rules gives two more levels, each via the one above."""
    text = "According to Reuters, The Economic Times reported citing government officials that India would cut duties."
    first = gold(text, {"source": "Reuters", "cue": "According to",
                        "content": ["The Economic Times reported citing government officials that India would cut duties"]})
    r = build_report("t", text, oracle_tagged(first), retag=oracle_retag(first))
    reuters, times, officials = by_cue(r, "According to"), by_cue(r, "reported"), by_cue(r, "citing")
    assert (times.source.text, times.via) == ("The Economic Times", reuters.id)
    assert (officials.source.text, officials.via) == ("government officials", times.id)
    assert officials.content[0].text == times.content[0].text == "India would cut duties"


def test_inner_report_of_a_citing_outlet_comes_via_the_last_citation():
    text = "The dpa news agency, citing the RND newspaper network, reported that coalition lawmakers said the bill " \
           "would be delayed."
    claim = "coalition lawmakers said the bill would be delayed"
    first = gold(text, {"source": "The dpa news agency", "cue": "reported", "content": [claim]},
                 {"source": "the RND newspaper network", "cue": "citing"})
    full = gold(text, {"source": "coalition lawmakers", "cue": "said", "content": ["the bill would be delayed"]})
    r = build_report("t", text, oracle_tagged(first), retag=oracle_retag(full))
    assert by_cue(r, "said").via == by_cue(r, "citing").id
    assert by_cue(r, "citing").via == by_cue(r, "reported").id


# -- no invented chains ------------------------------------------------------------------------------------------

def test_told_an_outlet_is_a_recipient_not_a_chain():
    text = "Aid deliveries have fallen by half, a senior UN official told The New York Times."
    r = assemble(gold(text, {"source": "a senior UN official", "cue": "told",
                             "content": ["Aid deliveries have fallen by half"]}))
    told = by_cue(r, "told")
    assert told.recipient.text == "The New York Times" and told.via is None


def test_first_hand_statement_after_a_citation_has_no_via():
    text = ("The talks failed, Al Arabiya reported, citing two diplomats. "
            "The ministry said on Tuesday that new talks would start.")
    r = assemble(gold(text, {"source": "Al Arabiya", "cue": "reported", "content": ["The talks failed"]},
                      {"source": "The ministry", "cue": "said", "content": ["new talks would start"]}))
    assert by_cue(r, "citing").via == by_cue(r, "reported").id
    assert by_cue(r, "said").via is None


def test_back_reference_to_the_outlet_is_first_hand():
    text = ("The decree will pass, the newspaper La Stampa reported, citing government sources. "
            "According to the newspaper, the decree sets up three centres. They said it would cost 80 million euros.")
    r = assemble(gold(text, {"source": "the newspaper La Stampa", "cue": "reported", "content": ["The decree will pass"]},
                      {"source": ("the newspaper", 2), "cue": "According to", "content": ["the decree sets up three centres"]},
                      {"source": "They", "cue": "said", "content": ["it would cost 80 million euros"]}))
    reported = by_cue(r, "reported")
    assert by_cue(r, "According to").via is None
    assert by_cue(r, "said").via == reported.id


def test_citation_clause_inside_a_trailing_report():
    """"<outlet> reported citing <sources> that <claim>, Yonhap said": the whole clause is Yonhap's content,
    and the citation chain hangs below it (the clause rules must not read ", Yonhap said" as part of the claim)."""
    text = ("The website NK News reported citing sources inside North Korea that rice prices had doubled, "
            "Yonhap said.")
    whole = "The website NK News reported citing sources inside North Korea that rice prices had doubled"
    r = assemble(gold(text, {"source": "Yonhap", "cue": "said", "content": [whole]}))
    yonhap, nk, cited = by_cue(r, "said"), by_cue(r, "reported"), by_cue(r, "citing")
    assert yonhap.via is None and yonhap.content[0].text == whole
    assert (nk.source.text, nk.via) == ("The website NK News", yonhap.id)
    assert (cited.source.text, cited.via, cited.content[0].text) == ("sources inside North Korea", nk.id,
                                                                     "rice prices had doubled")


def test_recipient_stops_at_the_end_of_its_sentence():
    text = "Aid has fallen by half, a senior UN official told The New York Times. The UN has appealed for money."
    r = assemble(gold(text, {"source": "a senior UN official", "cue": "told", "content": ["Aid has fallen by half"]}))
    assert by_cue(r, "told").recipient.text == "The New York Times"


def test_citation_claim_stays_in_its_sentence():
    """"under-16s." ends no sentence for the splitter; the claim must not run on into the next one."""
    text = ("Citing a draft law, Der Spiegel reported that Germany would ban energy drinks for under-16s. "
            "The draft foresees fines for shops.")
    source, cue, citations, content = _clause(text)
    assert (source, cue, citations) == ("Der Spiegel", "reported", [("Citing", "a draft law")])
    assert content.rstrip(".") == "Germany would ban energy drinks for under-16s"
    text = "Prices will rise. Talks failed on Monday, Reuters reported, citing two diplomats."
    assert _clause(text)[3] == "Talks failed on Monday"


@pytest.mark.parametrize("after_told,recipient", [
    ("police that the attacker had shouted", "police"),
    ("dpa on Monday that the plants stay open", "dpa"),
    ("a parliamentary committee on Tuesday that rates would rise", "a parliamentary committee"),
    ("the German broadcaster ZDF after the race that he was tired", "the German broadcaster ZDF"),
    ("her party that she would not stand", "her party"),
    ("the club’s website that the team was ready", "the club’s website"),
    ("the court the defendant had lied", "the court"),
    ("The Associated Press that she heard shots", "The Associated Press"),
])
def test_told_names_its_recipient(after_told, recipient):
    text = f"The official told {after_told}."
    content = after_told.split(" that ")[-1] if " that " in after_told else after_told.split(" ", 2)[-1]
    r = assemble(gold(text, {"source": "The official", "cue": "told", "content": [content]}))
    told = by_cue(r, "told")
    assert told.recipient.text == recipient and told.via is None


def test_back_reference_to_a_nearer_first_hand_speaker_has_no_via():
    text = ("Vanuatu has signed a policing pact, the Vanuatu Daily Post reported, quoting the police commissioner. "
            "An Australian government source told Reuters that Canberra had not been consulted. "
            "He said the pact could undermine a treaty.")
    r = assemble(gold(text, {"source": "the Vanuatu Daily Post", "cue": "reported",
                             "content": ["Vanuatu has signed a policing pact"]},
                      {"source": "An Australian government source", "cue": "told",
                       "content": ["Canberra had not been consulted"]},
                      {"source": "He", "cue": ("said", 1), "content": ["the pact could undermine a treaty"]}))
    assert by_cue(r, "quoting").via == by_cue(r, "reported").id
    assert by_cue(r, "said").via is None
