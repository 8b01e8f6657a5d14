"""What a description says about its referent, and where the text said it (attribution.link.descriptors)."""
from __future__ import annotations

import pytest

from attribution import lexicons as lex
from attribution.link.descriptors import described_share, description_keys, introduction_keys, word_key


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
