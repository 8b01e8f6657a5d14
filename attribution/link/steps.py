"""The entity layer as assembly steps: ``entities`` links every source mention to an entity,
``registry`` makes the report's ``sources`` (one entry per entity that acts as a source)."""
from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from attribution import lexicons as lex
from attribution.assemble.kinds import mention_kind
from attribution.assemble.sources import _AGE_DESC as AGE_DESCRIPTION, DOCUMENT_WORDS, head_word, is_description
from attribution.assemble.state import Assembly
from attribution.assemble.step import step
from attribution.link.descriptors import description_keys, introduction_keys
from attribution.link.entities import (_ROLE_OF, BODY_KINDS, DEMONYM, DESCRIPTION_HEADS, PARTITIVE, Entity, Mention,
                                      NameLinker, _kinds_agree, given_name, names_a_body, names_an_outlet,
                                      opens_a_sentence, parse_as, text_mentions)
from attribution.link.names import (DESCRIBED_THEN_NAMED, FIRST_NAMES, HONORIFICS, PERSON_NOUNS, ROLE_WORDS, NameParts,
                                   bare, first_name_gender, initials, is_capitalised, parse)
from attribution.link.rank import (Context, Ranker, candidates, cannot_mean_a_person, kind_fits, may_mean_a_country,
                                   names_a_country, names_several, pronoun_gender, same_name)
from attribution.schema import Source, SourceSpan, Span

FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
_BYLINE = re.compile(r"^[ \t]*By[ \t]+(?P<name>[A-Z][\w’'-]+(?:[ \t]+[A-Z][\w’'.-]+){1,3})", re.M)
BYLINE_CHARS = 600


_RANKER_IN_USE: list[Ranker] = []


@functools.cache
def _shipped_ranker() -> Ranker:
    return Ranker.load()


def _ranker() -> Ranker:
    return _RANKER_IN_USE[-1] if _RANKER_IN_USE else _shipped_ranker()


@contextlib.contextmanager
def ranker_in_use(ranker: Ranker) -> Iterator[None]:
    """Run the assembly with other weights than the shipped ones: cross-validation scores each
    held-out fold with a ranker fitted on the other folds, through the whole pipeline."""
    _RANKER_IN_USE.append(ranker)
    try:
        yield
    finally:
        _RANKER_IN_USE.pop()


def introduced_as_body(document: str, m: Mention) -> str | None:
    """The kind of body a name in passing is introduced as, by the common noun right before it ("grocer
    QuickCart", "streaming start-up Reelhouse", "its owner, Granitex Aggregates") or heading the
    apposition right after it ("Lumora, an Estonian start-up"), if it is not plainly a person's name
    (a known first name, an honorific)."""
    if m.parts.honorific or (m.parts.tokens and m.parts.tokens[0] in FIRST_NAMES and len(m.parts.tokens) >= 2):
        return None
    before = re.findall(r"[\w’'-]+|,", document[max(0, m.span.start - 40):m.span.start])[-3:]
    words = [w for w in before if w != ","]
    heads = []
    if words and not words[-1][:1].isupper():
        heads.append(bare(words[-1]).removesuffix("’s").removesuffix("'s"))
    # or by an apposition right after it: "Lumora, an Estonian start-up that ...", "Norair, the carrier,"
    apposition = _APPOSITION.match(document, m.span.end)
    if apposition:
        heads.append(bare(head_word(apposition.group("np"))))
    for head in heads:
        for kind in ("media", "government", "organization"):
            if head in INTRO_HEADS[kind]:
                return kind
    return None


_APPOSITION = re.compile(r",[ \t]+(?P<np>(?:an?|the|its|their)[ \t]+[^,.;:()“”\"\n]{1,80})")


# the nouns that introduce a body's name; "owner" and "maker" introduce people too, but a person's name in
# passing is caught by its first name first
INTRO_HEADS = {kind: DESCRIPTION_HEADS[kind] - {"body", "side", "state", "city", "county", "executive", "force"}
               for kind in ("media", "government", "organization")}


def age_given_before(document: str, m: Mention) -> bool:
    """Does the text give the age of "the 45-year-old" to someone before it ("a 45-year-old", "Dunmore, 45,")?"""
    age = re.match(r"^[Tt]he\s+(\d+)-year-old\b", m.text.strip())
    if age is None:
        return False
    before = document[:m.span.start]
    n = age.group(1)
    return bool(re.search(r"\b" + n + r"-year-old\b", before) or re.search(r",\s+" + n + r"\s*,", before))


def _titled(document: str, m: Mention) -> bool:
    """A role word right before a name in the text ("Commander of the LNA Khalifa Haftar", "analyst Priya Nair")."""
    before = document[max(0, m.span.start - 60):m.span.start].split()
    return bool(m.parts.titles or m.parts.honorific or any(bare(w) in ROLE_WORDS for w in before[-4:]))


