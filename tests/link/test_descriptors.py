"""What a description says about its referent, and where the text said it (attribution.link.descriptors)."""
from __future__ import annotations

import pytest

from attribution import lexicons as lex
from attribution.link import descriptors
from attribution.link.descriptors import described_share, description_keys, introduction_keys, word_key


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test computes its keys afresh: a result cached by an earlier test (or by the assembly
    another test ran) would hide from this one what the functions now do."""
    for cached in (descriptors._country_of, descriptors.description_keys, descriptors.introduction_keys):
        cached.cache_clear()


def keys_of(text: str, name: str) -> frozenset[str]:
    start = text.index(name)
    return introduction_keys(text, start, start + len(name))


@pytest.mark.parametrize("description,text,name", [
    ("The 24-year-old", "Kelso signed Daniel Kiprono, 24, on Friday.", "Daniel Kiprono"),
    ("the 31-year-old", "Goalkeeper Luc Moreau has retired at 31 after surgery.", "Luc Moreau"),
    ("The Swede", "Rovers signed Swedish striker Oskar Lindberg on Friday.", "Oskar Lindberg"),
    ("the Swede", "The goal came from Oskar Lindberg of Sweden.", "Oskar Lindberg"),
    ("the Spaniard", "Spanish rider Javier Ortega won the stage.", "Javier Ortega"),
    ("The Kenyan", "Kenya's Mary Wanjiru won in 2:21.", "Mary Wanjiru"),
    ("The insurer", "Many passengers bought cover from Halden Insurance.", "Halden Insurance"),
    ("The start-up", "Hackers stole calls from Lumora, an Estonian start-up, in May.", "Lumora"),
    ("The drugmaker", "Supplies fell after a fault at drugmaker Vexor Pharma in Seoul.", "Vexor Pharma"),
])
def test_a_description_finds_what_the_text_said_where_it_named_its_referent(description, text, name):
    assert described_share(description, keys_of(text, name)) == 1.0


@pytest.mark.parametrize("description,text,name", [
    ("The 24-year-old", "Kelso signed Daniel Kiprono on Friday. He is 24.", "Daniel Kiprono"),  # another sentence
    ("The Australian", "Austrian skier Anna Gruber won.", "Anna Gruber"),  # prefixes alike, countries not
    ("The Swede", "Striker Ola Berg joined Swedish club Malmo Athletic.", "Ola Berg"),  # later in the sentence
    ("The start-up", "Lumora, which rivals Kinnet, an Estonian start-up, said.", "Lumora"),  # the apposition ends at its comma
    ("The insurer", "The claim was filed. Halden Insurance staff said.", "Halden Insurance"[:6]),  # "Halden" alone
])
def test_words_outside_the_introduction_or_of_another_country_do_not_count(description, text, name):
    assert described_share(description, keys_of(text, name)) == 0.0


def test_the_words_before_a_mention_stop_at_its_sentence_start():
    text = "The company makes drones. Chief executive Ana Ruiz said sales rose."
    assert "compa" not in keys_of(text, "Ana Ruiz") and "execu" in keys_of(text, "Ana Ruiz")


def test_numbers_compare_by_value_and_determiners_say_nothing():
    assert word_key("1,900") == word_key("1900") == "#1900"
    assert description_keys("The 24-year-old") == frozenset({"#24"})
    assert description_keys("the") == frozenset()
    assert described_share("the", frozenset({"#24"})) == 0.0


def test_every_nationality_form_names_one_country():
    forms = [f for fs in lex.load("nationalities")["countries"].values() for f in fs]
    assert len(forms) == len(set(forms))
    countries = {f for fs in lex.load("nationalities")["countries"].values() for f in fs}
    assert set(lex.load("nationalities")["person_nouns"]) <= countries


def test_keys_are_what_the_introduction_says_and_nothing_else():
    text = "Rovers signed striker Ola Berg. He scored."
    assert keys_of(text, "Ola Berg") == {"@rove", "rover", "signe", "strik", "@ola", "ola", "@berg", "berg"}


@pytest.mark.parametrize("text,name,key", [
    ("Talks with Norline, which employs 1,900 staff, failed.", "Norline", "#1900"),  # numbers by value
    ("Rovers signed Oskar Lindberg, 24", "Oskar Lindberg", "#24"),  # no sentence end after it
    ("The calls came from Lumora, an Estonian start-up", "Lumora", "start"),  # an apposition to the text's end
])
def test_what_follows_a_mention_to_the_end_of_its_sentence_or_text(text, name, key):
    assert key in keys_of(text, name)


def test_word_keys():
    assert word_key("Swedish") == word_key("Sweden") == word_key("Swedes") == "@sweden"  # plurals too
    assert word_key("Kenyan") == word_key("Kenya") == "@keny"  # capitalised words by four letters
    assert word_key("insurer") == word_key("insurance") == "insur"  # others by five
    assert word_key("gas") == "gas" and word_key("of") is None  # three letters are a word, two are not
    assert word_key("O’Neill") == word_key("O'Neill")  # either apostrophe


def test_the_share_is_of_the_description_s_words():
    assert described_share("the former minister", frozenset({"minis"})) == 0.5
