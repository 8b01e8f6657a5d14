"""What sort of body a description means and what sort the text showed a body to be
(attribution.link.body_sorts), and the ranker's use of it."""
from __future__ import annotations

import pytest
from gold_spans import assemble, gold, ranker_decisions

from attribution import lexicons as lex
from attribution.link import body_sorts
from attribution.link.body_sorts import description_sorts, word_sorts


@pytest.fixture(autouse=True)
def fresh_caches():
    """A sort table or a mention's sorts cached by another test would hide what the functions now do."""
    body_sorts._sorts_of.cache_clear()
    body_sorts._mention_words.cache_clear()


def test_a_family_word_fits_every_sort_of_its_family_and_no_other():
    company = word_sorts("company")
    assert {"airline", "bank", "retailer", "drugmaker"} <= company
    assert not company & {"union", "regulator", "charity", "sport", "police"}
    assert word_sorts("Company") == company and word_sorts("company's") == company


@pytest.mark.parametrize("description,sort", [
    ("the carrier", "airline"), ("The lender", "bank"), ("the watchdog", "regulator"),
    ("the union", "union"), ("The paper", "media"), ("the side", "sport"), ("the force", "police"),
])
def test_a_description_s_head_says_its_sort(description, sort):
    assert sort in description_sorts(description)


def test_words_the_table_does_not_know_say_nothing():
    assert description_sorts("the spokesman") == frozenset()
    assert word_sorts("Velbank") == frozenset()


def test_every_family_names_sorts_the_table_defines():
    table = lex.load("body_classes")
    for family, sorts in table["families"].items():
        assert set(sorts) <= set(table["classes"]), family
        assert family in table["family_words"]


def _sorts_seen(text: str, sources: list[dict]) -> dict[tuple[str, str], tuple[float, float]]:
    """(match, clash) for every description source and candidate the ranker was asked about."""
    import attribution.link.rank as rank

    seen: dict[tuple[str, str], tuple[float, float]] = {}

    def note(m, cands, ctx):
        for i, e in enumerate(cands):
            values = dict(zip(rank.FEATURES, rank.features(m, e, i, ctx)))
            seen[(m.text, e.name)] = (values["sort_match"], values["sort_clash"])

    ranker_decisions(gold(text, *sources), note)
    return seen


STRIKE = ("Pilots vote to strike\n\n"
          "The Irish Airline Pilots' Association said its members would strike on Friday. "
          "Budget airline SkyLane said the walkout was unlawful. "
          "The union said the vote was clear.")
STRIKE_SOURCES = [
    {"source": "The Irish Airline Pilots' Association", "cue": ("said", 1),
     "content": ["its members would strike on Friday"]},
    {"source": "Budget airline SkyLane", "cue": ("said", 2), "content": ["the walkout was unlawful"]},
    {"source": "The union", "cue": ("said", 3), "content": ["the vote was clear"]},
]


def test_the_sort_a_body_was_given_where_it_was_named_meets_the_description():
    """"Budget airline SkyLane" is an airline, no union; the pilots' association may be one."""
    seen = _sorts_seen(STRIKE, STRIKE_SOURCES)
    assert seen[("The union", "SkyLane")] == (0.0, 1.0)
    assert seen[("The union", "Irish Airline Pilots' Association")] == (1.0, 0.0)


def test_the_union_is_the_pilots_association_not_the_airline_mentioned_last():
    r = assemble(gold(STRIKE, *STRIKE_SOURCES))
    assert r.attributions[2].source.entity == r.attributions[0].source.entity
    assert r.attributions[2].source.resolves_to == "Irish Airline Pilots' Association"


def test_an_apposition_and_an_earlier_description_say_a_body_s_sort():
    text = ("Fares rise\n\nNorair, a budget airline, said fares would rise. "
            "The Consumer Travel Forum said the rise was unfair. The carrier said fuel costs forced it. "
            "The company said more flights would follow.")
    seen = _sorts_seen(text, [
        {"source": "Norair", "cue": ("said", 1), "content": ["fares would rise"]},
        {"source": "The Consumer Travel Forum", "cue": ("said", 2), "content": ["the rise was unfair"]},
        {"source": "The carrier", "cue": ("said", 3), "content": ["fuel costs forced it"]},
        {"source": "The company", "cue": ("said", 4), "content": ["more flights would follow"]},
    ])
    assert seen[("The carrier", "Norair")] == (1.0, 0.0)  # ", a budget airline,"
    # a name's last word supports a description but never rules one out ("Manchester City" is a club)
    assert seen[("The carrier", "Consumer Travel Forum")] == (0.0, 0.0)
    assert seen[("The company", "Consumer Travel Forum")] == (0.0, 0.0)


def test_a_curly_apostrophe_and_a_possessive_say_the_word():
    assert word_sorts("company’s") == word_sorts("company") and word_sorts("Unions'") == word_sorts("unions")


def _sorts_for(text: str, sources: list[dict], description: str, name: str) -> tuple[float, float]:
    return _sorts_seen(text, sources)[(description, name)]


def _said(source: str, nth: int, content: str) -> dict:
    return {"source": source, "cue": ("said", nth), "content": [content]}