_PLACE_ENDINGS = lex.words("sources", "place_name_endings")
"""The last words of a place's name ("Castle Street", "Victoria Falls", "North Africa"): the given-name table
holds "Castle", "Victoria" and "North" too."""
_COMPASS = lex.words("sources", "compass_words")
"""A place's first word ("North Yorkshire", "West Bengal")."""


def _first_named(m: Mention) -> bool:
    """A name in passing of a given name and a surname ("The shop belongs to Owen Tate, who …"): a person a
    later "he" may mean, with or without a title; not a place whose first word is also a given name."""
    tokens = m.parts.tokens
    return (len(tokens) in (2, 3) and first_name_gender(tokens[0]) is not None
            and all(is_capitalised(t) for t in tokens) and bare(tokens[-1]) not in _PLACE_ENDINGS
            and bare(tokens[0]) not in _COMPASS and not names_a_country(m.parts.name))


def role_right_before(document: str, m: Mention) -> bool:
    """The word right before a name is a role word ("head coach Ruud de Vries"); stricter than
    :func:`_titled`, whose window also takes the body in "sports director of Team Solara" for a person."""
    before = document[max(0, m.span.start - 40):m.span.start]
    if before[-1:] not in (" ", ""):
        return False
    words = before.split()
    return bool(words) and bare(words[-1]) in ROLE_WORDS and words[-1][:1].islower()


def _entity_kind_of(source: SourceSpan) -> str:
    """The kind a source mention gives its entity (:func:`_kind_from` its text and the report's kind)."""
    return _kind_from(source.text, source.kind)


def _kind_from(text: str, kind: str) -> str:
    """The kind a mention's words give its entity: the kind rules' ``kind``, except a name they took for a
    person that ends in an organisation word ("Ashdown City said"), and a person they took for the body
    in their title ("Planning committee chair Gillian Moss", "head of the Arctic Fleet Directorate Vadim
    Sokolov")."""
    if kind == "person" and names_a_body(text, speaks=True):
        return "media" if names_an_outlet(text) else "organization"
    if kind in ("organization", "government", "media") and (titled_person(text) or role_of_a_body(text)):
        return "person"
    return kind


def role_of_a_body(text: str) -> bool:
    """"The landlord of the Ferry Inn", "the head of the directorate": a person's role in a body, which
    names the person, not the body the kind rules saw in it."""
    role = _ROLE_OF.match(text.strip())
    return bool(role) and role.group("role") in DESCRIPTION_HEADS["person"] and not any(
        role.group("role") in DESCRIPTION_HEADS[kind] for kind in ("organization", "government", "media"))


def titled_person(text: str) -> bool:
    """A role, then a person's name of two or three words: "committee chair Gillian Moss"."""
    parts = parse(text, person=True)
    if not parts.titles or not 2 <= len(parts.tokens) <= 3 or names_a_body(parts.name):
        return False
    # every title: "Prosecutor Helen Marsh KC" has "Prosecutor" before the name and "KC" after it
    return any(bare(title[-1]) in ROLE_WORDS or title[-1].islower() and bare(title[-1]) in PERSON_NOUNS
               or any(bare(w) in ROLE_WORDS for w in title[:2]) and "of" in title
               for title in (t.split() for t in parts.titles) if title)


def _aged(document: str, m: Mention) -> bool:
    """An age right after a name in passing ("Irene Haskell, 71, left with her dogs"): only people are
    given one."""
    return bool(re.match(r",\s+\d{1,3}\s*,", document[m.span.end:m.span.end + 8]))


def _recurs(document: str, m: Mention) -> bool:
    """The name in passing comes back elsewhere, in full or as the surname alone ("Colombia's Andrés Rojas"
    … "Rojas keeps yellow jersey"): a person the article is about, not a place or an event."""
    if m.parts.tokens[0] in FIRST_NAMES and len(
            re.findall(r"(?<![\w’'-])" + re.escape(m.parts.name) + r"(?![\w-])", document)) > 1:
        return True  # a person's full name again ("Colin Reid, the former chief executive" … "Colin Reid said")
    surname = m.parts.tokens[-1]
    for hit in re.finditer(r"(?<![\w’'-])" + re.escape(surname) + r"(?![\w-])", document):
        if m.span.start <= hit.start() < m.span.end:
            continue
        before = document[max(0, hit.start() - 30):hit.start()].split()
        after = document[hit.end():hit.end() + 30].split()
        if (not before or not is_capitalised(before[-1]) or before[-1].endswith((".", ",", ":"))) and (
                not after or not is_capitalised(after[0]) or hit.end() < len(document)
                and document[hit.end()] in "’'"):
            return True
    return False


# what may follow a description's comma inside a source span: a relative clause or an apposition
_CLAUSE_AFTER = re.compile(r"\s*(?:who|which|whose|where|a|an|the|its|his|her|their|now|then|once|still|already"
                           r"|(?:led|written|published|commissioned|carried|run|funded|signed|issued|seen)\s+by)\b")


