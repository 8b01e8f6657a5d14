"""What a mention says about whom it names: the name itself, titles, honorific, possessive.

"Surrey Mayor Doug McCallum" → name "Doug McCallum", titles ["Surrey Mayor"];
"Sen. Marco Rubio (R-Fla.)" → name "Marco Rubio", honorific "Sen.";
"Rubio's" → name "Rubio", possessive.  These are closed, regular patterns
(honorifics and role words are lexicon tables), so they are rules; who a pronoun
or a description means varies with the text and is left to ``link/rank.py``.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from attribution import lexicons as lex

HONORIFICS = lex.words("sources", "honorifics")
MALE_HONORIFICS = lex.words("sources", "male_honorifics")
FEMALE_HONORIFICS = lex.words("sources", "female_honorifics")
ROLE_WORDS = lex.words("sources", "person_words") | lex.words("sources", "anonymous_roles") | {
    "leader", "speaker", "deputy", "head", "boss", "chair", "chairperson", "councillor", "councilor", "commissioner",
    "inspector", "superintendent", "constable", "prosecutor", "attorney-general", "coach", "defender", "midfielder",
    "goalkeeper", "forward", "winger", "analyst", "adviser", "advisor", "executive", "president", "vice", "premier",
    "governor", "mp", "mep", "mla", "lawmaker", "legislator", "congressman", "congresswoman", "assemblyman",
    "assemblywoman", "alderman", "trustee", "editor", "correspondent", "columnist", "reporter",
    # church offices, capitalised before a surname as any role is ("Bishop Thursby", "Rabbi Cohen")
    "bishop", "archbishop", "archdeacon", "cardinal", "rabbi", "imam", "pastor", "vicar", "chaplain", "priest",
    # military ranks spelt out ("Colonel Traore"; the abbreviations are honorifics)
    "colonel", "lieutenant", "sergeant", "corporal", "admiral", "brigadier"}
PARTICLES = lex.words("sources", "name_particles")
PERSON_NOUNS = frozenset(lex.load("sources")["description_heads"]["person"])
"""Nouns that describe a person ("chef", "nurse", "jockey"): lower-case before a name, a title ("the television
chef Tobias Renn")."""
_PAREN = re.compile(r"\s*\([^()]*\)")
_TOKEN = re.compile(r"[^\s,;:]+")
POST_NOMINALS = frozenset(lex.words("sources", "post_nominals"))
"""Letters after a name ("Jessica Lamb KC", "Priya Lal MP", "John Reed Jr."): ranks and seats, not the name;
they become titles, except a generation ("Jr"). Regnal numbers ("Elizabeth II") stay in the name."""
_GENERATIONS = frozenset({"jr", "sr"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our"})
"""Words before a role or a body's name that belong to neither ("the patient group", "its maker")."""
_TRAIL = " ,;:.!?\"“”‘’'"


@dataclass
class NameParts:
    """A mention taken apart: ``name`` is what identifies the bearer (empty for a bare title)."""

    name: str
    titles: list[str] = field(default_factory=list)
    honorific: str | None = None
    possessive: bool = False
    acronym: str | None = None  # "Libyan National Army (LNA)" → "LNA"
    placed: bool = False
    """The mention's only name is its preposition's object ("court filings in Stuttgart"): ``name`` is then
    the whole mention, and the mention names no one by a proper name."""

    @property
    def tokens(self) -> list[str]:
        return self.name.split()

    @property
    def gender(self) -> str | None:
        h = (self.honorific or "").lower().rstrip(".")
        return "m" if h in MALE_HONORIFICS else "f" if h in FEMALE_HONORIFICS else None


# what follows an outlet's name in "the Izvestia newspaper", "a Globe and Mail report" ("Arabic media reports"
# is no outlet named Arabic: "media" is not among them)
OUTLET_NOUNS = frozenset({"newspaper", "news", "agency", "daily", "weekly", "channel", "tv", "television", "radio",
                          "station", "outlet", "broadcaster", "magazine", "website", "site", "wire", "service",
                          "report", "paper", "tabloid", "telegram"})
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|at|az|bin|ibn|abu|de|di|da|du|van|von|d|l|o|mc|mac)[-’']\w", re.I)
FIRST_NAMES: dict[str, str | None] = lex.load("first_names")["names"]


def first_name_gender(first: str) -> str | None:
    """The usual gender ("m"/"f") of a given name, or None: public name statistics where they are
    decisive (``first_name_genders.json``), else the silver-derived table.  A hint, never proof."""
    table = lex.load("first_name_genders")["names"]
    found = table.get(first) or FIRST_NAMES.get(first)
    if found is None and not first.isascii():  # "Tomás", "Zoë", "Ángel": the statistics spell them unaccented
        plain = "".join(c for c in unicodedata.normalize("NFKD", first) if not unicodedata.combining(c))
        found = table.get(plain) or FIRST_NAMES.get(plain)
    return found


def is_capitalised(word: str) -> bool:
    """A word that can be part of a name: capitalised, or a particle joined to one ("al-Mansouri")."""
    return (word[:1].isupper() or (word[:1] in "‘'’\"“" and word[1:2].isupper())
            or bool(_PARTICLE_PREFIX.match(word) and re.search(r"[-’'][A-Z]", word)))


_ROLE_COMPOUND = re.compile(r"^[A-Z][a-z]+-(?:half|back|founder|chair|chairman|chairwoman|captain|president|owner|"
                            r"author|host|presenter|keeper|director|minister|secretary|leader|head|elect)$", re.I)
"""A role compound capitalised at a sentence's start is a role, not a name: "Fly-half Rhys Pendry", "Co-founder
Ana Ruiz", "Vice-chair Tom Bell"; its second part is a role word ("Jae-in", "Duck-soo" are given names)."""


@functools.lru_cache(maxsize=65536)
def bare(word: str) -> str:
    """A token without edge punctuation, lower-cased: how it is looked up in the tables."""
    return word.strip(_TRAIL).lower().rstrip(".")


DESCRIBED_THEN_NAMED = re.compile(
    r"^(?P<role>(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w’'-]*(?:’s|'s))\s+[^,]*?(?<![\w’'-])(?:[a-z][\w’'-]*|[A-Z]{2,4})"
    r"|[Tt]he\s+[A-Z][\w’'-]*\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*),\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})$")
"""A role, then the person's name after a comma: "the association's president, Ciara Walsh", "Its
chief executive, Tom Reed", "Brackley's MP, Rebecca Thorne", "The Bishop of Wenmouth, the Rt Rev Richard Ashby"
(the tagger's span sometimes covers both)."""


def parse(text: str, person: bool = False, body: bool = False) -> NameParts:
    """Split a mention into name, titles, honorific, possessive and a defined acronym.

    ``person``: the mention names a person, so "Diane Marlowe of Arizona" is "Diane Marlowe"
    (a body keeps its "of": "Ministry of Foreign Affairs").  ``body``: it names an organisation,
    government body or outlet, so the description before the name is a title ("its maker Caldera
    Therapeutics", "the patient group Migraine Action")."""
    if body:
        return _parse_body(text)
    introduced = DESCRIBED_THEN_NAMED.match(text.strip(" ,"))
    office = introduced and re.match(r"[Tt]he\s+([A-Z][\w’'-]*)\s+of\s", introduced.group("role"))
    if office and bare(office.group(1)) not in ROLE_WORDS:
        introduced = None  # "The Bank of England, Threadneedle Street": no office, no person's name after it
    if introduced:  # "the association's president, Ciara Walsh": the name after the comma, the role a title
        parts = parse(introduced.group("name"), person=person)
        first, rest = introduced.group("role").split(None, 1)
        role = rest if first.lower() in _DETERMINERS else introduced.group("role")
        parts.titles = [role] + parts.titles
        return parts
    if person:
        m = re.match(r"^(.*[A-Z][\w’'.-]*\s+[A-Z][\w’'.-]+)\s+(?:of|from)\s+(?:(?:the\s+)?[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)?"
                     r"|the\s+(?:[a-z][\w’'-]*\s+){0,2}[a-z][\w’'-]*)$", text.strip(" ,"))
        # "Group Manager Tom Beckett of the fire service": a body named by its common noun is no part of the name
        if m:
            text = m.group(1)
    acronym = None
    m = re.search(r"\(([A-Z][A-Z0-9&.-]{1,9})\)", text)
    if m:
        acronym = m.group(1).replace(".", "")
    # a parenthesis ends a name: "Commander of the Libyan National Army (LNA) Khalifa Haftar"
    core = _PAREN.sub(" ¦", text).strip(_TRAIL.replace(".", "") + " ¦")
    core = re.split(r",\s+", core, maxsplit=1)[0].strip()  # "Kovač, who turns 35" / "X, a neurologist"
    core, possessive = _without_possessive(core)
    words = _TOKEN.findall(core)
    post = []
    # "Jessica Lamb KC": the name is Jessica Lamb
    while len(words) > 2 and words[-1].rstrip(".").lower() in POST_NOMINALS and words[-1][:1].isupper():
        post.insert(0, words.pop().rstrip("."))
    # the capitalised run at the end is the name; role words before it (and the words before them) are titles
    run_start = len(words)
    while run_start > 0 and (is_capitalised(words[run_start - 1]) or bare(words[run_start - 1]) in PARTICLES):
        run_start -= 1
    run = words[run_start:]
    last_role = -1
    for i, w in enumerate(run[:-1]):  # the last word is the name's ("Ms Bishop", "Julie Bishop")
        if bare(w) in ROLE_WORDS or bare(w) in HONORIFICS or _ROLE_COMPOUND.match(w):
            last_role = i
    if last_role < 0 and len(run) >= 3 and bare(run[0]) in PERSON_NOUNS and run[0] not in FIRST_NAMES:
        last_role = 0  # an occupation capitalised at a sentence's start: "Pilot Tom Hart" (not "Dean Michael Harris")
    honorific = None
    titles: list[str] = []
    if last_role >= 0 and last_role < len(run) - 1:
        head = run[:last_role + 1]
        if len(head) == 1 and bare(head[0]) in HONORIFICS:
            honorific = head[0]
        else:
            lead = " ".join(words[:run_start] + head).strip()
            if lead and bare(lead.split()[0]) in ("the", "a", "an"):
                lead = " ".join(lead.split()[1:])
            if lead:
                titles.append(lead)
            if bare(head[-1]) in HONORIFICS:
                honorific = head[-1]
        name_words = run[last_role + 1:]
    elif len(run) >= 3 and run_start > 0 and (_after_of(words, run_start) or (
            _portfolio_before(words[:run_start]) and first_name_gender(run[-2]) is not None)):
        # "Director General of Orbita Andrei Volkov", "head of the Arctic Fleet Directorate Vadim Sokolov",
        # "Minister for Agriculture Declan Moran", "Minister for Agriculture and Food Declan Moran" (after "for"
        # only before a known first name: "for" also joins a body's name): the portfolio or body closes the
        # title, the last two words are the name
        titles.append(" ".join(words[:run_start] + run[:-2]))
        name_words = run[-2:]
    elif run and run_start > 0 and any(bare(w) in ROLE_WORDS or w.islower() and bare(w) in PERSON_NOUNS
                                       for w in words[:run_start]):
        # "former prime minister Ana Ruiz": lower-case role words before the name
        lead = " ".join(words[:run_start])
        if len(run) == 1 and _after_of(words, run_start):
            # "Bishop of Saltmere", "Mayor of London": the place is the role's, the mention a bare title (two
            # capitalised words may be a place and a surname: "Minister of Defence Pistorius")
            title = " ".join(words[1:] if bare(words[0]) in ("the", "a", "an", "former") else words)
            return NameParts(name="", titles=[title], possessive=possessive, acronym=acronym)
        if bare(lead.split()[0]) in ("the", "a", "an", "former"):
            lead = " ".join(lead.split()[1:]) or lead
        titles.append(lead)
        name_words = run
    else:
        name_words = words
    name = " ".join(w for w in name_words if w != "¦").strip(_TRAIL.replace(".", ""))
    titles = [" ".join(w for w in t.split() if w != "¦") for t in titles]
    titles += [p for p in post if p.lower() not in _GENERATIONS]
    return NameParts(name=name, titles=titles, honorific=honorific, possessive=possessive, acronym=acronym)


def _without_possessive(core: str) -> tuple[str, bool]:
    """The name without its possessive ending, and whether it had one: "Orvel's", a plural's "Coastway Trains'"."""
    if core.endswith(("’s", "'s")):
        return core[:-2], True
    if core.endswith(("s’", "s'")):
        return core[:-1], True
    return core, False


def _after_of(words: list[str], at: int) -> bool:
    """``words[at]`` follows "of" or "of the" ("Director General of Orbita …", "Mayor of London")."""
    return at > 0 and (bare(words[at - 1]) == "of" or at > 1 and bare(words[at - 1]) == "the"
                       and bare(words[at - 2]) == "of")


def _portfolio_before(words: list[str]) -> bool:
    """The words before a name's capitalised run end in a portfolio after "for": "Minister for", or
    "Minister for Agriculture and" (the run then starts with the portfolio's last word)."""
    i = len(words) - 1
    while i >= 0 and (bare(words[i]) in ("and", "&") or is_capitalised(words[i])):
        i -= 1
    return i >= 0 and bare(words[i]) == "for"


_NAME_GLUE = frozenset({"of", "and", "for", "the", "on", "in", "de", "du", "des", "la", "le", "del", "di", "da", "van",
                        "von", "der", "den", "y", "e", "&", "at", "to", "upon", "under"})
"""Lower-case words inside a body's name ("Bank of England", "Mine and Metal Workers", "Banco de Chile")."""


def _parse_body(text: str) -> NameParts:
    acronym = None
    m = re.search(r"\(([A-Z][A-Z0-9&.-]{1,9})\)", text)
    if m:
        acronym = m.group(1).replace(".", "")
    core = _PAREN.sub("", text).strip(" ,;:")
    head, comma, rest = core.partition(",")
    rest_words = rest.split()
    if comma and rest_words and not (is_capitalised(rest_words[0]) and is_capitalised(rest_words[-1])):
        core = head.strip()  # "The bank, Velland's third-largest", "Orvel, the carmaker": the apposition is no name
    core, possessive = _without_possessive(core)
    words = core.split()
    i = 0
    while i < len(words) - 1 and (bare(words[i]) in _DETERMINERS or not is_capitalised(words[i])):
        i += 1
    # "Budget airline SkyLane", "Rival grocer Pennick's": a capitalised first word, then a lower-case role
    # noun, then the name; the words up to the role noun are a title (function words such as "of" in
    # "Bank of England" or "and" in "Mine and Metal Workers" are no role noun)
    role = max((k for k in range(i + 1, len(words) - 1) if not is_capitalised(words[k])
                and bare(words[k]) not in _NAME_GLUE and is_capitalised(words[k + 1])), default=None)
    if role is not None and all(is_capitalised(w) for w in words[role + 1:]):
        i = role + 1
    titles = [" ".join(w for w in words[:i] if bare(w) not in _DETERMINERS).rstrip(" ,")]  # "Its rival, Birchfield"
    j = len(words)
    if words and not is_capitalised(words[-1]):  # "European Space Agency" keeps its Agency
        while j > i + 1 and bare(words[j - 1]) in OUTLET_NOUNS:  # "the Kommersant newspaper", "Al Ghad TV channel"
            j -= 1
    if j < len(words):
        titles.append(" ".join(words[j:]))
    name = " ".join(words[i:j]) if i < len(words) else core
    return NameParts(name=name, titles=[t for t in titles if t], possessive=possessive, acronym=acronym)


@functools.lru_cache(maxsize=65536)
def initials(name: str, hyphens: bool = False) -> str:
    """"Libyan National Army" → "LNA" (function words skipped); with ``hyphens``, each part of a
    hyphenated word counts ("Independent Anti-Doping Unit" → "IADU")."""
    words = name.replace("-", " ").split() if hyphens else name.split()
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in ("of", "the", "and", "for"))