@pytest.mark.parametrize("name,description,expected", [
    ("the Ministry of Transport", "The department", (1.0, 0.0)),  # the head before "of"
    ("the Bank of Estravia", "The lender", (1.0, 0.0)),
    ("the Bank of Estravia", "The union", (0.0, 0.0)),  # a name's head supports, never rules out
    ("the University of Tromso", "The club", (0.0, 0.0)),
    ("The Irish Airline Pilots' Association", "The carrier", (0.0, 0.0)),  # "Airline" is not its head
    ("Manchester City", "The club", (0.0, 0.0)),  # "City" would say a city council
    ("Leeds United", "The club", (1.0, 0.0)),
    ("The Harbour Gazette", "The paper", (1.0, 0.0)),  # an outlet's name says it is one
    ("the news agency Baltic Press", "The paper", (1.0, 0.0)),  # the title the parser split off
    ("Velbank", "The spokesman", (0.0, 0.0)),  # a description whose head names no sort of body
    ("Velbank", "The union", (0.0, 0.0)),  # a name that says nothing of its sort
])
def test_where_a_body_s_sort_shows(name, description, expected):
    text = f"Row\n\n{name[0].upper() + name[1:]} said the plan was sound. {description} said it was not."
    got = _sorts_for(text, [_said(name[0].upper() + name[1:], 1, "the plan was sound"),
                            _said(description, 2, "it was not")], description, _entity_name(name))
    assert got == expected


def _entity_name(mention: str) -> str:
    from attribution.link.names import parse

    return parse(mention, body=True).name


def test_an_earlier_description_linked_to_a_body_says_its_sort():
    """"Velta" says nothing of itself; "The carrier", linked to it, makes it an airline for a later "The
    union", which then clashes."""
    text = ("Strike\n\nVelta said flights would run. The carrier said fares would not rise. "
            "The union said the strike would go ahead.")
    seen = _sorts_seen(text, [_said("Velta", 1, "flights would run"), _said("The carrier", 2, "fares would not rise"),
                              _said("The union", 3, "the strike would go ahead")])
    assert seen[("The carrier", "Velta")] == (0.0, 0.0)
    assert seen[("The union", "Velta")] == (0.0, 1.0)


def test_an_apposition_adds_to_what_the_name_says():
    """"The Harbour Gazette, the city's oldest title," is an outlet by its name, whatever its apposition says;
    "Velta, a budget airline," is an airline by its apposition alone."""
    text = ("Fares\n\nThe Harbour Gazette, the city's oldest title, said fares would rise. The paper said so again.")
    seen = _sorts_seen(text, [_said("The Harbour Gazette", 1, "fares would rise"), _said("The paper", 2, "so again")])
    assert seen[("The paper", "Harbour Gazette")] == (1.0, 0.0)
    text = "Fares\n\nVelta, a budget airline, said fares would rise. The carrier said so again."
    seen = _sorts_seen(text, [_said("Velta", 1, "fares would rise"), _said("The carrier", 2, "so again")])
    assert seen[("The carrier", "Velta")] == (1.0, 0.0)


def test_pronouns_get_no_sort_features():
    seen = _sorts_seen("Fares\n\nNorair, a budget airline, said fares would rise. It said fuel cost more.",
                       [_said("Norair", 1, "fares would rise"), _said("It", 2, "fuel cost more")])
    assert seen[("It", "Norair")] == (0.0, 0.0)


def test_every_earlier_mention_of_a_body_counts_not_only_the_last():
    text = ("Fares\n\nVelta, a budget airline, said fares would rise. Velta said fuel cost more. "
            "The carrier said so again.")
    seen = _sorts_seen(text, [_said("Velta", 1, "fares would rise"), _said(("Velta", 2), 2, "fuel cost more"),
                              _said("The carrier", 3, "so again")])
    assert seen[("The carrier", "Velta")] == (1.0, 0.0)


def test_the_lower_case_words_of_a_body_s_mention_say_its_sort():
    """"the patient group Migraine Action": "group" (a charity's or a business's word) is in the mention."""
    text = "Pill row\n\nThe patient group Migraine Action said the pill works. The company said so too."
    seen = _sorts_seen(text, [_said("The patient group Migraine Action", 1, "the pill works"),
                              _said("The company", 2, "so too")])
    assert seen[("The company", "Migraine Action")] == (1.0, 0.0)


@pytest.mark.parametrize("text,name,sorts", [
    ("Walsh, the union's general secretary, warned of a strike.", "Walsh", set()),  # the head is "secretary"
    ("Kingsbridge Bank, the airline's main lender, said so.", "Kingsbridge Bank", {"bank"}),
    ("The fine was imposed on Kingsbridge Bank, the regulator said.", "Kingsbridge Bank", set()),  # a clause
    ("Fees rose at Dunmore Airport, the watchdog told airlines.", "Dunmore Airport", set()),
    ("Norair, a budget airline, said fares would rise.", "Norair", {"airline"}),
])
def test_an_apposition_says_a_sort_by_its_head_and_a_reporting_clause_says_none(text, name, sorts):
    """What an apposition plainly says: its head's sorts, not every word's; ", the regulator said." is no
    apposition at all."""
    start = text.index(name)
    _, plain = body_sorts._mention_words(text, start, start + len(name), "name", name)
    assert set(plain) == sorts


def test_a_club_is_not_the_league_it_plays_in():
    """"the club" and "the National Basketball League" share no sort (the league, the federation and the
    tour are sports bodies, not clubs), so the league's name head no longer supports "the club"."""
    from attribution.link.body_sorts import word_sorts

    assert not word_sorts("club") & word_sorts("league")
    assert word_sorts("club") & word_sorts("side") and word_sorts("league") & word_sorts("federation")