def description_core(source: Span) -> Span:
    """The description a source span carried on past its comma ("The Dutchman, who joined in the summer",
    "The minister, a former naval officer,", "The 29-year-old, who averaged 27 points"): the part that
    names whom it means, for linking only (the source keeps its span).  Other spans are returned whole."""
    head, comma, rest = source.text.partition(",")
    head = head.rstrip()
    if not comma or not rest.strip() or not _CLAUSE_AFTER.match(rest):
        return source
    if not (is_description(head) or DEMONYM.match(head) or AGE_DESCRIPTION.match(head)):
        return source
    return Span(source.start, source.start + len(head), head)


# what may follow a name's comma or dash inside a source span: an apposition, a relative clause, an age or
# a participle ("Liang Wei, secretary-general of the expo,", "Imogen Fenwick, Castlegate's chief executive,",
# "Dunmore, 45,", "Paulo Serrano — who brokered his move —", "Two council officials, speaking on")
_APPENDED = re.compile(r"\s*(?:\d|[a-z]|[A-Z][\w’'-]*['’]s\b)")
# what joins another name instead: "Smith, Jones and Brown", "the union, and its leader"
_JOINED = re.compile(r"\s*(?:and|or|nor|but|as well as|said|says|told)\b")
# "... and their lawyer", "... and two unions": another speaker joined to a list (not "Parks and Recreation",
# "sales and marketing")
_ANOTHER_SPEAKER = re.compile(r"\b(?:and|or)\s+(?:his|her|their|its|the|a|an|two|three|four|several|other)\s+[a-z]")
_NAME_BREAK = re.compile(r",(?=\s)|\s[—–]\s?|\s-\s")
# what a tagger's span may carry past a name: an intensifying reflexive, a place or time phrase ("at a meeting
# of", "at the same time", "during a visit to")
_TRAILING = re.compile(r"\s+(?:(himself|herself|itself|themselves)\b|(?:at|during)\s+(?:a|an|the)\s)")
"""The reflexive (group 1) ends any name; a place or time phrase only one of two capitalised words or more
whose last is no role ("Engineers at the launch site" is a group, "Chief Economist at the Resolution
Foundation" a role that the body tells apart)."""
_SECOND_APPOSITION = re.compile(r"^(.*?,\s+[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})\s*,\s+(?:the|a|an)\s")


def mention_core(source: Span) -> Span:
    """The words of a source span that name whom it means, for linking (the source keeps its span): a
    description cut as :func:`description_core` cuts it, a name or a group cut before an apposition, a
    relative clause, an age or a participle after a comma or a dash.  What is cut may name others
    ("an ecologist at Westmoor University"), who then count as names in passing; the kind of the
    mention is its core's, not the whole span's ("Liang Wei, secretary-general of the expo" is a person).
    A role before a name ("the association's president, Ciara Walsh") is not cut: the name comes last."""
    core = description_core(source)
    if core is not source:
        return core
    text = source.text
    tail = _TRAILING.search(text)
    before = text[:tail.start()].split() if tail is not None else []
    if tail is not None and before and is_capitalised(before[-1]) and (
            tail.group(1) is not None
            or bare(before[-1]) not in ROLE_WORDS and sum(1 for w in before if is_capitalised(w)) >= 2):
        # "McGrath himself", "Minister Aidar Serikbayev at a meeting of the Government": the tagger's span ran on
        return mention_core(Span(source.start, source.start + tail.start(), text[:tail.start()]))
    if DESCRIBED_THEN_NAMED.match(text.strip(" ,")):
        return source
    second = _SECOND_APPOSITION.match(text)
    if second and DESCRIBED_THEN_NAMED.match(second.group(1)):
        # "His deputy, Claire Ellery, the Minister for Defence Procurement,": the role, the name, then another role
        return Span(source.start, source.start + len(second.group(1)), second.group(1))
    brk = _NAME_BREAK.search(text)
    if brk is None:
        return source
    head, rest = text[:brk.start()].rstrip(), text[brk.end():]
    if (len(head.split()) < 2 and not is_capitalised(head)) or is_description(head) or not rest.strip():
        return source
    if not _APPENDED.match(rest) or _JOINED.match(rest):
        return source
    if _ANOTHER_SPEAKER.search(rest) and not re.match(r"\s*(?:who|which|whose)\b", rest):
        return source  # "Jo Bell, her husband and their lawyer": a list of sources, not an apposition
    return Span(source.start, source.start + len(head), head)


_BRACKETED_ACRONYM = re.compile(r"[ \t]*\(([A-Z][A-Z0-9&.-]{1,9})\)")


def acronym_after(document: str, core: Span, kind: str, parts: NameParts) -> NameParts:
    """A body's name with the acronym the text puts in brackets right after the source's span ("Peru's
    National Emergency Operations Centre (COEN) said"): the acronym is the entity's, whatever language
    it was formed in, so a later "COEN" joins it."""
    if parts.acronym or kind not in BODY_KINDS:
        return parts
    bracket = _BRACKETED_ACRONYM.match(document, core.end)
    if bracket is None:
        return parts
    acronym = bracket.group(1).replace(".", "")
    if names_a_country(acronym) or len(acronym) <= 3 and acronym not in (initials(parts.name),
                                                                         initials(parts.name, hyphens=True)):
        return parts  # "British Steel (UK)": a country, or a short code that is no initials of the name
    return replace(parts, acronym=acronym)


