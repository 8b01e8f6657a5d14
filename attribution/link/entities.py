"""Entities of one article: people, organisations, outlets, documents and groups, however named.

Mentions come from the attributions' sources and from proper names in the text
(an introduction that is not a source, "Commander ... Khalifa Haftar will not
sign", still names the man a later "Haftar said" means).  Names are joined by
rules, because how names shorten is closed and regular: a surname, an honorific
with the surname, a first name, a possessive, an acronym defined in brackets or
spelled by initials, an outlet's short title ("The Post").  Descriptions and
pronouns vary with the text and are resolved in :mod:`attribution.link.rank`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from attribution import lexicons as lex
from attribution.assemble.sources import PRONOUNS, is_description, is_pronoun, source_kind
from attribution.link.descriptors import country_of
from attribution.link.names import (DESCRIBED_THEN_NAMED, FIRST_NAMES, HONORIFICS, OUTLET_NOUNS, PARTICLES,
                                    ROLE_WORDS, NameParts, bare, first_name_gender, initials, is_capitalised, parse)
from attribution.schema import SourceSpan, Span
from attribution.split.datelines import match_dateline

# a run of capitalised words (with name particles, "van der") that may be a person's or a body's name;
# a name never runs across a line break (a headline ends where the story begins)
_NAME_RUN = re.compile(r"(?<![\w’'-])(?:[A-Z][\w’'.-]*[a-z\u00c0-\u024f][\w’'-]*|[A-Z]{2,}[\w’'-]*)"
                       r"(?:[ \t\u00a0]+(?:(?:al|bin|de|del|della|da|di|dos|du|van|von|der|den|ter|ten|le|la|of|the|&)"
                       r"[ \t\u00a0]+){0,2}"
                       r"(?:[A-Z][\w’'.-]*[a-z\u00c0-\u024f][\w’'-]*|[A-Z]{2,}))*")
_ACRONYM_DEF = re.compile(r"(?P<full>(?:[A-Z][\w’'-]+[ \t\u00a0]+)"
                          r"(?:(?:of|the|and|for)[ \t\u00a0]+|[A-Z][\w’'-]+[ \t\u00a0]+){0,6}[A-Z][\w’'-]+)"
                          r"[ \t\u00a0]+\((?P<acr>[A-Z][A-Z0-9&]{1,9})\)")
_OPENERS = lex.words("sources", "sentence_openers")
"""A sentence's or a quotation's first words, never the start of a name ("What Pat has done …", "Now I'm …")."""
_FUNCTION_WORDS = frozenset({"The", "A", "An", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our",
                             "In", "On", "At", "By", "For", "From", "With", "And", "But"})
"""Openers that begin no name wherever they stand ("in The Hague" aside, which was never a source's)."""
_FIRST_WORD = re.compile(r"""(?:^|[.!?:;]['"”’)]?\s+|\n\s*|['"“‘(]\s*|[—–-]\s+)$""")
"""What comes right before a sentence's, a line's or a quotation's first word."""
NAMED_KINDS = ("person", "organization", "government", "media", "document")
BODY_KINDS = ("organization", "government", "media")
COMMON_ACRONYMS = lex.words("sources", "common_acronyms")
"""Capitals that name a thing or a role, never a body ("AI", "GDP", "CEO", "PM")."""


def opens_a_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` is a sentence's, a line's or a quotation's first."""
    return _FIRST_WORD.search(text[max(0, at - 6):at]) is not None


def given_name(word: str) -> bool:
    """A word the name tables know as a given name: what opens a person's name, not a firm's."""
    return first_name_gender(word) is not None or word in FIRST_NAMES


def _common_acronym(text: str) -> bool:
    """"AI" in capitals, not the surname "Ai" (Ai Weiwei)."""
    return text.isupper() and text.lower() in COMMON_ACRONYMS
# the last word of a body's name ("Andes Copper Corp", "Halden Insurance", "Young Minds Trust"): no surname
ORG_SUFFIXES = lex.words("sources", "body_name_endings") | lex.words("sources", "trade_name_endings")
_WEEKDAYS_MONTHS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                    "february", "march", "april", "may", "june", "july", "august", "september", "october",
                    "november", "december"}


@dataclass(eq=False)
class Mention:
    """A span that may name an entity; ``source`` is set when it is an attribution's source."""

    span: Span
    kind: str
    anonymous: bool
    parts: NameParts
    source: SourceSpan | None = None
    hint: str | None = None  # what the rule-based coreference resolved it to, if anything

    @property
    def text(self) -> str:
        return self.span.text

    @functools.cached_property
    def form(self) -> str:
        """pronoun, description, name or group: how the mention refers."""
        t = self.text.strip()
        if is_pronoun(t):
            return "pronoun"
        p = self.parts
        if (self.kind in ("media", "organization", "government") and p.titles and p.name and p.name != t
                and is_capitalised(p.name.split()[0])):
            return "name"  # "the Kommersant newspaper": a name with its description
        if DESCRIBED_THEN_NAMED.match(t.strip(" ,")):
            return "name"  # "the association's president, Ciara Walsh": a name with its role
        if (PARTITIVE.match(t) or is_description(t) or _is_bare_role(t) or DEMONYM.match(t)
                or _ROLE_OF.match(t) or _described(t)):
            return "description"
        if "," in t and is_description(t.split(",", 1)[0]) and not is_capitalised(p.name.split()[0] if p.name else ""):
            return "description"  # "The bank, Velland's third-largest,": a description and its apposition
        words = self.parts.name.split()
        if self.kind in NAMED_KINDS and words and is_capitalised(words[-1]) and is_capitalised(words[0]):
            return "name"
        return "group"


# the prepositions that put a name after the head noun of a mention without making it the mention's name
_PLACING = frozenset({"in", "at", "from", "by", "for", "to", "near", "outside", "inside", "across", "with", "on"})


def placed_after_a_preposition(text: str, name: str) -> bool:
    """Is the capitalised name a mention ends in (one starting lower-case or with an article) only the
    object of its preposition ("court filings in Stuttgart", "archaeologists from the University of
    Dunmore", "a letter seen by Reuters")?  Then the head noun before it is whom the mention means, not the
    name.  "of" is no such preposition ("head of the Arctic Fleet Directorate Vadim Sokolov" names the
    person at its end), nor is one followed by a place and then a person's name ("the MP for Leeds North
    Alex Sobel")."""
    if not name or not text[:1].islower() and bare(text.split()[0]) not in ("the", "a", "an"):
        return False
    tokens = name.split()
    if len(tokens) >= 3 and tokens[-2] in FIRST_NAMES and bare(tokens[-1]) not in ORG_SUFFIXES | PLACE_SUFFIXES:
        return False  # "the MP for Leeds North Alex Sobel": a person named after the place closes the title
    at = text.rfind(name)
    before = text[:at].split() if at > 0 else []
    if before and bare(before[-1]) in ("the", "a", "an"):
        before = before[:-1]
    return len(before) >= 2 and bare(before[-1]) in _PLACING


# "one of them", "most of the officials", "another", "the other": a member or part of a group named before
PARTITIVE = re.compile(r"^(?:(?:one|some|most|many|several|two|three|four|all|none|each|either|neither|another|"
                       r"others?)\s+of\s+|another$|others$|the\s+others?$|(?-i:[Oo]ne)$)", re.I)
ONE_MEMBER = re.compile(r"^(?:[Oo]ne|[Aa]nother)\s+([a-z][\w-]*)$")
""""One pal", "One official", "Another evacuee": a member of a group the text named by that noun before, if it did."""
_QUANTIFIERS = {"the", "a", "an", "some", "many", "most", "several", "two", "three", "four", "five", "six", "seven",
                "eight", "nine", "ten", "dozens", "hundreds", "thousands", "few", "other", "both", "all", "his", "her",
                "their", "its", "our"}
_GROUP_CUT = {"who", "whom", "that", "which", "at", "in", "from", "with", "on", "for", "of", "by", "near", "close",
              "familiar", "outside", "inside", "across", "around", "behind", "under", "after", "before", "among"}
# plural nouns without a plural -s
_PLURALS = {"people", "police", "staff", "children", "men", "women", "folk", "crew", "personnel", "clergy", "youth"}


def group_noun(text: str) -> str:
    """The noun a group is named by: "Economists polled by Reuters" → "economists", "Most of the parents
    who spoke" → "parents", "two people familiar with the matter" → "people" (the head before a
    participle, a preposition or a relative clause)."""
    words = [bare(w) for w in text.split(",", 1)[0].split()]
    if len(words) > 2 and words[1] == "of" and words[0] in _QUANTIFIERS | {"one", "none", "each", "any"}:
        words = words[2:]  # "most of the parents …"
    while words and (words[0] in _QUANTIFIERS or words[0].isdigit()):
        words = words[1:]
    kept: list[str] = []
    for i, w in enumerate(words):
        if i > 0 and (w in _GROUP_CUT or (len(w) > 4 and w.endswith(("ed", "ing")))):
            break
        kept.append(w)
    return kept[-1] if kept else ""


def is_plural_noun(word: str) -> bool:
    """"officials", "spokesmen", "people"; and an abbreviated role's plural ("MPs", "CEOs")."""
    return word in _PLURALS or word.endswith("men") or (
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))) or (
        word.endswith("s") and word[:-1] in ROLE_WORDS and len(word) <= 5)


def same_group_noun(a: str, b: str) -> bool:
    """"official" and "officials", "residents" and "residents": one noun, either number."""
    return bool(a and b) and (a == b or a + "s" == b or b + "s" == a)


# "the president of the CENI", "the head of the directorate": a person described by a role in a body
_ROLE_OF = re.compile(r"^[Tt]he\s+(?:\w+\s+)?(?P<role>[a-z]+)\s+of\s+")
# a nationality adjective by its ending: "Colombian", "Belgian", "Japanese", "Kurdish", "Iraqi", "Icelandic"
_NATIONALITY_ENDING = r"[A-Z][a-zé]+(?:an|ian|ese|ish|i|ic)"
# "the Colombian", "the Dutchman", "the Belgian", "the Swede": a person described by nationality (or party)
# "the Maine Democrat", "the Texas Republican", "the Tory": a person described by party (and place)
_PARTY_MEMBER = (r"(?:[A-Z][\w.-]*\s+){0,2}(?:"
                 + "|".join(re.escape(w.title()) for w in sorted(lex.words("sources", "party_members"))) + r")")
DEMONYM = re.compile(r"^[Tt]he\s+(?:" + _PARTY_MEMBER + "|[A-Z][a-zé]+(?:man|woman)|" + _NATIONALITY_ENDING + "|"
                     + "|".join(sorted((re.escape(n.title()) for n in lex.load("nationalities")["person_nouns"]),
                                       key=len, reverse=True)) + r")$")


def _described(text: str) -> bool:
    """"the UN health agency", "the sports daily", "the Chilean company": a determiner and a common-noun
    head, whatever the capitals between (a description, not a name)."""
    words = text.split()
    if not (len(words) >= 3 and words[0].lower() in ("the", "this", "that") and words[-1][:1].islower()):
        return False
    head = words[-1].lower()
    if head in PERSON_ONLY_HEADS:
        return True  # "The Midnight Radio singer", "the Chelsea striker": no one's name ends in a role
    # "the Kommersant newspaper", "the EFE news agency" name an outlet: a name right before the head noun
    return ((words[-2][:1].islower() or is_nationality(words[-2]) or ORIGIN_MODIFIER.search(words[-2]) is not None)
            and words[-2].lower() not in OUTLET_NOUNS and any(head in heads for heads in DESCRIPTION_HEADS.values()))


ORIGIN_MODIFIER = re.compile(r"\w-(?:based|headquartered|owned|listed|registered)$")
"""A body's seat or owner before its head noun ("The Frankfurt-based firm", "the Geneva-based council",
"the state-owned utility"): a description, however the place is spelt; and no modifier that makes the ranker's
new-entity option likelier (news refers back to a body it named so)."""


def is_nationality(word: str) -> bool:
    """"Chilean", "Kyrgyz", "Swiss": a nationality adjective (the ``nationalities`` lexicon, or an
    adjective's ending), which makes "the Chilean company" a description, not a company named Chilean."""
    return country_of(word) is not None or re.fullmatch(_NATIONALITY_ENDING, word) is not None


# what a description's head word may refer to, by kind ("the agency": government, organization, media)
DESCRIPTION_HEADS = {k: frozenset(v) for k, v in lex.load("sources")["description_heads"].items() if k != "_about"}
PERSON_ONLY_HEADS = DESCRIPTION_HEADS["person"] - (DESCRIPTION_HEADS["organization"] | DESCRIPTION_HEADS["government"]
                                                   | DESCRIPTION_HEADS["media"] | DESCRIPTION_HEADS["document"])
"""Heads that name only people ("the striker", "the singer")."""


def parse_as(text: str, kind: str) -> NameParts:
    """Parse a mention the way its kind reads: a person's name, a body's name, or as it is."""
    parts = parse(text, person=kind == "person", body=kind in ("organization", "government", "media"))
    if placed_after_a_preposition(text, parts.name):
        return NameParts(name=_core_text(text), placed=True)
    if kind == "document" and parts.acronym and parts.acronym not in (initials(parts.name),
                                                                     initials(parts.name, hyphens=True)):
        parts.acronym = None  # "a report by the Government Accountability Office (GAO)": its author's acronym
    return parts


def _is_bare_role(text: str) -> bool:
    """"the mayor", "the company": a lower-case head after a determiner, no name; or a role's
    abbreviation ("the MP", "the CEO"), which is no acronym of a name."""
    words = text.split()
    return (len(words) == 2 and words[0].lower() in ("the", "this", "that")
            and (words[1][:1].islower() or words[1].isupper() and bare(words[1]) in ROLE_WORDS))


@dataclass(eq=False)
class Entity:
    """One person, body, outlet, document or group; ``mentions`` in text order."""

    kind: str
    name: str
    anonymous: bool = False
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    acronym: str | None = None
    gender: str | None = None  # from an honorific or a pronoun linked to it
    gender_hint: str | None = None  # from the first name (public name statistics, silver data): weaker
    id: str | None = None
    keys: set[str] = field(default_factory=set)  # the normalised names and group descriptions it was given
    role_in_text: bool = False  # a role word stands right before one of its names ("head coach Ruud de Vries")

    @property
    def tokens(self) -> list[str]:
        return self.name.split()

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        if m.form in ("name", "group"):
            self.keys.add(_norm(m.parts.name))
        for t in m.parts.titles:
            if t not in self.titles and t.lower() != self.name.lower():
                self.titles.append(t)
        if m.parts.acronym and not self.acronym:
            self.acronym = m.parts.acronym
        if m.parts.gender and not self.gender:
            self.gender = m.parts.gender
        if m.form == "name" and self.kind == "person" and len(m.parts.tokens) >= 2 and not self.gender_hint:
            self.gender_hint = first_name_gender(m.parts.tokens[0])
        if m.form == "name" and _fuller(m.parts.name, self.name, self.kind):
            self.name = m.parts.name
        if m.form == "group" and len(m.text) > len(self.name) and self.kind not in NAMED_KINDS:
            self.name = _core_text(m.text)

    @property
    def person_evidence(self) -> bool:
        """Anything beyond a capitalised word that says this is a person: a first and last name, an
        honorific, a title, a gendered pronoun."""
        return bool(self.gender or self.titles or any(m.parts.honorific for m in self.mentions)
                    or (len(self.tokens) >= 2 and self.tokens[0] in FIRST_NAMES))

    @property
    def likely_gender(self) -> str | None:
        """The gender the text shows (an honorific, a linked pronoun), else the first name's usual one."""
        return self.gender or self.gender_hint

    @property
    def shown_to_be_a_person(self) -> bool:
        """A person by :attr:`person_evidence`, by a role the text gives one of its names, or by a first
        name of the public name statistics ("Tomas Rehn"): what the kind constraint on "it" and on body
        descriptions trusts (a capitalised name alone may be a firm's)."""
        return self.kind == "person" and (self.person_evidence or self.role_in_text or (
            len(self.tokens) >= 2 and first_name_gender(self.tokens[0]) is not None))

    def last_before(self, pos: int) -> Mention | None:
        before = [m for m in self.mentions if m.span.start < pos]
        return before[-1] if before else None


def _fuller(candidate: str, current: str, kind: str) -> bool:
    """Is ``candidate`` a fuller proper name than ``current``? (more words; an acronym loses to its expansion)"""
    if not current:
        return True
    if current.isupper() and not candidate.isupper() and len(candidate) > len(current):
        return True
    if candidate.isupper() and not current.isupper():
        return False
    return len(candidate.split()) > len(current.split())


def _core_text(text: str) -> str:
    return re.split(r",\s*(?:who|which|whose)\b", text.strip(), maxsplit=1)[0].strip(" ,")


@functools.lru_cache(maxsize=65536)  # asked of every entity for every name: the same few strings
def _norm(name: str) -> str:
    n = re.sub(r"^(the|a|an)\s+", "", name.strip(), flags=re.I).lower().replace("’", "'")
    return re.sub(r"'s$", "", n)


TEAM_SUFFIXES = lex.words("sources", "team_name_endings")
"""The last words of a team's name ("Leyton Rovers", "Harbridge Saints", "Calderbridge Rhinos"): a club, not a
person; "Rovers" alone names the club."""
OUTLET_SUFFIXES = lex.words("sources", "outlet_name_endings")
"""The last words of a newspaper's title that name nothing else ("Harbour Gazette", "Westmoor Tribune"): an
outlet, unless a given name opens it."""
OUTLET_SUFFIXES_AFTER_THE = lex.words("sources", "outlet_name_endings_after_the")
"""Title words that are also surnames and brands' ("Post", "Star", "Express", "Mercury", "Register"): an outlet
only after "The" ("The Selbury Mercury", "The Millbrook Register"; not "Jeroen Post", "National Express")."""
TRADE_SUFFIXES = lex.words("sources", "trade_name_endings")
"""A trade's word ending a firm's name that is also a surname ("Coastway Trains", "Baltica Wings", "Meridian
Research"; "Oliver Lines"): a body unless a common given name opens it (the silver table of common given
names: the name statistics know "Aurelia" and "Meridian" too, and firms are named so)."""


def names_an_outlet(text: str) -> bool:
    """A capitalised name of two to four words ending in a newspaper title's word ("Harbour Gazette", "The
    Selbury Mercury"; the ambiguous words only after "The"), not opened by a given name ("Freddie Mercury")."""
    words = text.split(",", 1)[0].split()
    after_the = bool(words) and words[0].lower() == "the"
    words = [w for w in words if bare(w) != "the"]
    if not (2 <= len(words) <= 4 and all(is_capitalised(w) for w in words)):
        return False
    ending = bare(words[-1])
    return ((ending in OUTLET_SUFFIXES or after_the and ending in OUTLET_SUFFIXES_AFTER_THE)
            and not given_name(words[0]) and bare(words[0]) not in HONORIFICS | ROLE_WORDS)


# a place's last words: a body when it speaks ("Ashdown City said": the club or the city's government),
# a place when merely named ("MEXICO CITY (Reuters)")
PLACE_SUFFIXES = {"city", "town", "county"}


def _person_after(rest: str) -> bool:
    """What follows a body's "of" names a person too: a role ("Bank of England Governor Andrew Bailey"), a
    possessive, or a given name and a surname at the end ("University of Leeds professor Jane Smith")."""
    words = rest.split()
    return (any(bare(w) in ROLE_WORDS or w.endswith(("'s", "’s")) for w in words)
            or len(words) >= 3 and first_name_gender(words[-2]) is not None)


_SAINT_S = re.compile(r"^(?:St\.?|Saint)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?(?:'s|’s|s'|s’)$")
"""A saint's name in the possessive standing alone ("St Wilfrid's", "St Thomas'"): the place named for him."""


def names_a_body(text: str, speaks: bool = False) -> bool:
    """A capitalised name of two or more words ending in an organisation word ("Young Minds Trust",
    "Halden University", "Leyton Rovers"), or a place's name that ``speaks`` (a source): a body,
    whatever the kind rules said (no surname is "Trust"); but not a person "of" a body ("Analyst
    Rohan Sharma of Drummond Capital")."""
    words = text.split(",", 1)[0].split()  # "Dr. Simran Kaur, an epidemiologist at Birmingham University": Kaur
    if words and bare(words[0]) in HONORIFICS:
        return False
    owner = re.split(r"\s+of\s+", " ".join(words), maxsplit=1)
    if len(owner) == 2:  # "Analyst Rohan Sharma of Drummond Capital", "Ian Hale of Leeds University": a person
        person = parse(owner[0], person=True)
        if person.titles or person.honorific or (len(person.tokens) >= 2 and person.tokens[0] in FIRST_NAMES):
            return False
    if len(words) >= 3 and "&" in words[1:-1] and is_capitalised(words[-1]):
        return True  # "Dunmore & Sons", "Deane & Co", "Marks & Spencer": partners' names joined make a firm
    if 2 <= len(words) <= 3 and words[0] == "Team" and is_capitalised(words[1]) and bare(words[1]) not in ROLE_WORDS:
        return True  # "Team Nordic", "Team Alvero-Roca": a cycling or sailing team (not "Team Principal …")
    if len(owner) == 2 and owner[0].split() and bare(owner[0].split()[-1]) in ORG_SUFFIXES and not _person_after(owner[1]):
        return True  # "Halvard Museum of Art", "Tregarth Chamber of Commerce", "University of Dunmore"
    if names_an_outlet(text):
        return True
    if not (len(words) >= 2 and all(is_capitalised(w) for w in words[-2:])):
        return False
    if bare(words[-1]) in TRADE_SUFFIXES:
        return words[0] not in FIRST_NAMES  # "Coastway Trains", "Aurelia Air"; not "Oliver Lines"
    return bare(words[-1]) in ORG_SUFFIXES | TEAM_SUFFIXES | (PLACE_SUFFIXES if speaks else set())


def text_mentions(document: str, taken: list[Span]) -> list[Mention]:
    """Proper names in the text outside the source mentions: people named in passing, bodies
    with an acronym in brackets, and single names a fuller mention elsewhere may explain."""
    out: list[Mention] = []

    def free(s: int, e: int) -> bool:
        return not any(t.start < e and s < t.end for t in taken)

    for m in _ACRONYM_DEF.finditer(document):
        acr = m.group("acr")
        words = m.group("full").split()
        # the words the acronym spells: "Commander of the Libyan National Army (LNA)" → "Libyan National Army"
        cut = next((i for i in range(len(words)) if initials(" ".join(words[i:])) == acr), None)
        if cut is None:  # an acronym of another language ("Independent National Electoral Commission (CENI)")
            cut = next((i for i, w in enumerate(words) if w not in _OPENERS and bare(w) not in ROLE_WORDS
                        and bare(w) not in ("of", "the")), len(words))
        s = m.start("full") + len(" ".join(words[:cut])) + (1 if cut else 0)
        span = Span.of(document, s, m.end())
        if len(words) - cut >= 2 and free(span.start, span.end):
            kind, _ = source_kind(span.text)
            out.append(Mention(span, kind if kind in ("government", "media", "organization") else "organization",
                               False, parse(span.text, body=True)))
            taken = taken + [span]
    taken = taken + dateline_places(document)
    for m in _NAME_RUN.finditer(document):
        s = m.start()
        words = m.group().split()
        # "Libya’s Haftar": the possessor is another name; the run starts after it
        for i, w in enumerate(words[:-1]):
            if w.endswith(("’s", "'s")):
                s = m.start() + len(" ".join(words[:i + 1])) + 1
        words = document[s:m.end()].split()
        if (len(words) >= 3 and first_name_gender(words[1]) is not None
                and re.search(r"\bof\s+$", document[max(0, s - 4):s])):
            # "the deputy minister of natural resources of Norvane Tomas Rehn": the place closes the title
            s = document.index(words[1], s + len(words[0]))
            words = words[1:]
        stripped = False
        while words and (words[0] in _OPENERS and (opens_a_sentence(document, s) or words[0] in _FUNCTION_WORDS)
                         or stripped and not is_capitalised(words[0]) and bare(words[0]) not in PARTICLES):
            # "What Pat has done …", "Told of Kovač's comments": a sentence's first word, then the lower-case
            # words after it; mid-sentence only a function word ("One Nation", "Just Stop Oil" keep theirs)
            s = document.index(words[1], s + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
            stripped = True
        if not words or bare(words[0]) in _WEEKDAYS_MONTHS or _common_acronym(" ".join(words)):
            continue  # a weekday; "AI", "CEO", "GDP": capitals that name no one
        if (len(words) <= 3 and bare(words[-1]) in ROLE_WORDS and "of" not in words
                and not (len(words) >= 2 and first_name_gender(words[-2]) is not None)):
            continue  # "the Conservative MP for Thornleigh": a role, its bearer named elsewhere (not "Stephen King")
        span = Span.of(document, s, m.end())
        if not span.text or not free(span.start, span.end):
            continue
        kind, anon = source_kind(span.text)  # from its words: a document-wide search per name costs too much
        if kind == "person" and names_a_body(span.text):
            kind = "media" if names_an_outlet(span.text) else "organization"
        elif kind == "person" and _SAINT_S.match(span.text):
            kind = "organization"  # "St Wilfrid's", "St Mary's": a church, a school or a hospital, no person
        if kind not in NAMED_KINDS:
            continue
        out.append(Mention(span, kind, anon, parse_as(span.text, kind)))
    return out


def dateline_places(document: str) -> list[Span]:
    """The place (and region) of every dateline opening a line ("EDINBURGH —", "LONDON, March 3
    (Reuters) -"): where the story was filed, never a party to it, so never an entity a headline's
    "— developer" or a later "the city" could mean."""
    out: list[Span] = []
    first_line, _, rest = document.partition("\n")
    headline_end = len(first_line) if rest.startswith("\n") else -1
    for line in re.finditer(r"(?m)^(?=\S)", document):
        if line.start() < headline_end:  # a headline ("NORAIR — UNION VOWS ACTION") is no dateline
            continue
        dateline = match_dateline(document, line.start())
        if dateline is not None:
            out += [part for part in (dateline.place, dateline.region) if part is not None]
    return out


class NameLinker:
    """Joins name mentions into entities (rules for the closed, regular ways names shorten)."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []

    def new(self, m: Mention, kind: str | None = None) -> Entity:
        e = Entity(kind=kind or (m.kind if m.kind != "pronoun" else "other"),
                   name=m.parts.name if m.form == "name" else _core_text(m.text), anonymous=m.anonymous)
        e.add(m)
        self.entities.append(e)
        return e

    def match(self, m: Mention, later: bool = False) -> Entity | None:
        """The entity a name (or an undescribed group) mention repeats, most recent first."""
        parts = m.parts
        name = re.sub(r"^(?:the|a|an)\s+", "", parts.name, flags=re.I)
        key = _norm(name)
        toks = name.split()
        pool = [e for e in reversed(self.entities)]
        for e in pool:  # the same name, or the same group, said again
            if key in e.keys or _norm(e.name) == key:
                if _kinds_agree(m.kind, e.kind):
                    return e
                named = {m.kind, e.kind} <= {"person", *BODY_KINDS} and len(toks) >= 2 and m.form == "name"
                if named and not (m.parts.honorific or m.parts.titles):
                    # "Tengri Gas" again, the kind rules taking one of the two for a person: one name, one entity,
                    # a body unless the text showed it to be a person ("Chairman James Dyson" … "James Dyson")
                    if e.kind == "person" and not e.shown_to_be_a_person:
                        e.kind = m.kind
                    return e
        one = ONE_MEMBER.match(m.text.strip())
        if m.form == "group" and one:  # "One pal" after "pals", "One official" after "security officials"
            for e in pool:
                if (e.kind in ("anonymous", "other") and not any(x.form == "name" for x in e.mentions)
                        and same_group_noun(one.group(1).lower(), group_noun(e.name))):
                    return e
        if m.form == "group" and m.kind in ("government", "organization", "media") and len(toks) == 1:
            for e in pool:  # "police" for "Brookfield Police Department"
                if e.kind in ("government", "organization", "media") and bare(toks[0]) in [bare(t) for t in e.tokens]:
                    return e
        if m.form != "name":
            return None
        for e in pool:  # acronyms both ways
            acrs = {e.acronym} if e.acronym else set()
            if len(e.tokens) >= 2 and (e.kind != "person" or not e.person_evidence):
                acrs |= {initials(e.name), initials(e.name, hyphens=True)}
            if name.isupper() and len(name) >= 2 and name in acrs:
                return e
            if e.name.isupper() and len(toks) >= 2 and initials(name) == e.name:
                return e
        if m.kind == "person" or all(is_capitalised(t) for t in toks):
            for e in pool:  # surname, first name, honorific + surname, possessive
                if e.kind != "person" or m.kind not in ("person", "other"):
                    continue
                if parts.gender and e.likely_gender and parts.gender != e.likely_gender:
                    continue  # "Mrs Arbery" is not her son "Mark Arbery"
                if len(toks) == 1 and len(e.tokens) >= 2 and toks[0] in (e.tokens[-1], e.tokens[0]):
                    if toks[0] == e.tokens[0] and sum(1 for x in self.entities if x.kind == "person"
                                                      and x.tokens[:1] == toks) > 1:
                        continue  # a first name two people share
                    return e
                if len(toks) >= 2 and len(e.tokens) >= 1 and toks[-1] == e.tokens[-1] and (
                        len(e.tokens) == 1 or toks[0][:1] == e.tokens[0][:1]):
                    return e
                shorter, longer = sorted((toks, e.tokens), key=len)
                if (len(shorter) >= 2 and len(longer) > len(shorter) and bare(shorter[0]) in PARTICLES
                        and [t.lower() for t in longer[-len(shorter):]] == [t.lower() for t in shorter]):
                    return e  # "De Vries" (a headline, a sentence start) and "Ruud de Vries": surname with particle
            for e in pool:  # "According to Morais" (the kind rules: an outlet) after "Her coach, Helena Morais"
                if (len(toks) == 1 and m.kind in ("media", "organization", "government") and e.kind == "person"
                        and e.shown_to_be_a_person and len(e.tokens) >= 2 and toks[0] == e.tokens[-1]
                        and not any(x.kind != "person" and toks[0] in x.tokens for x in self.entities)):
                    return e
            for e in pool:  # "Quiroga" for "Marcelo Quiroga Vaca": the first of two surnames (Spanish, Portuguese)
                if (e.kind == "person" and m.kind in ("person", "other") and len(toks) == 1 and len(e.tokens) >= 3
                        and toks[0] == e.tokens[-2] and first_name_gender(toks[0]) is None
                        and bare(toks[0]) not in PARTICLES):
                    return e
        bodies = ("media", "organization", "government")
        outlet_short = m.text.strip().lower().startswith("the ") and len(toks) == 1  # "the Ledger"
        for e in pool:  # "The Post" for "The New York Post"; "Andes Copper" for "Andes Copper Corp"
            if not toks or (m.kind not in bodies and e.kind not in bodies) or all(x.parts.placed for x in e.mentions):
                continue  # "court filings in Stuttgart" has no name that "Stuttgart" could shorten
            etoks = [bare(t) for t in e.tokens if bare(t) != "the"]
            if len(etoks) >= 3 and e.tokens[0].endswith(("'s", "’s")):
                etoks = etoks[1:]  # "Portugal's Atlantica Airways": "Atlantica" shortens the body's own name
            mt = [bare(t) for t in toks if bare(t) != "the"]
            shorter, longer = sorted((mt, etoks), key=len)
            if not shorter or len(shorter) == len(longer):
                continue
            # "Rovers" for "Harwick Rovers": a team word alone names no person
            team_word = len(mt) == 1 and mt[0] in TEAM_SUFFIXES
            suffix = longer[-len(shorter):] == shorter and e.kind in bodies and (m.kind in bodies or outlet_short
                                                                                 or team_word)
            # "Andes Copper" for "Andes Copper Corp"; "the Corriere" for the outlet "Corriere Sportivo"
            prefix = longer[:len(shorter)] == shorter and (bare(longer[-1]) in ORG_SUFFIXES | TEAM_SUFFIXES
                                                           or outlet_short and e.kind == "media")
            if suffix or prefix:
                if e.kind not in bodies:  # "Andes Copper" looked like a person until "Andes Copper Corp"
                    e.kind = m.kind
                return e
        return None

    def link(self, m: Mention) -> Entity:
        e = self.match(m)
        if e is None:
            return self.new(m)
        e.add(m)
        return e


def _kinds_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    bodies = {"organization", "government", "media"}
    return (a in bodies and b in bodies) or "other" in (a, b) or {a, b} <= {"anonymous", "other"}


__all__ = ["Entity", "Mention", "NameLinker", "PRONOUNS", "text_mentions"]
