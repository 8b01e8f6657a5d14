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
    assert seen[("The union", "Budget airline SkyLane")] == (0.0, 1.0)
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
    assert seen[("The carrier", "Consumer Travel Forum")] == (0.0, 1.0)  # a forum is no carrier
    assert seen[("The company", "Consumer Travel Forum")] == (0.0, 1.0)