def _kind_of_core(source: SourceSpan, core: Span, document: str) -> str:
    """The entity kind a source mention gives: from its core when the span carries more than the core
    (an apposition's "of the expo" made "Liang Wei, secretary-general of the expo," an organisation), or
    the name after a role ("Its rival, Birchfield Developments"); else :func:`_entity_kind_of`."""
    named = DESCRIBED_THEN_NAMED.match(source.text.strip(" ,"))
    if core.end == source.end and named is None or source.kind in ("pronoun", "document"):
        return _entity_kind_of(source)
    words = named.group("name") if named else core.text
    start = source.start + source.text.find(words)
    kind, _ = mention_kind(words, document, start)
    if kind in ("pronoun", "other") or kind == "anonymous" and not source.anonymous:
        return _entity_kind_of(source)
    return _kind_from(words, kind)


def link_mentions(state: Assembly, ranker: Ranker | None = None) -> tuple[list[Entity], dict[int, Entity]]:
    """Entities of the article and, for every source mention (by ``id``), its entity."""
    doc = state.text
    owners = [d for d in state.drafts if d.source is not None]
    source_mentions = [Mention(core, kind, d.source.anonymous,
                               acronym_after(doc, core, kind, parse_as(core.text, kind)),
                               source=d.source, hint=d.source.resolves_to)
                       for d in owners for core in [mention_core(d.source)]
                       for kind in [_kind_of_core(d.source, core, doc)]]
    others = [o for o in text_mentions(doc, [_own_words(m) for m in source_mentions])
              if o.kind in BODY_KINDS or not any(_within(o.span, m.span) for m in source_mentions)]
    mentions = sorted(source_mentions + others, key=lambda m: m.span.start)
    linker = NameLinker()
    deferred: list[Mention] = []
    for m in mentions:
        if m.form in ("pronoun", "description") or m.source is not None and headline_noun(doc, m) is not None:
            if m.source is not None:
                deferred.append(m)  # a headline's "…, team says" waits for the story's names too
            continue
        if m.source is None:  # a name in passing: joins an entity, or starts one if it plainly names a person
            body = introduced_as_body(doc, m)
            if body is not None:  # "online grocer QuickCart", "the quarry's owner, Granitex Aggregates"
                m = Mention(m.span, body, False, parse_as(m.text, body))
            e = linker.match(m)
            if e is not None:
                e.add(m)
            elif body is not None:
                e = linker.new(m)
            elif (m.kind == "person" and len(m.parts.tokens) >= 2 and (_titled(doc, m) or _recurs(doc, m)
                                                                    or _aged(doc, m) or _first_named(m))
                  or m.parts.acronym
                  or m.kind in ("organization", "government", "media") and len(m.parts.tokens) >= 2):
                e = linker.new(m)
        else:
            e = linker.link(m)
        if e is not None and m.kind == "person" and e.kind == "person" and role_right_before(doc, m):
            e.role_in_text = True
    _complete_names(doc, linker, others)
    for e in linker.entities:
        e.name = fuller_body_name(doc, e)
    byline = _byline(doc, linker)
    of_source = {id(m.source): e for e in linker.entities for m in e.mentions if m.source is not None}
    ctx = Context(doc, state.sentence_of, [], [])
    for d in owners:
        e = of_source.get(id(d.source))
        if e is not None and d.cue is not None:
            ctx.speakers.append((d.cue.start, e))
            if d.via is not None:  # "The Verge, citing two employees": whose words an outlet passed on
                ctx.relayed.append((d.cue.start, e))
    ctx.speakers.sort(key=lambda t: t[0])
    quotes = quotations(doc)
    for qs, qe in quotes:
        speaker = _speaker_of_quote(qs, qe, owners, of_source)
        ctx.quotes.append((qs, qe, speaker))
    ranker = ranker or _ranker()
    first_person = [m for m in deferred if m.text.strip().lower() in FIRST_PERSON]
    for m in [m for m in deferred if m not in first_person]:
        # a headline's description ("…, team says") means an entity the story names below: joined now when a
        # word of it is in a name the story gives ("Team Nordic"), so that a later "The team" finds the two as
        # one; by its kind alone only at the end (:func:`_join_headline_nouns`), when nothing took it since
        described = headline_noun(doc, m)
        early = None if described is None else _headline_choice(
            doc, described, m, [x for x in linker.entities if any(y.form == "name" for y in x.mentions)], by_kind=False)
        offered: list[Entity] | None = None  # what the ranker was offered, when it was asked
        if early is not None:
            e = early
        elif m.form not in ("pronoun", "description"):  # a headline's group noun ("sources") no story name took
            e = linker.match(m)
        elif m.hint and age_given_before(doc, m):  # "the 19-year-old American Maya Brooks" … "The 19-year-old"
            e = None  # the text gave that age to someone: the rules found whom
        else:
            # other age descriptions are ranked: the rules' fallback, the last person named, was wrong for
            # 5 of the 9 on entity train; the ranker weighs it as a hint beside the headline's subject
            offered = candidates(m, linker.entities)
            groups = [x for x in offered if names_several(x)] if PARTITIVE.match(m.text.strip()) else []
            # "one of them", "Another" after a group the text named: a member of it, not someone new
            e = groups[0] if groups else ranker.choose(m, offered, ctx)[0]
        if e is None and m.hint:  # no entity fits, but the rules found the antecedent in the text
            known = len(linker.entities)  # _named appends an entity it makes for the hint
            e = _named(linker, m.hint, m, doc)
            if e is not None and len(linker.entities) == known and offered is not None and not kind_fits(m, e):
                e = None  # the hint is of a kind the mention cannot mean ("the club" is no newspaper)
            if e is not None and cannot_mean_a_person(m) and e.shown_to_be_a_person:
                # the rules' hint breaks the constraint the candidates keep ("the club" → its coach)
                if not e.mentions:  # made for the hint just now: it goes again
                    linker.entities.remove(e)
                e = None
        if e is None:
            e = linker.new(m, kind=m.kind if m.kind != "pronoun" else "other")
        elif e is early:  # the headline comes first; its words give the entity no title, key or gender
            e.mentions.insert(0, m)
        else:
            e.add(m)
            g = pronoun_gender(m.text.strip())
            if g and not e.gender:
                e.gender = g
            if e.kind == "person" and m.kind in BODY_KINDS and cannot_mean_a_person(m) and not e.shown_to_be_a_person:
                e.kind = m.kind  # "Velbank" … "the bank": a one-word name taken for a person is the body
        of_source[id(m.source)] = e
        _note_speaker(ctx, owners, m, e)
    _join_headline_nouns(doc, linker, of_source)
    for m in first_person:  # "I"/"we" inside a quotation: its speaker; outside: the writer
        quote = next(((qs, qe) for qs, qe in quotes if qs <= m.span.start < qe), None)
        e = (_speaker_of_quote(*quote, owners, of_source, exclude=m.source) if quote else None) or byline
        if e is None:
            e = linker.new(m, kind="person")
        else:
            if e not in linker.entities:
                linker.entities.append(e)
            e.add(m)
        of_source[id(m.source)] = e
    return linker.entities, of_source


HEADLINE_DESCRIPTION_WORDS = 4
"""A headline's source is a bare noun ("…, study finds", "— ministry", "paper says") or a short description
of its words ("— fire service", "Former Calder Homes boss tells jury ...")."""
HEADLINE_NOUNS = frozenset().union(*DESCRIPTION_HEADS.values())
"""The nouns that head a headline's description of its source."""


@dataclass(frozen=True)
class HeadlineDescription:
    """A headline's description of its source: its head noun, the other words that may name whom it
    means (none for "Former boss": "former" and "new" name no one), and how many words it has."""

    noun: str
    modifiers: tuple[str, ...]
    """The words before the noun as the headline spells them (their case says how they compare)."""
    words: int


def headline_noun(doc: str, m: Mention) -> HeadlineDescription | None:
    """The description a headline gives its source (its first line, a short one above the story: "—
    ministry", "…, paper says", "Former Calder Homes boss tells jury ..."), or None for any other
    mention (a one-line text has no headline)."""
    headline_end = doc.find("\n")  # asked of every mention: no copy of the text
    words = m.text.strip().split()
    if (headline_end < 0 or m.source is None or m.span.end > headline_end
            or not 1 <= len(words) <= HEADLINE_DESCRIPTION_WORDS or len(doc[:headline_end].split()) > 20):
        return None
    title = m.parts.titles[0] if m.kind == "person" and not m.parts.name and m.parts.titles else ""
    role, of, place = title.partition(" of ")
    if of and role.split() and bare(role.split()[-1]) in ROLE_WORDS:
        # a bare title, "Bishop of Saltmere: '…'": its role is the noun, the place's words what it says of him
        return HeadlineDescription(bare(role.split()[-1]), tuple(w for w in place.split() if len(bare(w)) >= 3
                                                                 and bare(w) != "the"), len(words))
    if not words[-1][:1].islower():
        return None
    head = bare(words[-1])
    if len(words) > 1 and (head not in HEADLINE_NOUNS or m.form == "name"):
        return None
    modifiers = tuple(w for w in words[:-1] if len(bare(w)) >= 3 and bare(w) not in ("the", "former", "new"))
    return HeadlineDescription(head, modifiers, len(words))


_BODY_HEADS = (DESCRIPTION_HEADS["organization"] | DESCRIPTION_HEADS["government"] | DESCRIPTION_HEADS["media"]) - (
    DESCRIPTION_HEADS["person"] | ROLE_WORDS)
"""Nouns that name a body and never a person ("club", "ministry"; not "owner" or "trainer")."""
_DOCUMENT_NOUNS = DESCRIPTION_HEADS["document"] | DOCUMENT_WORDS
"""Nouns that may name a document ("report", "emails", "notice")."""


def headline_target(doc: str, m: Mention, entities: list[Entity], by_kind: bool = True) -> Entity | None:
    """The entity of the story a headline's description of its source names (:func:`_headline_match`),
    among ``entities`` first mentioned after it, or None.  A bare noun may join by its kind alone (the
    first entity of that kind) when ``by_kind``; a description of several words only by its words, and
    not when its words fit two entities equally ("Hospital boss" and a consultant at the hospital beside
    the hospital's chief executive)."""
    described = headline_noun(doc, m)
    if described is None:
        return None
    return _headline_choice(doc, described, m, entities, by_kind)


def _headline_choice(doc: str, described: HeadlineDescription, m: Mention, entities: list[Entity],
                     by_kind: bool) -> Entity | None:
    """:func:`headline_target` for a mention whose description is already known."""
    floor = 1 if described.words > 1 or not by_kind else 0
    later = [o for o in entities if o.mentions and o.mentions[0].span.start > m.span.end]
    scored = sorted(((_headline_match(doc, described, o), -o.mentions[0].span.start, o) for o in later),
                    key=lambda t: t[:2], reverse=True)
    scored = [t for t in scored if t[0][0] > floor]
    if not scored:
        return None
    if described.words > 1 and len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None  # its words name two entities as well as each other
    return scored[0][2]


def _headline_match(doc: str, described: HeadlineDescription, e: Entity) -> tuple[int, bool]:
    """How well a headline's description names ``e``: 3 when a word before its noun is in what the text
    said of the entity where it named it ("Former Calder Homes boss" and "Graham Lowe, the former chief
    executive of collapsed housebuilder Calder Homes") and its noun fits the entity's kind or names; 2
    when its noun is in its name or a title ("ministry" and "Russian Ministry of Agriculture", "spokesman"
    and a spokesman), 1 when only its kind admits the noun ("paper" and an outlet), 0 when nothing does;
    then whether the noun is in its name or a title (what breaks a tie between two at 3)."""
    noun = described.noun
    if e.kind == "person" and e.person_evidence and noun in _BODY_HEADS:
        return 0, False  # "club" is no person, whatever the club captain's title says
    if e.kind == "document" and not {noun, noun.rstrip("s")} & _DOCUMENT_NOUNS:
        return 0, False  # "ombudsman" wrote "a report by the Health Services Ombudsman"; it is not the report
    name_words = [bare(w) for w in e.name.split()]
    words = set(name_words) | {bare(w) for t in e.titles for w in t.split()}
    words |= {a + b for a, b in zip(name_words, name_words[1:])}  # "coastguard": "Philippine Coast Guard"
    named = noun in words or noun.rstrip("s") in words
    kind_ok = noun in DESCRIPTION_HEADS.get(e.kind, ())
    if described.modifiers and (kind_ok or named):
        said = frozenset().union(*(introduction_keys(doc, x.span.start, x.span.end) for x in e.mentions))
        spelled = " ".join(described.modifiers)  # a headline capitalises common words too ("Hospital boss")
        if (description_keys(spelled) | description_keys(spelled.lower())) & said:
            return 3, named
    if named:
        return 2, True
    return (1 if kind_ok else 0), False


def _join_headline_nouns(doc: str, linker: NameLinker, of_source: dict[int, Entity]) -> None:
    """A headline's bare noun ("Wheat exports to double — ministry", "…, study finds") names what the
    story below names in full: it joins the first entity of the body that the noun names (by a word
    of its name or titles, else by its kind), instead of standing as an entity of its own.  The body
    comes after it, so the ranker, which looks back, never offers that entity."""
    for e in list(linker.entities):
        if len(e.mentions) != 1:
            continue
        m = e.mentions[0]
        best = headline_target(doc, m, [o for o in linker.entities if o is not e])
        if best is None:
            continue
        linker.entities.remove(e)
        best.mentions.insert(0, m)
        of_source[id(m.source)] = best


def _own_words(m: Mention) -> Span:
    """The part of a source mention that names its own bearer: the name after a title ("Chinese Foreign
    Ministry spokesperson Wang Lei" → "Wang Lei"), nothing of a description, a group or a document ("a
    report by the Government Accountability Office (GAO)"), else all of it.  Bodies named in the rest
    are entities too: a later "the ministry" or "the GAO" means them."""
    if m.form in ("description", "group", "pronoun") or m.kind == "document":
        return Span(m.span.start, m.span.start, "")
    if m.form == "name" and m.parts.titles and m.parts.name:
        at = m.text.rfind(m.parts.name)
        if at > 0:
            return Span(m.span.start + at, m.span.start + at + len(m.parts.name), m.parts.name)
    return m.span


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _named(linker: NameLinker, hint: str, m: Mention, doc: str) -> Entity | None:
    """The entity the rule-based resolution names: one already known by that name, else a new one
    named so (an organisation introduced in passing, "Satellite internet provider Orbitnet"); None
    when the hint is no name at all (a capitalised first word: "Six miners were killed", "Owners have
    complained") or a country for a description of something else ("The insurer" is not "Britain")."""
    if m.form == "description" and not may_mean_a_country(m) and names_a_country(hint):
        return None
    for e in linker.entities:
        if same_name(hint, e.name) or any(same_name(hint, x.text) for x in e.mentions):
            return e
    if capitalised_only_as_first_word(doc, hint):
        return None
    kind = m.kind if m.kind not in ("pronoun", "other") else "person" if pronoun_gender(m.text.strip()) else "other"
    e = Entity(kind=kind, name=hint, anonymous=m.anonymous)
    linker.entities.append(e)
    return e


_AFTER_HONORIFIC = re.compile(r"\b(?:" + "|".join(sorted(HONORIFICS)) + r")\.\s+$", re.IGNORECASE)


def capitalised_only_as_first_word(doc: str, hint: str) -> bool:
    """A one-word hint capitalised nowhere but where any word is (a line's, a sentence's or a quotation's
    first word, after a dash): nothing shows it is a name."""
    word = hint.strip()
    if " " in word or not word:
        return False
    places = [m.start() for m in re.finditer(r"(?<![\w’'-])" + re.escape(word) + r"(?![\w-])", doc)]
    return bool(places) and all(opens_a_sentence(doc, i) and not _AFTER_HONORIFIC.search(doc[max(0, i - 12):i])
                                for i in places)


def _note_speaker(ctx: Context, owners, m: Mention, e: Entity) -> None:
    for d in owners:
        if d.source is m.source and d.cue is not None:
            ctx.speakers.append((d.cue.start, e))
            ctx.speakers.sort(key=lambda t: t[0])
            if d.via is not None:
                ctx.relayed.append((d.cue.start, e))


def quotations(doc: str) -> list[tuple[int, int]]:
    """The quoted stretches of the text, paragraph by paragraph (an unclosed quote ends with its paragraph)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for para in re.split(r"(\n\s*\n)", doc):
        start = None
        for i, ch in enumerate(para):
            if ch == "“" or (ch == '"' and start is None):
                start = pos + i + 1
            elif (ch == "”" or ch == '"') and start is not None:
                out.append((start, pos + i))
                start = None
        if start is not None:
            out.append((start, pos + len(para)))
        pos += len(para)
    return out


def _speaker_of_quote(qs: int, qe: int, owners, of_source: dict[int, Entity], exclude=None) -> Entity | None:
    """Whose words a quotation is: the source of the attribution whose content lies in it and whose
    cue lies outside it (the cue nearest to the quotation when several do)."""
    best = None
    for d in owners:
        if d.source is exclude or d.cue is None or qs <= d.cue.start < qe:
            continue
        if not any(c.start < qe and qs < c.end for c in d.content):
            continue
        e = of_source.get(id(d.source))
        gap = min(abs(d.cue.start - qe), abs(qs - d.cue.end))
        if e is not None and (best is None or gap < best[0]):
            best = (gap, e)
    return best[1] if best else None


_OF_CONTINUATION = r"((?:[ \t]+of(?:[ \t]+the)?[ \t]+[A-Z][\w’'-]+(?:[ \t]+(?:and[ \t]+)?[A-Z][\w’'-]+)*)+)"


def fuller_body_name(doc: str, e: Entity) -> str:
    """A body's name as the text gives it in full elsewhere, by what follows it there ("Ministry of
    Agriculture" … "the Ministry of Agriculture of the Republic of Kazakhstan"): the canonical name is
    the fullest the article gives, even inside another body's mention ("the press service of …")."""
    if e.kind not in ("government", "organization", "media") or len(e.tokens) < 2:
        return e.name
    longest = ""
    for m in re.finditer(re.escape(e.name) + _OF_CONTINUATION, doc):
        words = m.group(1).split()
        if "and" in words or any(first_name_gender(a) is not None and b[:1].isupper() for a, b in zip(words, words[1:])):
            continue  # "the Labour Party of Tony Blair and Gordon Brown", "the Foreign Office of Britain and France"
        if len(m.group(1)) > len(longest):
            longest = m.group(1)
    return e.name + re.sub(r"\s+", " ", longest) if longest else e.name


def _complete_names(doc: str, linker: NameLinker, others: list[Mention]) -> None:
    """Names given in full elsewhere: a person first named by surname alone ("Haftar" in a headline)
    takes "Khalifa Haftar"; a body named by one word ("Nordvik") its full name ("Nordvik Foods");
    an acronym ("NCI") the words it abbreviates ("Nordic Climate Institute")."""
    used = {id(x) for f in linker.entities for x in f.mentions}
    for e in list(linker.entities):
        if len(e.tokens) != 1 or not e.name[:1].isupper():
            continue
        token = e.tokens[0]
        if token.isupper() and len(token) >= 2:
            full = _expansion(doc, token)
            if full is not None:
                e.name = full
            continue
        for m in others:
            if id(m) in used or len(m.parts.tokens) < 2:
                continue
            toks = m.parts.tokens
            if e.kind == "person" and m.kind == "person" and toks[-1] == token:
                e.add(m)
                used.add(id(m))
                break
            if toks[0] == token and (m.kind in ("organization", "government", "media") or e.kind != "person"
                                     or not e.person_evidence):
                if not (m.kind == "person" and given_name(token)):  # "Andes" … "Andes Copper"; but "Pat" … "their neighbour Pat Kemble" is a person
                    e.kind = m.kind if m.kind in ("organization", "government", "media") else "organization"
                e.add(m)
                e.name = m.parts.name
                used.add(id(m))
                break


    _merge_same_names(linker)


def _merge_same_names(linker: NameLinker) -> None:
    """Two entities that came to bear the same name ("The CDC" expanded, "the Centers for Disease
    Control and Prevention" named) are one."""
    kept: dict[str, Entity] = {}
    for e in list(linker.entities):
        key = e.name.lower().removeprefix("the ")
        other = kept.get(key)
        if other is None or not _kinds_agree(e.kind, other.kind):
            kept.setdefault(key, e)
            continue
        for m in e.mentions:
            other.add(m)
        other.mentions.sort(key=lambda x: x.span.start)
        linker.entities.remove(e)


_CAP_RUN = re.compile(r"(?:[A-Z][\w’'-]+[ \t\u00a0]+)"
                      r"(?:(?:of|for|and|the|on|de|du)[ \t\u00a0]+|[A-Z][\w’'-]+[ \t\u00a0]+){0,6}[A-Z][\w’'-]+")


def _expansion(doc: str, acronym: str) -> str | None:
    """The capitalised words in the text whose initials spell ``acronym`` (one more word allowed:
    "Centers for Disease Control and Prevention" for "CDC")."""
    for m in _CAP_RUN.finditer(doc):
        words = m.group().split()
        for i in range(len(words)):
            if words[i] in ("The", "A", "An") or not words[i][:1].isupper():
                continue
            full = " ".join(words[i:])
            ini = initials(full)
            if ini == acronym or (ini.startswith(acronym) and len(ini) - len(acronym) <= 1 and len(acronym) >= 3):
                return full
    return None


def _byline(doc: str, linker: NameLinker) -> Entity | None:
    m = _BYLINE.search(doc, 0, BYLINE_CHARS)
    if not m:
        return None
    name = m.group("name")
    for e in linker.entities:
        if e.kind == "person" and e.name == name:
            return e
    span = Span(m.start("name"), m.end("name"), name)
    return Entity(kind="person", name=name, mentions=[Mention(span, "person", False, parse(name))])


@step("entities")
def entities(state: Assembly) -> None:
    """Every source mention linked to its entity: names by rules, pronouns and descriptions by the ranker."""
    ents, of_source = link_mentions(state)
    state.entities = ents
    for d in state.drafts:
        if d.source is None:
            continue
        e = of_source.get(id(d.source))
        if e is None:
            continue
        s = replace(d.source)
        s.resolves_to = e.name if s.text != e.name else None
        if s.kind == "pronoun" or is_description(s.text):  # an unnamed reference is as anonymous as its referent
            s.anonymous = e.anonymous
        d.source = s
        d.entity = e


@step("registry", required=True)
def registry(state: Assembly) -> None:
    """One ``sources`` entry per entity that is some attribution's source, numbered in text order."""
    order: list[Entity] = []
    for a, d in zip(state.attributions, state.drafts):
        e = d.entity
        if a.source is None:
            continue
        if e is None:  # entity layer disabled: each distinct mention text is its own entry
            e = next((x for x in order if x.name == (a.source.resolves_to or a.source.text)), None) or Entity(
                kind=a.source.kind if a.source.kind != "pronoun" else "other", name=a.source.resolves_to or a.source.text,
                anonymous=a.source.anonymous)
        if e not in order:
            order.append(e)
    ids = {id(e): f"s{i + 1}" for i, e in enumerate(order)}
    sources: list[Source] = []
    for e in order:
        mentions = sorted({(m.span.start, m.span.end): m.span for m in e.mentions}.values(), key=lambda s: s.start)
        sources.append(Source(id=ids[id(e)], name=e.name, kind=_entity_kind(e), mentions=[Span(s.start, s.end, s.text)
                                                                                         for s in mentions],
                              anonymous=e.anonymous, titles=list(e.titles)))
    for a, d in zip(state.attributions, state.drafts):
        if a.source is None:
            continue
        e = d.entity
        if e is None:
            e = next(x for x in order if x.name == (a.source.resolves_to or a.source.text))
            sid = ids[id(e)]
            src = next(s for s in sources if s.id == sid)
            if not any(m.start == a.source.start for m in src.mentions):
                src.mentions.append(Span(a.source.start, a.source.end, a.source.text))
                src.mentions.sort(key=lambda s: s.start)
        a.source.entity = ids[id(e)]
        a.source_id = ids[id(e)]
    state.sources = sources


def _entity_kind(e: Entity) -> str:
    return e.kind if e.kind != "pronoun" else "other"
